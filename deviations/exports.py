"""The statistics as files: CSV for any spreadsheet, XLSX for Excel; aggregated or one row per deviation.

CSV is UTF-8 with a byte order mark and semicolons, so Norwegian Excel opens it with æøå
and the columns right; decimals use a comma. The aggregated files hold exactly the
figures the page shows (the same Statistics object, small counts hidden the same way).
Row-level files stream from the database (iterator()), never hold every row at once, and
leave out all free text; the reporter's name, title, e-mail and phone are added only when
asked for by someone allowed to see them (samhandling.access.may_see_reporter_details).

A cell that a spreadsheet would read as a formula (=, +, -, @ first) is written with a
leading apostrophe: reporters' names come from a public form.
"""

import csv
import dataclasses
import datetime
import io

from django.db.models import Case, CharField, Value, When
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from deviations.models import ANSWERED_IN_TIME, ANSWERED_LATE, Deviation, overdue_condition
from deviations.statistics import OUTCOME_LABELS, Direction, Statistics, direction_expression

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# openpyxl writes about 2,500 rows a second here (measured by `make bench`), so a larger
# workbook would outlast gunicorn's 30-second worker timeout: beyond this, row-level
# exports are CSV only (which streams any number of rows, starting at once).
XLSX_MAX_ROWS = 25_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _decimal(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename(stem: str, first: datetime.date, last: datetime.date, extension: str) -> str:
    return f"{stem}_{first:%Y-%m-%d}_{last:%Y-%m-%d}.{extension}"


# --- Aggregated ------------------------------------------------------------------------------

# Marked for makemessages (gettext_noop), translated when a file is made (_(name)).
AGGREGATE_COLUMNS = [
    gettext_noop("Inndeling"),
    gettext_noop("Gruppe"),
    gettext_noop("Antall"),
    gettext_noop("Besvart innen fristen"),
    gettext_noop("Besvart etter fristen"),
    gettext_noop("Ikke besvart, fristen er ute"),
    gettext_noop("Ikke besvart, innen fristen"),
    gettext_noop("Andel besvart innen fristen (%)"),
    gettext_noop("Median dager til svar"),
]


def aggregate_sections(stats: Statistics):
    """[(section title, [(group, Figures), ...]), ...]: every table of the page, in its order."""

    def of(breakdown, group=lambda shown: shown.label):
        return [(group(shown), shown.figures) for shown in breakdown.shown]

    senders = [
        (shown.label, dataclasses.replace(shown.figures, count=shown.figures.sent))
        for shown in stats.organisations.shown
    ]
    return [
        (_("Totalt"), [(stats.total.label, stats.total_figures)]),
        (_("Type"), of(stats.kinds)),
        (_("Måned"), of(stats.months, lambda shown: f"{shown.key:%Y-%m}")),
        (_("Tjenesteavtale"), of(stats.agreements)),
        (_("Kategori"), of(stats.categories)),
        (_("Retning"), of(stats.directions)),
        (_("Meldt til organisasjon"), of(stats.organisations)),
        (_("Meldt fra organisasjon"), senders),
    ]


def _aggregate_values(figures, sender_only: bool = False) -> list:
    if sender_only:
        return [figures.count, "", "", "", "", None, None]
    return [
        figures.count,
        figures.in_time,
        figures.late,
        figures.unanswered_late,
        figures.pending,
        None if figures.share_in_time is None else figures.share_in_time * 100,
        figures.median_days,
    ]


def aggregate_header() -> list[str]:
    return [_(name) for name in AGGREGATE_COLUMNS]


def aggregate_table(stats: Statistics):
    """Every row of the aggregated export: section, group, then the values as they are
    (numbers, "<5", or None); the share is a percentage."""
    sections = aggregate_sections(stats)
    for index, (section, rows) in enumerate(sections):
        sender_only = index == len(sections) - 1
        for group, figures in rows:
            yield [str(section), group, *_aggregate_values(figures, sender_only)]


def aggregated_csv(stats: Statistics) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(aggregate_header())
    for row in aggregate_table(stats):
        *texts, share, median = row
        writer.writerow([safe(value) for value in texts] + [_decimal(share), _decimal(median)])
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    return _attachment(response, filename("avviksstatistikk", stats.first_day, stats.last_day, "csv"))


def aggregated_xlsx(stats: Statistics, chosen_filters: list[tuple[str, str]]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(_("Utvalg"))
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 60
    about.append([_("Avviksstatistikk")])
    for label, value in chosen_filters:
        about.append([safe(label), safe(value)])
    about.append([_("Laget"), timezone.localtime().strftime("%d.%m.%Y %H:%M")])
    if stats.suppress:
        about.append([_("Små tall"), _("Antall fra 1 til 4 vises som «<5».")])

    sheet = workbook.create_sheet(_("Statistikk"))
    for column, width in zip("ABCDEFGHI", (24, 50, 10, 12, 12, 14, 14, 14, 12)):
        sheet.column_dimensions[column].width = width
    sheet.append(aggregate_header())
    for row in aggregate_table(stats):
        *texts, share, median = row
        sheet.append(
            [safe(value) for value in texts]
            + [_number_cell(sheet, None if share is None else share / 100, "0.0%"), _number_cell(sheet, median, "0.0")]
        )
    return _workbook_response(workbook, filename("avviksstatistikk", stats.first_day, stats.last_day, "xlsx"))


def _number_cell(sheet, value, number_format: str):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _workbook_response(workbook, name: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), name)


# --- One row per deviation -------------------------------------------------------------------

ROW_COLUMNS = [
    gettext_noop("Referanse"),
    gettext_noop("Type"),
    gettext_noop("Status"),
    gettext_noop("Kategori"),
    gettext_noop("Tjenesteavtale"),
    gettext_noop("Meldt fra"),
    gettext_noop("Meldt til"),
    gettext_noop("Retning"),
    gettext_noop("Dato for hendelsen"),
    gettext_noop("Mottatt"),
    gettext_noop("Svarfrist"),
    gettext_noop("Besvart"),
    gettext_noop("Frist"),
    gettext_noop("Dager til svar"),
    gettext_noop("Konsekvens for pasienten"),
]
CONTACT_COLUMNS = [
    gettext_noop("Melderens navn"),
    gettext_noop("Stilling"),
    gettext_noop("E-post"),
    gettext_noop("Telefon"),
]
CONTACT_FIELDS = ["reporter_name", "reporter_title", "reporter_email", "reporter_phone"]


def _outcome_expression(today):
    return Case(
        When(ANSWERED_IN_TIME, then=Value("in_time")),
        When(ANSWERED_LATE, then=Value("late")),
        When(overdue_condition(today), then=Value("unanswered_late")),
        default=Value("pending"),
        output_field=CharField(),
    )


def deviation_rows(deviations, *, with_contact: bool, today: datetime.date):
    """The header, then one list of values per deviation, oldest first, streamed from the database."""
    names = {
        "kind": {k: str(v) for k, v in Deviation.Kind.choices},
        "status": {k: str(v) for k, v in Deviation.Status.choices},
        "category": {k: str(v) for k, v in Deviation.Category.choices},
        "consequence": {k: str(v) for k, v in Deviation.Consequence.choices} | {"": ""},
        "direction": {k: str(v) for k, v in Direction.choices},
        "outcome": {k: str(v) for k, v in OUTCOME_LABELS.items()},
    }
    fields = [
        "reference",
        "kind",
        "status",
        "category",
        "agreement__identifier",
        "agreement__title",
        "reporter_organisation__name",
        "concerned_organisation__name",
        "direction",
        "occurred_on",
        "received_at",
        "respond_by",
        "answered_at",
        "outcome",
        "days_to_answer",
        "consequence",
    ] + (CONTACT_FIELDS if with_contact else [])
    rows = (
        deviations.annotate(direction=direction_expression(), outcome=_outcome_expression(today))
        .order_by("received_at", "pk")
        .values_list(*fields)
    )
    yield [_(name) for name in ROW_COLUMNS + (CONTACT_COLUMNS if with_contact else [])]
    for row in rows.iterator(chunk_size=5000):
        (
            reference,
            kind,
            status,
            category,
            identifier,
            title,
            reporter,
            concerned,
            direction,
            occurred_on,
            received_at,
            respond_by,
            answered_at,
            outcome,
            days,
            consequence,
            *contact,
        ) = row
        yield [
            reference,
            names["kind"][kind],
            names["status"][status],
            names["category"][category],
            f"{identifier}: {title}" if identifier else "",
            reporter,
            concerned,
            names["direction"][direction],
            occurred_on,
            timezone.localtime(received_at).replace(tzinfo=None, microsecond=0),
            respond_by,
            timezone.localtime(answered_at).replace(tzinfo=None, microsecond=0) if answered_at else None,
            names["outcome"][outcome],
            days,
            names["consequence"][consequence],
            *contact,
        ]


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe(value)


def rows_csv(rows, name: str) -> StreamingHttpResponse:
    """Streams the rows as CSV, a thousand at a time: the download starts at once, however many."""

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        for number, row in enumerate(rows, start=1):
            writer.writerow([_csv_text(value) for value in row])
            if number % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return _attachment(StreamingHttpResponse(chunks(), content_type=CSV_TYPE), name)


def rows_xlsx(rows, name: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Avvik"))
    for column, width in zip("ABCDEFGHIJKLMNOPQRS", (16, 20, 16, 26, 40, 28, 28, 30, 12, 17, 12, 17, 26, 8, 10)):
        sheet.column_dimensions[column].width = width
    for row in rows:
        sheet.append([safe(value) for value in row])
    return _workbook_response(workbook, name)
