"""Deviation statistics: who sees which figures, and the figures themselves, computed in SQL.

Every number is an aggregate PostgreSQL computes (COUNT ... FILTER, percentile_cont), one
query per breakdown over the filtered deviations; Python only names and orders the few
grouped rows that come back. The statistics page, its CSV and XLSX exports, the annual
report, the agreement pages and the organisation pages all read their numbers here, so
they cannot disagree.

Small counts: for viewers who may not open the deviations behind a figure (coordinators,
and the public on the agreement pages), counts from 1 to 4 are shown as "<5", the
practice of Norwegian health statistics, so that nobody can single out one case. Shares
that would give such a count away, and a median of fewer than five answers, are not
shown to them either.
"""

import dataclasses
import datetime

from django.db import models
from django.db.models import Aggregate, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from deviations.models import (
    ANSWERED_IN_TIME,
    ANSWERED_LATE,
    Deviation,
    local_today,
    start_of_local_day,
    unanswered_past_deadline,
)

SMALL_COUNT_LIMIT = 5
SUPPRESSED = "<5"


# --- Who sees what ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StatisticsAccess:
    """What a user's statistics cover, and how they may see and export them."""

    deviations: models.QuerySet
    # Counts 1-4 become "<5" for those who may not open the deviations behind them.
    suppress_small_counts: bool
    # One row per deviation (CSV/XLSX): Kvalitetsutvalget and administrators only.
    may_export_rows: bool
    # A handler's statistics are their own organisation's (what it reported or received).
    organisation: Organisation | None = None


def statistics_access(user) -> StatisticsAccess | None:
    """None for those who may not see statistics (the views answer 404).

    Kvalitetsutvalget and administrators see every figure exactly and may export rows.
    Coordinators see every organisation's figures but open no deviation, so small counts
    are hidden from them. An Avviksbehandler sees what their organisation reported or
    received (Deviation.objects.visible_to), every one of which they may open: exact.
    Costs one query for the roles, and one for a handler's organisation.
    """
    if not user.is_authenticated:
        return None
    everything = Deviation.objects.all()
    if user.is_superuser or user.in_quality_committee:
        return StatisticsAccess(everything, suppress_small_counts=False, may_export_rows=True)
    if user.is_coordinator:
        return StatisticsAccess(everything, suppress_small_counts=True, may_export_rows=False)
    if user.is_handler and user.organisation_id:
        return StatisticsAccess(
            Deviation.objects.visible_to(user),
            suppress_small_counts=False,
            may_export_rows=False,
            organisation=user.organisation,
        )
    return None


def may_see_reporter_details(user) -> bool:
    """Reporters' names, titles, e-mail addresses and phones in row-level exports."""
    return user.is_superuser or user.in_quality_committee


def protect(count: int, suppress: bool) -> int | str:
    """A count as a viewer may see it: "<5" for 1-4 when small counts are hidden from them."""
    if suppress and 0 < count < SMALL_COUNT_LIMIT:
        return SUPPRESSED
    return count


# --- Directions ------------------------------------------------------------------------------

# The two levels of care, from the organisations' kinds. A GP office (fastlegekontor) is
# part of the municipal health service; a hospital or clinic is on the specialist side.
HF_KINDS = (Organisation.Kind.HOSPITAL_TRUST, Organisation.Kind.HOSPITAL)
MUNICIPAL_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.GP_OFFICE)


class Direction(models.TextChoices):
    MUNICIPALITY_TO_HF = "kommune-hf", _("Fra kommune til helseforetak")
    HF_TO_MUNICIPALITY = "hf-kommune", _("Fra helseforetak til kommune")
    BETWEEN_MUNICIPALITIES = "kommune-kommune", _("Mellom kommuner")
    OTHER = "annet", _("Andre (innad i helseforetak, eller andre parter)")


