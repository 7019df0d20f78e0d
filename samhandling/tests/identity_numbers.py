"""Identity numbers and ordinary numbers as people write them, generated from the published rules.

Nothing here calls the project's guard: the numbers are built from the rules the issuers publish,
so a test that feeds them to the guard checks the guard against the rules, not against itself.

- Fødselsnummer (Skatteetaten): ddmmyy, a three-digit individual number, two check digits.
  The individual number tells the century: 000-499 for 1900-1999, 500-749 for 1854-1899,
  500-999 for 2000-2039, 900-999 for 1940-1999. k1 = 11 - (3 7 6 1 8 9 4 5 2 · d1..d9 mod 11),
  k2 = 11 - (5 4 3 2 7 6 5 4 3 2 · d1..d10 mod 11); 11 gives 0, 10 means the individual number is
  not used.
- D-nummer: as a fødselsnummer with 4 added to the first digit.
- H-nummer: as a fødselsnummer with 4 added to the third digit.
- The 2032 rule: from 2032 the first check digit may be any of the four values that leave the
  weighted sum of the first ten digits at 0, 1, 2 or 3 mod 11 (here 1-3, the values the classic
  rule never gives).
- FH-nummer (felles hjelpenummer, Norsk helsenett): 11 digits, the first 8 or 9, the next eight
  a serial number (no date), two check digits computed as for a fødselsnummer.

Ordinary numbers follow their own published rules: organisation numbers (Brønnøysund: 9 digits,
weights 3 2 7 6 5 4 3 2, mod 11), bank account numbers (11 digits, weights 5 4 3 2 7 6 5 4 3 2,
mod 11, written 4.2.5), Norwegian phone numbers (8 digits, mobile starting 4 or 9).
"""

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
ORGANISATION_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_WEIGHTS = SECOND_WEIGHTS

FODSELSNUMMER = "fødselsnummer"
D_NUMMER = "D-nummer"
H_NUMMER = "H-nummer"
RULE_2032 = "2032-regelen"
FH_NUMMER = "FH-nummer"
KINDS = (FODSELSNUMMER, D_NUMMER, H_NUMMER, RULE_2032, FH_NUMMER)

# What the refusal message should name for each kind (a 2032 number is a fødselsnummer).
NAMED_AS = {FODSELSNUMMER: "fødselsnummer", D_NUMMER: "D-nummer", H_NUMMER: "H-nummer",
            RULE_2032: "fødselsnummer", FH_NUMMER: "FH-nummer"}  # fmt: skip

# Individual-number ranges by century of birth, as Skatteetaten publishes them.
INDIVIDUAL_RANGES = (
    (range(1854, 1900), range(500, 750)),
    (range(1900, 2000), range(0, 500)),
    (range(1940, 2000), range(900, 1000)),
    (range(2000, 2040), range(500, 1000)),
)


def _mod11_check(digits: str, weights: tuple[int, ...]) -> int | None:
    """The classic check digit, None where the rule gives 10 (the number is never issued)."""
    check = 11 - sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
    return None if check == 10 else check % 11


@dataclass(frozen=True)
class IdentityNumber:
    kind: str
    digits: str
    birth_date: datetime.date | None  # None for an FH-nummer


def _birth_date_and_individual(rng: random.Random) -> tuple[datetime.date, int]:
    years, individuals = rng.choice(INDIVIDUAL_RANGES)
    year = rng.choice([year for year in years if year <= 2025])  # nobody is born in the future
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365 + (year % 4 == 0)))
    return day, rng.choice(individuals)


def make_identity_number(kind: str, rng: random.Random) -> IdentityNumber:
    while True:
        if kind == FH_NUMMER:
            first_nine = str(rng.choice((8, 9))) + "".join(str(rng.randrange(10)) for _ in range(8))
            born = None
        else:
            born, individual = _birth_date_and_individual(rng)
            day, month = born.day, born.month
            if kind == D_NUMMER:
                day += 40
            elif kind == H_NUMMER:
                month += 40
            first_nine = f"{day:02}{month:02}{born.year % 100:02}{individual:03}"
        if kind == RULE_2032:
            remainder = rng.choice((1, 2, 3))
            k1: int | None = (remainder - sum(w * int(d) for w, d in zip(FIRST_WEIGHTS, first_nine, strict=True))) % 11
            if k1 == 10:
                k1 = None
        else:
            k1 = _mod11_check(first_nine, FIRST_WEIGHTS)
        if k1 is None:
            continue
        k2 = _mod11_check(first_nine + str(k1), SECOND_WEIGHTS)
        if k2 is None:
            continue
        return IdentityNumber(kind, f"{first_nine}{k1}{k2}", born)


