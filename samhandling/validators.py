"""The personal-data guard: free text in the portal must never carry patient identities.

One rule, written once, used by every free-text field (deviations, page feedback, ...).

What it refuses, by the check-digit rules and never by a list of numbers:

- a fødselsnummer, D-nummer or H-nummer: 11 digits whose first six are a possible date once
  the D offset (+40 on the day) or the H offset (+40 on the month) is removed, and whose two
  check digits hold: the first ten digits weighted 3 7 6 1 8 9 4 5 2 1 sum to 0 mod 11 (the
  classic rule) or to 0-3 mod 11 (numbers issued from 2032), and all eleven weighted
  5 4 3 2 7 6 5 4 3 2 1 sum to 0 mod 11;
- an FH-nummer (felles hjelpenummer, for patients without a fødselsnummer): 11 digits, the first
  8 or 9, no date, both check digits by the classic rule.

How people write them: the text is normalised (NFKC: full-width digits, no-break and thin
spaces), then every run of digit groups joined by spaces, dots, dashes or slashes is searched
for groups that together make 11 digits (6+5, 2+2+2+5, 3+3+3+2, ...), and for a date with a
four-digit year followed by five digits (`02.06.1971 23290` is 020671 23290). Letters around the
digits do not hide them (`fnr23066543242`).

Groups of one or four digits are left alone on purpose. Nobody writes an identity number with
them, and ordinary numbers are full of them: a bank account number is written 4.2.5
(`1503.12.34567`), and its check digit is the same mod-11 sum as the second check digit above, so a
third of them would otherwise look like an identity number; a range of dates (`19.05.2017–3.11.2015`)
has years and days without their zero. Eleven plain digits cannot be told apart, so an account
number written without its dots is refused when its digits hold as an identity number.
"""

import logging
import re
import unicodedata
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("samhandling.personal_data")

# Horizontal white space (line breaks end a run: a list of numbers one per line is not one number),
# dots, slashes and the dashes people type or word processors substitute (hyphen, non-breaking
# hyphen, figure dash, en dash, em dash, minus). Up to three in a row: "02.06.71 - 23290".
_SEPARATOR = r"(?:[^\S\r\n\f\v\x1c-\x1e\x85\u2028\u2029]|[./\-\u2010-\u2015\u2212]){1,3}"
_DIGIT_RUN = re.compile(rf"[0-9]+(?:{_SEPARATOR}[0-9]+)*")
_DIGIT_GROUP = re.compile(r"[0-9]+")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
# A slash with a space on either side separates two numbers ("22 33 44 55 / 915 55 555" on a contact
# line), where a bare slash joins the groups of one ("060985/13750").
_SPACED_SLASH = re.compile(r"[^\S\n]+/|/[^\S\n]+")
# Nobody splits an identity number into groups of one or four digits, while ordinary numbers are
# full of them: a four-digit year, a bank account's register number (4.2.5), a postcode, a day or
# month without its zero (3.11.2015). Groups of these lengths never make up a candidate (a date with
# a four-digit year is read on its own below).
_NOT_IN_A_WRITTEN_NUMBER = (1, 4)

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
# Eight digits, optionally grouped and with +47/0047 in front: 22 33 44 55, 915 55 555, +4791555555.
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+|00)47[ \-]?)?(?:\d[ \-]?){7}\d(?!\d)")

_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

FODSELSNUMMER = "fødselsnummer"
D_NUMMER = "D-nummer"
H_NUMMER = "H-nummer"
FH_NUMMER = "FH-nummer"

# In the order the refusal message names them.
_FOUND = {
    FODSELSNUMMER: _("et fødselsnummer"),
    D_NUMMER: _("et D-nummer"),
    H_NUMMER: _("et H-nummer"),
    FH_NUMMER: _("et FH-nummer"),
}


def _is_possible_date(day: int, month: int, year: int) -> bool:
    if day > 40:  # D-nummer
        day -= 40
    if month > 40:  # H-nummer
        month -= 40
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return False
    # 29 February is possible in some century when the two-digit year is a multiple of 4
    # (00 included: 2000 was a leap year).
    return not (month == 2 and day == 29 and year % 4 != 0)