# direction -> (kinds of the reporting organisation, kinds of the concerned organisation)
DIRECTION_SIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Direction.MUNICIPALITY_TO_HF: (MUNICIPAL_KINDS, HF_KINDS),
    Direction.HF_TO_MUNICIPALITY: (HF_KINDS, MUNICIPAL_KINDS),
    Direction.BETWEEN_MUNICIPALITIES: (MUNICIPAL_KINDS, MUNICIPAL_KINDS),
}


def direction_condition(direction: str) -> Q:
    """The deviations that go in `direction`, by the kinds of their two organisations."""
    if direction == Direction.OTHER:
        known = Q()
        for named in DIRECTION_SIDES:
            known |= direction_condition(named)
        return ~known
    reporting, concerned = DIRECTION_SIDES[direction]
    return Q(reporter_organisation__kind__in=reporting, concerned_organisation__kind__in=concerned)


def direction_expression() -> Case:
    """The direction of each deviation, for grouping (two joins on the small organisation table)."""
    return Case(
        *[When(direction_condition(direction), then=Value(str(direction))) for direction in DIRECTION_SIDES],
        default=Value(Direction.OTHER.value),
        output_field=models.CharField(),
    )


# --- The SQL aggregates ---------------------------------------------------------------------


class Median(Aggregate):
    """The median of a column: PostgreSQL's ordered-set aggregate percentile_cont(0.5)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
    output_field = FloatField()
    arity = 1


def measures(today: datetime.date, within: Q | None = None) -> dict:
    """The counts of every breakdown, as aggregates for one GROUP BY query; `within` counts
    only part of each group (the annual report counts two years side by side this way).

    The filtered counts count received_at (never null) because COUNT(*) takes no FILTER in
    Django, and the id is not in the index the statistics read. No median here: an
    ordered-set aggregate makes PostgreSQL sort every row by group instead of hashing, which
    measured with a million deviations tripled the page's time. The median is the whole
    set's (with_median()).
    """

    def counting(condition: Q | None = None):
        if within is not None:
            condition = within if condition is None else condition & within
        return Count("*") if condition is None else Count("received_at", filter=condition)

    return {
        "count": counting(),
        "in_time": counting(ANSWERED_IN_TIME),
        "late": counting(ANSWERED_LATE),
        "unanswered_late": counting(unanswered_past_deadline(today)),
    }


def with_median(today: datetime.date, within: Q | None = None) -> dict:
    """measures() and the median of the days to answer (unanswered ones have none)."""
    return measures(today, within) | {"median_days": Median("days_to_answer", filter=within)}


# --- Rows and tables --------------------------------------------------------------------------

COUNTS = ("count", "in_time", "late", "unanswered_late", "pending")
# The parts of a row's count: every deviation is in exactly one of them.
PARTS = COUNTS[1:]


@dataclasses.dataclass
class Row:
    """One group of a breakdown, e.g. one service agreement, with its exact numbers."""

    key: object
    label: str
    count: int = 0
    in_time: int = 0
    late: int = 0
    unanswered_late: int = 0
    median_days: float | None = None
    # Per organisation only: how many it reported (`count` is how many it received).
    sent: int | None = None

    @property
    def answered(self) -> int:
        return self.in_time + self.late

    @property
    def decided(self) -> int:
        """Deviations whose outcome against the deadline is known: answered, or past it."""
        return self.in_time + self.late + self.unanswered_late

    @property
    def pending(self) -> int:
        """Not answered, and still within the deadline."""
        return self.count - self.decided

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.decided if self.decided else None


@dataclasses.dataclass
class Figures:
    """A row's numbers as one viewer may see them: a count, "<5", or None (not shown)."""

    count: int | str | None = None
    in_time: int | str | None = None
    late: int | str | None = None
    unanswered_late: int | str | None = None
    pending: int | str | None = None
    sent: int | str | None = None
    decided: int | None = None  # the share's denominator, when shown
    share_in_time: float | None = None  # 0..1
    median_days: float | None = None


Cell = tuple[str, object, str]  # (table, row key, column)