def satisfies_identity_rules(digits: str) -> bool:
    """Whether 11 digits could be issued as one of KINDS, by the rules above (read, not generated)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    weighted_first = sum(w * int(d) for w, d in zip(FIRST_WEIGHTS + (1,), digits[:10], strict=True)) % 11
    if sum(w * int(d) for w, d in zip(SECOND_WEIGHTS + (1,), digits, strict=True)) % 11:
        return False
    if digits[0] in "89":
        return weighted_first == 0
    day, month, year = int(digits[0:2]) % 40 or 40, int(digits[2:4]) % 40 or 40, int(digits[4:6])
    if int(digits[0:2]) > 71 or int(digits[2:4]) > 52:
        return False
    try:
        # 2000 for a year that is a multiple of 4, so 29 February is possible when some century allows it.
        datetime.date(2000 + year, month, day)
    except ValueError:
        return False
    return weighted_first <= 3


# --- Written forms -------------------------------------------------------------------------

SPACES = {
    "mellomrom": " ",
    "hardt mellomrom (U+00A0)": "\u00a0",
    "tynt mellomrom (U+2009)": "\u2009",
    "smalt hardt mellomrom (U+202F)": "\u202f",
    "to mellomrom": "  ",
}
MARKS = {"punktum": ".", "bindestrek": "-", "tankestrek (U+2013)": "\u2013", "skråstrek": "/"}
ANY_SEPARATOR = (" ", "\u00a0", "\u2009", "\u202f", "  ", ".", "-", "\u2013", "/", ". ", " - ", "- ")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def split(digits: str, sizes: tuple[int, ...]) -> list[str]:
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start : start + size])
        start += size
    return groups


Form = Callable[[IdentityNumber, random.Random], str]


def _grouped(sizes: tuple[int, ...], separator: str) -> Form:
    return lambda number, rng: separator.join(split(number.digits, sizes))


def _mixed(number: IdentityNumber, rng: random.Random) -> str:
    groups = split(number.digits, rng.choice(((6, 5), (2, 2, 2, 5), (2, 2, 2, 3, 2), (3, 3, 3, 2))))
    return "".join(group + rng.choice(ANY_SEPARATOR) for group in groups[:-1]) + groups[-1]


def _date_with_two_digit_year(number: IdentityNumber, rng: random.Random) -> str:
    d = number.digits
    return f"{d[0:2]}.{d[2:4]}.{d[4:6]}{rng.choice((' ', '-', '/', '  ', chr(0xA0)))}{d[6:]}"


def _date_with_four_digit_year(number: IdentityNumber, rng: random.Random) -> str:
    assert number.birth_date is not None
    d = number.digits
    separator = rng.choice((" ", "-", "\u00a0", "/", " - "))
    return f"{d[0:2]}.{d[2:4]}.{number.birth_date.year}{separator}{d[6:]}"


def _full_width(number: IdentityNumber, rng: random.Random) -> str:
    return _mixed(number, rng).translate(FULL_WIDTH) if rng.random() < 0.5 else number.digits.translate(FULL_WIDTH)


def _glued(number: IdentityNumber, rng: random.Random) -> str:
    before = rng.choice(("fnr", "Fnr:", "pnr", "dnr", "ID", "nr", "x"))
    return before + number.digits + rng.choice(("x", "", "abc", "Z"))


FORMS: dict[str, Form] = {
    "11 sifre": lambda number, rng: number.digits,
    **{f"6+5, {name}": _grouped((6, 5), separator) for name, separator in {**SPACES, **MARKS}.items()},
    "2+2+2+5, mellomrom": _grouped((2, 2, 2, 5), " "),
    "2+2+2+5, hardt mellomrom": _grouped((2, 2, 2, 5), "\u00a0"),
    "2+2+2+3+2, mellomrom": _grouped((2, 2, 2, 3, 2), " "),
    "2+2+2+3+2, punktum": _grouped((2, 2, 2, 3, 2), "."),
    "3+3+3+2, mellomrom": _grouped((3, 3, 3, 2), " "),
    "3+3+3+2, punktum": _grouped((3, 3, 3, 2), "."),
    "dd.mm.åå + 5": _date_with_two_digit_year,
    "dd.mm.åååå + 5": _date_with_four_digit_year,
    "blandede skilletegn": _mixed,
    "fullbredde sifre (NFKC)": _full_width,
    "limt til bokstaver": _glued,
}
DATED_FORMS = {"dd.mm.åååå + 5"}  # only for numbers with a true date of birth in them

CONTEXTS = (
    "{}",
    "Pasient {} ble sendt hjem uten epikrise.",
    "Gjelder pasient med fnr. {}, se journal.",
    "({})",
    "Sendt til feil kommune: {}",
    "{} – mangler legemiddelliste",
)


def forms_for(kind: str) -> list[str]:
    return [name for name in FORMS if kind in (FODSELSNUMMER, RULE_2032) or name not in DATED_FORMS]


@dataclass(frozen=True)
class WrittenNumber:
    kind: str
    form: str
    digits: str
    text: str


def written_identity_numbers(per_kind: int, seed: int = 10) -> Iterator[WrittenNumber]:
    """per_kind numbers of each kind, the forms taken in turn so each appears about equally."""
    rng = random.Random(seed)
    for kind in KINDS:
        forms = forms_for(kind)
        for i in range(per_kind):
            number = make_identity_number(kind, rng)
            form = forms[i % len(forms)]
            text = rng.choice(CONTEXTS).format(FORMS[form](number, rng))
            yield WrittenNumber(kind, form, number.digits, text)


# --- Ordinary numbers, which must pass ---------------------------------------------------

MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")  # fmt: skip


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def phone_number(rng: random.Random) -> str:
    mobile = rng.random() < 0.5
    digits = rng.choice("49" if mobile else "23567") + _digits(rng, 7)
    style = rng.randrange(6)
    if style == 0:
        written = digits
    elif style == 1:
        written = " ".join(split(digits, (2, 2, 2, 2)))
    elif style == 2:
        written = " ".join(split(digits, (3, 2, 3)))
    elif style == 3:
        written = "+47 " + " ".join(split(digits, (3, 2, 3) if mobile else (2, 2, 2, 2)))
    elif style == 4:
        written = "+47" + digits
    else:
        written = "0047 " + " ".join(split(digits, (2, 2, 2, 2)))
    return written


def organisation_number(rng: random.Random) -> str:
    while True:
        first_eight = rng.choice("89") + _digits(rng, 7)
        check = _mod11_check(first_eight, ORGANISATION_WEIGHTS)
        if check is not None:
            digits = first_eight + str(check)
            return rng.choice((digits, " ".join(split(digits, (3, 3, 3)))))


def bank_account_digits(rng: random.Random) -> str:
    while True:
        first_ten = _digits(rng, 4) + _digits(rng, 2) + _digits(rng, 4)
        check = _mod11_check(first_ten, ACCOUNT_WEIGHTS)
        if check is not None:
            return first_ten + str(check)


def bank_account_as_printed(rng: random.Random) -> str:
    """As banks print and people copy it: 4.2.5, dots or spaces."""
    return rng.choice((".", " ", "\u00a0")).join(split(bank_account_digits(rng), (4, 2, 5)))


def date(rng: random.Random) -> str:
    day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(4400))
    style = rng.randrange(6)
    if style == 0:
        return f"{day:%d.%m.%Y}"
    if style == 1:
        return f"{day:%d.%m.%y}"
    if style == 2:
        return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    if style == 3:
        return day.isoformat()
    if style == 4:
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day:%d/%m/%Y}"


def time_of_day(rng: random.Random) -> str:
    hour, minute = rng.randrange(24), rng.choice((0, 5, 10, 15, 20, 30, 45, 50))
    return rng.choice((f"kl. {hour:02}.{minute:02}", f"{hour:02}:{minute:02}", f"kl {hour}"))


def case_number(rng: random.Random) -> str:
    year = rng.randrange(2015, 2027)
    return rng.choice(
        (f"{year}/{rng.randrange(1, 99999):05}", f"{year % 100}/{rng.randrange(1, 20000):05}-{rng.randrange(1, 30)}")
    )


def reference(rng: random.Random) -> str:
    return f"{rng.choice(('SA', 'AV', 'TA', 'SAK'))}-{rng.randrange(2015, 2027)}-{rng.randrange(1, 999999):06}"


def dose(rng: random.Random) -> str:
    return rng.choice((
        f"{rng.choice(('0,5', '1', '2,5', '5', '10', '20', '40', '250', '500', '1000'))} mg",
        f"{rng.randrange(1, 4)} x {rng.choice((250, 500, 750, 1000))} mg",
        f"{rng.choice(('0.5', '1', '2', '5', '10'))} ml",
        f"{rng.randrange(1, 100)} mg/ml",
        f"{rng.randrange(1, 5)} tabletter {rng.randrange(1, 4)} ganger daglig",
        f"{rng.randrange(1, 40)} IE",
    ))  # fmt: skip


def postcode(rng: random.Random) -> str:
    return f"{rng.randrange(1, 9999):04} {rng.choice(('Skien', 'Porsgrunn', 'Notodden', 'Oslo', 'Kragerø'))}"


def amount(rng: random.Random) -> str:
    value = rng.randrange(100, 99_999_999)
    return rng.choice((f"kr {value:,}".replace(",", " "), f"{value:,},00 kr".replace(",", "\u00a0", value >= 1000)))


def health_personnel_number(rng: random.Random) -> str:
    return f"HPR-nr. {rng.randrange(1_000_000, 999_999_999)}"


NUMBER_MAKERS: dict[str, Callable[[random.Random], str]] = {
    "telefonnummer": phone_number,
    "to telefonnumre": lambda rng: f"{phone_number(rng)} / {phone_number(rng)}",
    "organisasjonsnummer": lambda rng: rng.choice(("org.nr. ", "Org. nr ", "")) + organisation_number(rng),
    "kontonummer (4.2.5)": lambda rng: rng.choice(("kontonr. ", "konto ", "")) + bank_account_as_printed(rng),
    "dato": date,
    "dato og klokkeslett": lambda rng: f"{date(rng)} {time_of_day(rng)}",
    "periode": lambda rng: f"{date(rng)}–{date(rng)}",
    "klokkeslett": time_of_day,
    "saksnummer": case_number,
    "referanse": reference,
    "dose": dose,
    "postnummer": postcode,
    "beløp": amount,
    "HPR-nummer": health_personnel_number,
    "avtale og side": lambda rng: (
        f"Tjenesteavtale {rng.randrange(1, 14)}, punkt {rng.randrange(1, 12)}.{rng.randrange(1, 9)}, side {rng.randrange(1, 40)} av 40"
    ),
}

SENTENCES = (
    "{}",
    "Ring vakthavende på {} ved spørsmål.",
    "Meldt {} etter samtale med kommunen.",
    "Se {} for detaljer.",
    "Pasienten fikk {} før utskrivning.",
    "Viser til {} og tidligere avvik.",
)


@dataclass(frozen=True)
class OrdinaryText:
    kind: str
    text: str


def ordinary_texts(count: int, seed: int = 11) -> Iterator[OrdinaryText]:
    """Realistic non-identity strings: the kinds of number taken in turn, each in a sentence.

    Some pairs of numbers in one string sit next to a word, as in real text; two phone numbers are
    joined by " / " as on a contact line.
    """
    rng = random.Random(seed)
    kinds = list(NUMBER_MAKERS)
    for i in range(count):
        kind = kinds[i % len(kinds)]
        text = rng.choice(SENTENCES).format(NUMBER_MAKERS[kind](rng))
        if rng.random() < 0.3:
            other = NUMBER_MAKERS[rng.choice(kinds)](rng)
            text = f"{text} {rng.choice(('Tlf.', 'Dato:', 'Ref.', 'og', 'Sak'))} {other}"
        yield OrdinaryText(kind, text)