def identity_number_kind(digits: str) -> str | None:
    """The kind of identity number 11 digits are (FODSELSNUMMER, D_NUMMER, ...), or None."""
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return None
    values = [int(c) for c in digits]
    first = sum(w * v for w, v in zip(_FIRST_WEIGHTS, values[:10], strict=True)) % 11
    second = sum(w * v for w, v in zip(_SECOND_WEIGHTS, values, strict=True)) % 11
    if second != 0:
        return None
    if values[0] >= 8:
        return FH_NUMMER if first == 0 else None
    if first > 3 or not _is_possible_date(int(digits[0:2]), int(digits[2:4]), int(digits[4:6])):
        return None
    if values[0] >= 4:
        return D_NUMMER
    if values[2] >= 4:
        return H_NUMMER
    return FODSELSNUMMER


def is_identity_number(digits: str) -> bool:
    """True if 11 digits are a possible fødselsnummer, D-nummer, H-nummer or FH-nummer."""
    return identity_number_kind(digits) is not None


def _candidates(groups: list[str]) -> Iterator[str]:
    """The 11-digit numbers a run of digit groups can be read as."""
    for start in range(len(groups)):
        length = 0
        for end in range(start, len(groups)):
            length += len(groups[end])
            if length > 11:
                break
            if length == 11 and not any(len(group) in _NOT_IN_A_WRITTEN_NUMBER for group in groups[start : end + 1]):
                yield "".join(groups[start : end + 1])
        # A date (day and month of one or two digits, a two- or four-digit year) followed by
        # the five-digit personal number, however the five are grouped.
        if start + 3 < len(groups):
            day, month, year = groups[start : start + 3]
            if len(day) <= 2 and len(month) <= 2 and len(year) in (2, 4):
                rest = ""
                for group in groups[start + 3 :]:
                    if len(group) in _NOT_IN_A_WRITTEN_NUMBER:
                        break
                    rest += group
                    if len(rest) >= 5:
                        break
                if len(rest) == 5:
                    yield day.zfill(2) + month.zfill(2) + year[-2:] + rest


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        # Digits of other scripts (Arabic-Indic, Devanagari...) are digits all the same.
        text = _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group(), 0)), text)
    return _SPACED_SLASH.sub("\n", text)


def find_identity_numbers(text: str) -> list[str]:
    """The kinds of identity number found in text, each once, in the order of _FOUND."""
    found = set()
    for run in _DIGIT_RUN.finditer(_normalise(text or "")):
        groups = _DIGIT_GROUP.findall(run.group())
        for candidate in _candidates(groups):
            kind = identity_number_kind(candidate)
            if kind is not None:
                found.add(kind)
    return [kind for kind in _FOUND if kind in found]


def contains_identity_number(text: str) -> bool:
    return bool(find_identity_numbers(text))


@deconstructible
class NoIdentityNumber:
    """Refuses text with a fødselsnummer, D-nummer, H-nummer or FH-nummer in it."""

    message = _(
        "Teksten ser ut til å inneholde %(found)s. "
        "Fjern nummeret: portalen skal ikke inneholde opplysninger som kan identifisere pasienter."
    )
    code = "identity_number"

    def __call__(self, value: object) -> None:
        kinds = find_identity_numbers(str(value))
        if kinds:
            # Logged as an attempt, with the kind but never with the number itself.
            logger.warning("Refused free text containing an identity number (%s)", ", ".join(kinds))
            found = f" {gettext('og')} ".join(str(_FOUND[kind]) for kind in kinds)
            raise ValidationError(self.message, code=self.code, params={"found": found})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__)

    def __hash__(self) -> int:
        return hash(self.__class__)


@deconstructible
class NoContactDetails:
    """Refuses e-mail addresses and phone numbers (anonymous comments, e.g. page feedback)."""

    message = _(
        "Ikke skriv e-postadresser eller telefonnumre her. Kommentaren er anonym; "
        "bruk kontaktsidene om du vil bli kontaktet."
    )
    code = "contact_details"

    def __call__(self, value: object) -> None:
        text = str(value)
        if _EMAIL.search(text) or _PHONE.search(text):
            logger.info("Refused free text containing contact details")
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__)

    def __hash__(self) -> int:
        return hash(self.__class__)


def check_free_text(**texts: str) -> None:
    """The guard for text that reaches the database through a service, whatever form it came from.

    Raises one ValidationError keyed by the names given (the form fields' names), so a view can
    put it back on its form with form.add_error(None, error) and show it with the input kept.
    """
    errors = {}
    for name, text in texts.items():
        try:
            no_identity_number(text)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


no_identity_number = NoIdentityNumber()
no_contact_details = NoContactDetails()