class Protection:
    """Which counts a viewer who may not open the deviations does not see.

    Primary: counts from 1 to 4 are "<5". Complementary: a table's rows add up to the
    total row, and a row's parts (in time, late, unanswered past the deadline, pending)
    add up to its count; where such a sum has exactly one hidden term, that term could be
    worked out by subtraction, so the smallest other non-zero term is hidden too (shown
    as "–"), until no sum has exactly one. Shares are shown only when none of their terms
    is hidden, the median only of five answers or more.

    This protects each table against arithmetic within it and against its totals. It does
    not stop differencing between two filtered views (e.g. one period and the same plus a
    day): only those who may open the rows can filter without such limits.
    """

    def __init__(self, total: Row, tables: dict[str, list[Row]], senders: list[Row] | None = None, *, suppress=True):
        self.suppress = suppress
        self.values: dict[Cell, int] = {}
        self.small: set[Cell] = set()
        self.hidden: set[Cell] = set()
        if not suppress:
            return
        sums: list[list[Cell]] = []  # [the sum, its terms ...]
        total_cells = self._row_cells("total", total)
        sums.append([total_cells["count"]] + [total_cells[part] for part in PARTS])
        for table, rows in tables.items():
            row_cells = [self._row_cells(table, row) for row in rows]
            sums.extend([cells["count"]] + [cells[part] for part in PARTS] for cells in row_cells)
            sums.extend([total_cells[column]] + [cells[column] for cells in row_cells] for column in COUNTS)
        if senders is not None:
            sums.append(
                [total_cells["count"]] + [self._cell(("sent", row.key, "sent"), row.sent or 0) for row in senders]
            )
        self.small = {cell for cell, value in self.values.items() if 0 < value < SMALL_COUNT_LIMIT}
        self.hidden = set(self.small)
        self._hide_complements(sums)

    def _cell(self, cell: Cell, value: int) -> Cell:
        self.values[cell] = value
        return cell

    def _row_cells(self, table: str, row: Row) -> dict[str, Cell]:
        return {column: self._cell((table, row.key, column), getattr(row, column)) for column in COUNTS}

    def _hide_complements(self, sums: list[list[Cell]]) -> None:
        changed = True
        while changed:
            changed = False
            for cells in sums:
                if sum(cell in self.hidden for cell in cells) != 1:
                    continue
                # The smallest visible non-zero term; the sum itself only if no term is left.
                candidates = [(index == 0, self.values[cell], cell) for index, cell in enumerate(cells)]
                candidates = [c for c in candidates if c[2] not in self.hidden and c[1] > 0]
                if candidates:
                    self.hidden.add(min(candidates, key=lambda c: (c[0], c[1]))[2])
                    changed = True

    def shown(self, cell: Cell, value: int) -> int | str | None:
        if cell in self.small:
            return SUPPRESSED
        if cell in self.hidden:
            return None
        return value

    def figures(self, table: str, row: Row) -> Figures:
        counts = {column: self.shown((table, row.key, column), getattr(row, column)) for column in COUNTS}
        terms_hidden = any(not isinstance(counts[part], int) for part in ("in_time", "late", "unanswered_late"))
        answered_few = self.suppress and row.answered < SMALL_COUNT_LIMIT
        return Figures(
            **counts,
            sent=None if row.sent is None else self.shown(("sent", row.key, "sent"), row.sent),
            decided=None if terms_hidden else row.decided,
            share_in_time=None if terms_hidden else row.share_in_time,
            median_days=None if answered_few else row.median_days,
        )


@dataclasses.dataclass
class ShownRow:
    key: object
    label: str
    figures: Figures
    row: Row


@dataclasses.dataclass
class Breakdown:
    """A table of the statistics: the figures per agreement, per category, per month, ..."""

    key: str
    title: str
    group_heading: str
    rows: list[Row]
    protection: Protection
    with_sent: bool = False

    @property
    def shown(self) -> list[ShownRow]:
        return [ShownRow(row.key, row.label, self.protection.figures(self.key, row), row) for row in self.rows]


@dataclasses.dataclass
class Outcome:
    """Where every deviation of a set stands against its deadline: four counts that add up to all."""

    title: str
    group_heading: str
    shown: list[ShownRow]


