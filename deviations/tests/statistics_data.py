"""Deviations with chosen dates and outcomes for the statistics tests, and readers of what
the page and the exports show (HTML tables, CSV, XLSX), so tests can compare them with a
count made independently in Python."""

import csv
import dataclasses
import datetime
import io
import uuid
from collections.abc import Callable
from html.parser import HTMLParser

import openpyxl
from django.utils import timezone

from agreements.models import Agreement
from contacts.models import Organisation
from deviations import tokens
from deviations.models import Deviation, ReferenceCounter

DEFAULT_RESPONSE_DAYS = 28


@dataclasses.dataclass
class Case:
    """What a test decides about one deviation; `add()` writes it, `outcome` is its expected outcome."""

    reporter: Organisation
    concerned: Organisation
    days_ago: int = 10
    category: str = Deviation.Category.DISCHARGE
    kind: str = Deviation.Kind.DEVIATION
    agreement: Agreement | None = None
    answered_after_days: int | None = None  # None: not answered
    received_at: datetime.datetime | None = None
    reporter_name: str = "Kari Nordmann"

    def __post_init__(self):
        if self.received_at is None:
            # Noon, so that the local date is the same whatever the hour the test runs.
            day = timezone.localdate() - datetime.timedelta(days=self.days_ago)
            self.received_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    @property
    def received_on(self) -> datetime.date:
        return timezone.localdate(self.received_at)

    @property
    def respond_by(self) -> datetime.date:
        return self.received_on + datetime.timedelta(days=DEFAULT_RESPONSE_DAYS)

    @property
    def answered_at(self):
        if self.answered_after_days is None:
            return None
        return self.received_at + datetime.timedelta(days=self.answered_after_days)

    @property
    def outcome(self) -> str:
        """Computed here in Python, not by the code under test."""
        if self.answered_at is not None:
            return "in_time" if timezone.localdate(self.answered_at) <= self.respond_by else "late"
        return "unanswered_late" if self.respond_by < timezone.localdate() else "pending"


def service_agreement(law_point: int, title: str) -> Agreement:
    return Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier=f"Tjenesteavtale {law_point}", title=title, law_point=law_point
    )


def add(cases: list[Case]) -> list[Deviation]:
    """Writes the cases at once (bulk_create), as they would stand after their handling."""
    numbers = iter(ReferenceCounter.take(timezone.localdate().year, len(cases)))
    objects = []
    for case in cases:
        assert case.received_at is not None  # Case.__post_init__ sets it
        submission = tokens.submission_digest(uuid.uuid4())
        answered = case.answered_at is not None
        objects.append(
            Deviation(
                reference=ReferenceCounter.format(timezone.localdate().year, next(numbers)),
                kind=case.kind,
                status=Deviation.Status.ANSWERED if answered else Deviation.Status.RECEIVED,
                reporter_name=case.reporter_name,
                reporter_title="Sykepleier",
                reporter_email="kari.nordmann@example.org",
                reporter_phone="35 00 00 00",
                reporter_organisation=case.reporter,
                concerned_organisation=case.concerned,
                agreement=case.agreement,
                category=case.category,
                occurred_on=case.received_on,
                description="Hemmelig fritekst som aldri skal eksporteres.",
                received_at=case.received_at,
                respond_by=case.respond_by,
                answer="Svar." if answered else "",
                answered_at=case.answered_at,
                submission_key_hash=submission,
                tracking_token_hash=tokens.digest(tokens.derive_token(submission)),
            )
        )
    return Deviation.objects.bulk_create(objects)


def expected(cases: list[Case], key) -> dict:
    """{group: {"count": n, "in_time": n, "late": n, "unanswered_late": n}} counted in Python."""
    counts: dict[object, dict[str, int]] = {}
    for case in cases:
        group = counts.setdefault(key(case), {"count": 0, "in_time": 0, "late": 0, "unanswered_late": 0})
        group["count"] += 1
        if case.outcome != "pending":
            group[case.outcome] += 1
    return counts


# --- Reading what the page and the files show ------------------------------------------------


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self._table, self._row, self._cell, self._caption = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = []
        elif tag == "caption" and self._table is not None:
            self._caption = ""
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        elif tag == "span" and ("class", "visually-hidden") in attrs and self._cell is not None:
            self._cell += "\x00"  # marks the start of text for screen readers only

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._caption is not None:
            self._caption += data

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._caption_text, self._caption = " ".join(self._caption.split()), None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(self._cell.split("\x00")[0].split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables[getattr(self, "_caption_text", "")] = self._table
            self._table, self._caption_text = None, ""


def html_tables(html: str) -> dict[str, list[list[str]]]:
    """Every table of a page by its caption: [header row, row, ...], each a list of cell texts."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_rows(html: str, caption_start: str) -> dict[str, list[str]]:
    """The rows of the table whose caption starts so, by their first cell."""
    for caption, rows in html_tables(html).items():
        if caption.startswith(caption_start):
            return {row[0]: row[1:] for row in rows[1:]}
    raise AssertionError(f"No table with the caption {caption_start!r}")


def number(text: str):
    """A figure as shown: "12 345" -> 12345, "<5" stays, "–" -> None."""
    text = text.replace("\xa0", "").replace(" ", "")
    if text in ("–", ""):
        return None
    if text == "<5":
        return text
    return int(text)


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf"), "The CSV starts with a UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(response, sheet: str) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook[sheet].iter_rows(values_only=True)]


def random_partnership(
    seeded,
    count: int,
    skien,
    porsgrunn,
    hospital,
    *,
    days: int,
    categories: int,
    answer_days: int,
    reopened: Callable[[int], int],
) -> list[Agreement | None]:
    """`count` reports drawn by `seeded` between Skien, Porsgrunn, the hospital and a GP office over
    `days` days, in the first `categories` categories, with or without one of two agreements, all but
    about 2 in `answer_days` + 2 answered within `answer_days` days, and `reopened(answered)` of the
    answered ones open again (the first answer's time kept). Returns the agreements drawn from."""
    gp_office = Organisation.objects.create(
        name="Fjordbyen legesenter", kind=Organisation.Kind.GP_OFFICE, region=skien.region
    )
    organisations = [skien, porsgrunn, hospital, gp_office]
    agreements = [None, service_agreement(3, "Innleggelse i sykehus"), service_agreement(5, "Utskrivningsklare")]
    cases = []
    for _ in range(count):
        reporter, concerned = seeded.sample(organisations, 2)
        cases.append(
            Case(
                reporter,
                concerned,
                days_ago=seeded.randint(0, days),
                category=seeded.choice(Deviation.Category.values[:categories]),
                kind=seeded.choice(Deviation.Kind.values),
                agreement=seeded.choice(agreements),
                answered_after_days=seeded.choice([None, None] + list(range(0, answer_days))),
            )
        )
    created = add(cases)
    answered = [deviation.pk for deviation in created if deviation.answered_at is not None]
    Deviation.objects.filter(pk__in=seeded.sample(answered, reopened(len(answered)))).update(
        status=Deviation.Status.IN_PROGRESS
    )
    return agreements
