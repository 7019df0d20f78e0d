"""The statistics of a filtered set of deviations: the grouped queries and the page's figures."""

import dataclasses
import datetime

from django.db import connections
from django.db.models import DateField, F
from django.db.models.functions import Cast, TruncMonth
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from deviations.models import OPEN_STATUSES, Deviation, local_today
from deviations.statistics.aggregates import measures, median_of
from deviations.statistics.directions import Direction, direction_expression
from deviations.statistics.rows import Figures, Row
from deviations.statistics.suppression import Protection
from deviations.statistics.tables import (
    CATEGORY_ORDER,
    Breakdown,
    Labels,
    Outcome,
    category_label,
    complete,
    direction_label,
    kind_label,
    outcome,
)


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


# The keys compute() groups by, each a grouping set of one query (GROUPING SETS): every
# breakdown from a single scan of the period, instead of one scan per breakdown.
BREAKDOWN_KEYS = {
    "kind": F("kind"),
    "month": Cast(TruncMonth("received_on"), DateField()),
    "agreement": F("agreement"),
    "category": F("category"),
    "direction": None,  # direction_expression(), built per call
    "concerned": F("concerned_organisation"),
    "reporter": F("reporter_organisation"),
    "days": F("days_to_answer"),
}


def breakdowns(deviations, today: datetime.date) -> tuple[dict, dict[str, list[dict]], dict[int, int]]:
    """All the page's counts in one query: (the total's counts, {key: [{"group": ..., "count": n,
    ...}, ...]}, {days to answer: how many answered in that many days}).

    The same measures as measures() (every deviation in exactly one of in time, late,
    overdue, pending), counted per grouping set of one GROUP BY GROUPING SETS over the
    filtered deviations; PostgreSQL hashes each set during one index-only scan. The days
    to answer come back as a histogram of the answered ones, for median_of().
    """
    keys = {name: direction_expression() if key is None else key for name, key in BREAKDOWN_KEYS.items()}
    inner = (
        deviations.order_by()
        .annotate(**{f"g_{name}": key for name, key in keys.items()})
        .values(*[f"g_{name}" for name in keys], "status", "answered_on", "respond_by")
    )
    sql, params = inner.query.sql_with_params()
    columns = [f"g_{name}" for name in keys]
    open_list = ", ".join(["%s"] * len(OPEN_STATUSES))
    is_open = f"status IN ({open_list})"
    outer = (
        f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, COUNT(*), "
        f"COUNT(*) FILTER (WHERE NOT {is_open} AND answered_on <= respond_by), "
        f"COUNT(*) FILTER (WHERE NOT {is_open} AND answered_on > respond_by), "
        f"COUNT(*) FILTER (WHERE {is_open} AND respond_by < %s), "
        f"COUNT(*) FILTER (WHERE NOT {is_open}) "
        f"FROM ({sql}) AS filtered "
        f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)}, ())"
    )
    arguments = [*OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, today, *OPEN_STATUSES, *params]
    # GROUPING() sets a bit for each column not grouped by: one bit clear per single-key set.
    everything = (1 << len(columns)) - 1
    set_of = {everything ^ (1 << (len(columns) - 1 - index)): name for index, name in enumerate(keys)}
    total = {"count": 0, "in_time": 0, "late": 0, "unanswered_late": 0}
    groups: dict[str, list[dict]] = {name: [] for name in keys if name != "days"}
    days: dict[int, int] = {}
    with connections[deviations.db].cursor() as cursor:
        cursor.execute(outer, arguments)
        for grouping, *values in cursor.fetchall():
            count, in_time, late, unanswered_late, answered = values[len(columns) :]
            counts = {"count": count, "in_time": in_time, "late": late, "unanswered_late": unanswered_late}
            if grouping == everything:
                total = counts
                continue
            name = set_of[grouping]
            group = values[list(keys).index(name)]
            if name == "days":
                if answered:
                    days[group] = answered
            else:
                groups[name].append({"group": group} | counts)
    return total, groups, days


def compute(deviations, *, first_day, last_day, labels: Labels, suppress: bool, today=None) -> Statistics:
    """The statistics of `deviations`, already limited to those received from first_day to
    last_day (StatisticsFilterForm.filter does it). One query (breakdowns()).
    """
    today = today or local_today()
    counts, groups, days = breakdowns(deviations, today)
    total = Row("total", str(_("Alle meldinger")), **counts, median_days=median_of(days))
    kinds = complete(_rows(groups["kind"], kind_label), Deviation.Kind.values, kind_label)
    found_months = {item["group"]: item for item in groups["month"]}
    months = [
        _rows([found_months.get(month, {}) | {"group": month}], lambda month: date_format(month, "F Y"))[0]
        for month in month_starts(first_day, last_day)
    ]
    agreements = labels.in_agreement_order(_rows(groups["agreement"], labels.agreement))
    categories = sorted(
        _rows(groups["category"], category_label),
        key=lambda row: CATEGORY_ORDER.index(str(row.key)),
    )
    directions = complete(_rows(groups["direction"], direction_label), Direction.values, direction_label)
    received = {row.key: row for row in _rows(groups["concerned"], str)}
    sent = {item["group"]: item["count"] for item in groups["reporter"]}
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