OUTCOME_LABELS = {
    "in_time": _("Besvart innen fristen"),
    "late": _("Besvart etter fristen"),
    "unanswered_late": _("Ikke besvart, fristen er ute"),
    "pending": _("Ikke besvart, innen fristen"),
}


def outcome(total: Row, protection: Protection) -> Outcome:
    figures = protection.figures("total", total)
    rows = []
    for part in PARTS:
        label = str(OUTCOME_LABELS[part])
        rows.append(
            ShownRow(part, label, Figures(count=getattr(figures, part)), Row(part, label, count=getattr(total, part)))
        )
    return Outcome(str(_("Svar og frister")), str(_("Utfall")), rows)


def _rows(values: list[dict], label) -> list[Row]:
    fields = {field.name for field in dataclasses.fields(Row)} - {"key", "label"}
    return [
        Row(key=item["group"], label=label(item["group"]), **{k: v for k, v in item.items() if k in fields})
        for item in values
    ]


def grouped(deviations, expression, today) -> list[dict]:
    """One GROUP BY query: [{"group": value, "count": n, "in_time": n, ...}, ...]."""
    return list(deviations.order_by().annotate(group=expression).values("group").annotate(**measures(today)).order_by())


def by_count(rows: list[Row]) -> list[Row]:
    """Most first; equal counts keep their natural order (agreements, categories, names)."""
    return sorted(rows, key=lambda row: -row.count)


