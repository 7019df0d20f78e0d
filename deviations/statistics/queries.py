"""The statistics of a filtered set of deviations: the grouped queries and the page's figures."""

import dataclasses
import datetime

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation, local_today
from deviations.statistics import rollups
from deviations.statistics.aggregates import measures, median_of
from deviations.statistics.directions import Direction
from deviations.statistics.rows import Figures, Row
from deviations.statistics.scan import breakdowns
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


# The page's organisation table: the most active ones; one organisation is a filter away,
# and the exports list every one (a national partnership has some 1,600).
ORGANISATIONS_ON_PAGE = 25


def compute(
    deviations, *, first_day, last_day, labels: Labels, suppress: bool, today=None, rolled_up: bool = False
) -> Statistics:
    """The statistics of `deviations`, already limited to those received from first_day to
    last_day (StatisticsFilterForm.filter does it). One query (breakdowns()); with
    `rolled_up`, when `deviations` are all those of the period, from the roll-up instead
    (rollups.rolled_up_breakdowns(), at most three queries whatever the period's length).
    """
    today = today or local_today()
    if rolled_up:
        counts, groups, days = rollups.rolled_up_breakdowns(first_day, last_day, today)
    else:
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
    organisations.sort(key=lambda row: (-(row.count + (row.sent or 0)), row.label, row.key))

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
            "organisation",
            _("Per organisasjon"),
            _("Organisasjon"),
            organisations,
            with_sent=True,
            limit=ORGANISATIONS_ON_PAGE,
        ),
    )


def received_from_to(deviations, first_day: datetime.date, last_day: datetime.date):
    """Received from first_day through last_day, local dates (index-friendly, see received_between)."""
    return deviations.received_between(first_day, last_day + datetime.timedelta(days=1))
