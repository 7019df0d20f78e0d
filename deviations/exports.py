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

import xlsxwriter
from django.db.models import Case, CharField, Value, When
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from deviations.models import ANSWERED_IN_TIME, ANSWERED_LATE, Deviation, overdue_condition
from deviations.statistics import OUTCOME_LABELS, Direction, Statistics, direction_expression

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# XLSX is written in Python (XlsxWriter; openpyxl wrote about 2,500 rows a second here, and
# XlsxWriter about twice as many), so a much larger workbook would outlast gunicorn's
# 30-second worker timeout: beyond this, row-level exports are CSV only (which streams any
# number of rows, starting at once).
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
    output = io.BytesIO()
    workbook = _workbook(output, constant_memory=False)
    about = workbook.add_worksheet(_("Utvalg"))
    about.set_column(0, 0, 30)
    about.set_column(1, 1, 60)
    lines: list[list] = [[_("Avviksstatistikk")]]
    lines += [[label, value] for label, value in chosen_filters]
    lines.append([_("Laget"), timezone.localtime().strftime("%d.%m.%Y %H:%M")])
    if stats.suppress:
        lines.append([_("Små tall"), _("Antall fra 1 til 4 vises som «<5».")])
    for number, line in enumerate(lines):
        _write_row(about, number, line, {})

    sheet = workbook.add_worksheet(_("Statistikk"))
    for column, width in enumerate((24, 50, 10, 12, 12, 14, 14, 14, 12)):
        sheet.set_column(column, column, width)
    formats = {7: workbook.add_format({"num_format": "0.0%"}), 8: workbook.add_format({"num_format": "0.0"})}
    _write_row(sheet, 0, aggregate_header(), {})
    # A national partnership's workbook has some 3,300 rows, two for each organisation: an
    # empty value ("" or None) is no cell at all, which is what a spreadsheet shows for it.
    for number, row in enumerate(aggregate_table(stats), start=1):
        *values, share, median = row
        _write_row(sheet, number, [*values, None if share is None else share / 100, median], formats)
    return _workbook_response(workbook, output, filename("avviksstatistikk", stats.first_day, stats.last_day, "xlsx"))


def _workbook(output: io.BytesIO, *, constant_memory: bool) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook that writes text as text: never a formula, a link or a number."""
    return xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )


def _write_row(sheet, number: int, values: list, formats: dict) -> None:
    """One row, each value in the cell type it is (text through safe()); "" and None leave the cell out."""
    for column, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            sheet.write_string(number, column, safe(value))
        elif isinstance(value, datetime.datetime):
            sheet.write_datetime(number, column, value, formats["datetime"])
        elif isinstance(value, datetime.date):
            sheet.write_datetime(number, column, value, formats["date"])
        elif column in formats:
            sheet.write_number(number, column, value, formats[column])
        else:
            sheet.write_number(number, column, value)


def _workbook_response(workbook: xlsxwriter.Workbook, output: io.BytesIO, name: str) -> HttpResponse:
    workbook.close()
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_TYPE), name)


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
    output = io.BytesIO()
    # Row by row to the file (constant memory): up to XLSX_MAX_ROWS rows.
    workbook = _workbook(output, constant_memory=True)
    sheet = workbook.add_worksheet(_("Avvik"))
    for column, width in enumerate((16, 20, 16, 26, 40, 28, 28, 30, 12, 17, 12, 17, 26, 8, 10)):
        sheet.set_column(column, column, width)
    formats = {
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    for number, row in enumerate(rows):
        _write_row(sheet, number, row, formats)
    return _workbook_response(workbook, output, name)