def month_starts(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def per_month(deviations, months: list[datetime.date], label_format: str, today) -> list[Row]:
    """One row per month of the period (local months of arrival), empty months included. One query."""
    found = {item["group"]: item for item in grouped(deviations, TruncMonth("received_on"), today)}

    def label(month):
        return date_format(month, label_format)

    return [_rows([found.get(month, {}) | {"group": month}], label)[0] for month in months]


# --- The statistics of a filtered set -------------------------------------------------------


@dataclasses.dataclass
class Labels:
    """Names for the ids that come back from the GROUP BY queries (loaded once per page)."""

    organisations: dict[int, str]
    agreements: dict[int, str]
    agreement_order: list[int]

    @classmethod
    def from_lists(cls, organisations, agreements) -> "Labels":
        """From the organisations and the agreements (in § 6-2 order) a page has loaded anyway."""
        return cls(
            organisations={o.pk: o.name for o in organisations},
            agreements={a.pk: f"{a.identifier}: {a.title}" for a in agreements},
            agreement_order=[a.pk for a in agreements],
        )

    def organisation(self, pk) -> str:
        return self.organisations.get(pk, "?")

    def agreement(self, pk) -> str:
        return self.agreements.get(pk, "?") if pk is not None else str(_("Ingen avtale oppgitt"))

    def in_agreement_order(self, rows: list[Row]) -> list[Row]:
        order: dict[object, int] = {pk: index for index, pk in enumerate(self.agreement_order)}
        return sorted(rows, key=lambda row: order.get(row.key, len(order)))


CATEGORY_ORDER = list(Deviation.Category.values)


def kind_label(kind) -> str:
    return str(Deviation.Kind(kind).label)


def category_label(category) -> str:
    return str(Deviation.Category(category).label)


def direction_label(direction) -> str:
    return str(Direction(direction).label)


def complete(rows: list[Row], keys, label) -> list[Row]:
    """Rows for every key in order, empty where the query found none."""
    found = {row.key: row for row in rows}
    return [found.get(key) or Row(key, label(key)) for key in keys]


@dataclasses.dataclass
class Statistics:
    """Every figure of the statistics page, for a filtered set of deviations."""

    first_day: datetime.date
    last_day: datetime.date
    protection: Protection
    total: Row
    kinds: Breakdown
    months: Breakdown
    agreements: Breakdown
    categories: Breakdown
    directions: Breakdown
    organisations: Breakdown

    @property
    def suppress(self) -> bool:
        return self.protection.suppress

    @property
    def total_figures(self) -> Figures:
        return self.protection.figures("total", self.total)

    @property
    def outcome(self) -> Outcome:
        return outcome(self.total, self.protection)


def compute(deviations, *, first_day, last_day, labels: Labels, suppress: bool, today=None) -> Statistics:
    """The statistics of `deviations`, already limited to those received from first_day to
    last_day (StatisticsFilterForm.filter does it). Eight queries, each an aggregate.
    """
    today = today or local_today()
    total = Row("total", str(_("Alle meldinger")), **deviations.order_by().aggregate(**with_median(today)))
    kinds = complete(_rows(grouped(deviations, F("kind"), today), kind_label), Deviation.Kind.values, kind_label)
    months = per_month(deviations, month_starts(first_day, last_day), "F Y", today)
    agreements = labels.in_agreement_order(_rows(grouped(deviations, F("agreement"), today), labels.agreement))
    categories = sorted(
        _rows(grouped(deviations, F("category"), today), category_label),
        key=lambda row: CATEGORY_ORDER.index(str(row.key)),
    )
    directions = complete(
        _rows(grouped(deviations, direction_expression(), today), direction_label), Direction.values, direction_label
    )
    received = {row.key: row for row in _rows(grouped(deviations, F("concerned_organisation"), today), str)}
    sent = dict(
        deviations.order_by()
        .values_list("reporter_organisation")
        .annotate(count=Count("*"))
        .order_by()
        .values_list("reporter_organisation", "count")
    )
    organisations = []
    for pk in received.keys() | sent.keys():
        row = received.get(pk) or Row(pk, "")
        row.label, row.sent = labels.organisation(pk), sent.get(pk, 0)
        organisations.append(row)
    organisations.sort(key=lambda row: (-(row.count + (row.sent or 0)), row.label))

    tables = {
        "kind": kinds,
        "month": months,
        "agreement": agreements,
        "category": categories,
        "direction": directions,
        "organisation": organisations,
    }
    protection = Protection(total, tables, senders=organisations, suppress=suppress)

    def breakdown(key, title, heading, rows, **options):
        return Breakdown(key, str(title), str(heading), rows, protection, **options)

    return Statistics(
        first_day=first_day,
        last_day=last_day,
        protection=protection,
        total=total,
        kinds=breakdown("kind", _("Per type"), _("Type"), kinds),
        months=breakdown("month", _("Per måned"), _("Måned"), months),
        agreements=breakdown("agreement", _("Per tjenesteavtale"), _("Tjenesteavtale"), by_count(agreements)),
        categories=breakdown("category", _("Per kategori"), _("Kategori"), by_count(categories)),
        directions=breakdown("direction", _("Per retning"), _("Retning"), directions),
        organisations=breakdown(
            "organisation", _("Per organisasjon"), _("Organisasjon"), organisations, with_sent=True
        ),
    )


def received_from_to(deviations, first_day: datetime.date, last_day: datetime.date):
    """Received from first_day through last_day, local dates (index-friendly, see received_between)."""
    return deviations.received_between(first_day, last_day + datetime.timedelta(days=1))


# --- Small summaries for other pages ----------------------------------------------------------


def statistics_url(**filters) -> str:
    """The statistics page with filters, e.g. statistics_url(avtale="tjenesteavtale-5", fra=..., til=...)."""
    query = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in filters.items()}
    return f"{reverse('deviations:statistics')}?{urlencode(query)}"


def agreement_summary(agreement, user) -> dict:
    """For the agreement page: deviations touching the agreement this year. One query.

    The count is public; counts 1-4 are "<5" for everyone but Kvalitetsutvalget and
    administrators. The link to the filtered statistics is there for those who may open it.
    """
    today = local_today()
    first_day = today.replace(month=1, day=1)
    count = Deviation.objects.filter(agreement=agreement, received_at__gte=start_of_local_day(first_day)).count()
    sees_exact = user.is_authenticated and (user.is_superuser or user.in_quality_committee)
    shown = protect(count, suppress=not sees_exact)
    context: dict[str, object] = {
        "deviation_count": count if shown == count else None,
        "deviation_count_suppressed": shown != count,
    }
    if user.is_authenticated and statistics_access(user) is not None:
        context["deviation_url"] = statistics_url(
            avtale=agreement.slug, fra=first_day, til=today.replace(month=12, day=31)
        )
    return context


def overdue_summary(organisation, user) -> dict | None:
    """For the organisation page: how many of the organisation's deviations are overdue.

    Shown to those whose statistics cover the organisation's inbox (Kvalitetsutvalget,
    coordinators, administrators, the organisation's own handlers); None for others.
    One query (and the roles).
    """
    access = statistics_access(user)
    if access is None or (access.organisation is not None and access.organisation.pk != organisation.pk):
        return None
    count = Deviation.objects.overdue().filter(concerned_organisation=organisation).count()
    if access.organisation is not None or user.is_superuser or user.in_quality_committee:
        query = {"overdue": "on"}
        if access.organisation is None:
            query["concerned_organisation"] = organisation.pk
        url = f"{reverse('deviations:inbox')}?{urlencode(query)}"
    else:
        url = statistics_url(organisasjon=organisation.slug, rolle="mottaker")
    return {"count": protect(count, access.suppress_small_counts), "exact": count, "url": url}


# --- The annual report ------------------------------------------------------------------------


@dataclasses.dataclass
class Comparison:
    """A group's count this year against the year before, with the change (None where hidden)."""

    key: object
    label: str
    previous: int | str | None
    current: int | str | None
    change: int | None
    change_percent: float | None
    figures: Figures  # this year's
    current_count: int  # exact, for ordering only


def _comparison(key, label, previous: Figures, current: Figures, current_count: int) -> Comparison:
    change: int | None = None
    percent: float | None = None
    if isinstance(previous.count, int) and isinstance(current.count, int):  # neither hidden
        change = current.count - previous.count
        percent = change / previous.count if previous.count else None
    return Comparison(key, label, previous.count, current.count, change, percent, current, current_count)


@dataclasses.dataclass
class Theme:
    category: str
    agreement: str
    count: int | str
    previous: int | str


@dataclasses.dataclass
class AnnualReport:
    year: int
    suppress: bool
    totals: list[Comparison]
    total_figures: Figures
    previous_total_figures: Figures
    agreements: list[Comparison]
    categories: list[Comparison]
    directions: list[Comparison]
    themes: list[Theme]
    months: Breakdown
    outcome: Outcome
    previous_outcome: Outcome


TOP_THEMES = 10


def annual_report(deviations, year: int, *, labels: Labels, suppress: bool, today=None) -> AnnualReport:
    """The figures of one year against the year before. Seven queries, each an aggregate."""
    today = today or local_today()
    previous_year = year - 1
    both_years = received_from_to(deviations, datetime.date(previous_year, 1, 1), datetime.date(year, 12, 31))
    this_year = received_from_to(deviations, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    # Each query counts both years side by side (COUNT ... FILTER), grouped by one key, so
    # PostgreSQL hashes the groups instead of sorting every row by year and group.
    new_year = start_of_local_day(datetime.date(year, 1, 1))
    in_year = {previous_year: Q(received_at__lt=new_year), year: Q(received_at__gte=new_year)}

    def side_by_side(aggregates) -> dict:
        return {
            f"{name}_{each}": aggregate for each in in_year for name, aggregate in aggregates(in_year[each]).items()
        }

    def per_year(expression, label) -> dict[int, list[Row]]:
        """Each year's rows, from one GROUP BY."""
        values = (
            both_years.order_by()
            .annotate(group=expression)
            .values("group")
            .annotate(**side_by_side(lambda within: measures(today, within)))
            .order_by()
        )
        rows: dict[int, list[Row]] = {each: [] for each in in_year}
        names = list(measures(today))
        for item in values:
            for each in in_year:
                counts = {name: item[f"{name}_{each}"] for name in names}
                if counts["count"]:
                    rows[each].append(Row(item["group"], label(item["group"]), **counts))
        return rows

    empty_total = Row("total", str(_("Alle meldinger")))
    both_totals = both_years.order_by().aggregate(**side_by_side(lambda within: with_median(today, within)))
    totals = {
        each: Row("total", empty_total.label, **{name: both_totals[f"{name}_{each}"] for name in with_median(today)})
        for each in in_year
    }
    kinds = per_year(F("kind"), kind_label)
    agreements = per_year(F("agreement"), labels.agreement)
    categories = per_year(F("category"), category_label)
    directions = per_year(direction_expression(), direction_label)
    months = per_month(this_year, month_starts(datetime.date(year, 1, 1), datetime.date(year, 12, 1)), "F", today)

    protections = {
        each: Protection(
            totals[each],
            {"kind": kinds[each], "agreement": agreements[each], "category": categories[each]}
            | {"direction": directions[each]}
            | ({"month": months} if each == year else {}),
            suppress=suppress,
        )
        for each in (previous_year, year)
    }

    def compare(table: str, rows: dict[int, list[Row]], order, label) -> list[Comparison]:
        """Every group of either year, most this year first; equal counts in `order`."""
        found = {each: {row.key: row for row in rows[each]} for each in rows}
        keys = order(list(dict.fromkeys([row.key for row in rows[year]] + [row.key for row in rows[previous_year]])))
        comparisons = []
        for key in keys:
            current = found[year].get(key) or Row(key, label(key))
            previous = found[previous_year].get(key) or Row(key, label(key))
            comparisons.append(
                _comparison(
                    key,
                    current.label,
                    protections[previous_year].figures(table, previous),
                    protections[year].figures(table, current),
                    current.count,
                )
            )
        return sorted(comparisons, key=lambda comparison: -comparison.current_count)

    def agreement_order(keys):
        return [row.key for row in labels.in_agreement_order([Row(key, "") for key in keys])]

    total_comparison = _comparison(
        "total",
        empty_total.label,
        protections[previous_year].figures("total", totals[previous_year]),
        protections[year].figures("total", totals[year]),
        totals[year].count,
    )
    kind_comparisons = compare("kind", kinds, lambda keys: Deviation.Kind.values, kind_label)
    kind_comparisons.sort(key=lambda comparison: Deviation.Kind.values.index(str(comparison.key)))

    pairs = (
        both_years.order_by()
        .values("category", "agreement")
        .annotate(**{f"count_{each}": Count("received_at", filter=in_year[each]) for each in in_year})
        .order_by()
    )
    counts = {(each, item["category"], item["agreement"]): item[f"count_{each}"] for item in pairs for each in in_year}
    current_pairs = sorted(
        (
            (count, category, agreement)
            for (each, category, agreement), count in counts.items()
            if each == year and not (suppress and count < SMALL_COUNT_LIMIT)
        ),
        key=lambda item: (-item[0], CATEGORY_ORDER.index(item[1])),
    )[:TOP_THEMES]
    themes = [
        Theme(
            category=category_label(category),
            agreement=labels.agreement(agreement),
            count=count,
            previous=protect(counts.get((previous_year, category, agreement), 0), suppress),
        )
        for count, category, agreement in current_pairs
    ]

    return AnnualReport(
        year=year,
        suppress=suppress,
        totals=[total_comparison] + kind_comparisons,
        total_figures=protections[year].figures("total", totals[year]),
        previous_total_figures=protections[previous_year].figures("total", totals[previous_year]),
        agreements=compare("agreement", agreements, agreement_order, labels.agreement),
        categories=compare("category", categories, lambda keys: sorted(keys, key=CATEGORY_ORDER.index), category_label),
        directions=sorted(
            compare("direction", directions, lambda keys: Direction.values, direction_label),
            key=lambda comparison: Direction.values.index(str(comparison.key)),
        ),
        themes=themes,
        months=Breakdown("month", str(_("Per måned")), str(_("Måned")), months, protections[year]),
        outcome=outcome(totals[year], protections[year]),
        previous_outcome=outcome(totals[previous_year], protections[previous_year]),
    )
