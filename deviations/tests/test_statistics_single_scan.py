"""The statistics page counts every breakdown in one query (GROUPING SETS) and takes the
median from a histogram of the days to answer: on randomised deviations (seeded), every
figure is the same as counting the rows one breakdown at a time with the plain aggregates
(COUNT ... FILTER per GROUP BY, percentile_cont for the median), small counts and shares
included, for several filters and periods."""

import datetime
import random

import pytest
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.http import QueryDict
from django.utils import timezone

from deviations.forms import StatisticsFilterForm
from deviations.models import Deviation
from deviations.statistics import Protection, Row, compute, direction_expression
from deviations.statistics.aggregates import median_of, with_median
from deviations.statistics.queries import grouped
from deviations.statistics.tables import CATEGORY_ORDER
from deviations.tests.statistics_data import random_partnership

MEASURES = ("count", "in_time", "late", "unanswered_late")


@pytest.fixture
def deviations(skien, porsgrunn, hospital):
    """300 deviations over three years between four organisations, some reopened after an answer."""
    seeded = random.Random(12)
    # Reopened: open again, its first answer's time kept (open, whatever it was answered once).
    agreements = random_partnership(
        seeded, 300, skien, porsgrunn, hospital, days=1100, categories=4, answer_days=60, reopened=lambda answered: 20
    )
    return {"skien": skien, "hospital": hospital, "agreements": agreements}


def counted_row_by_row(selected, labels, today) -> tuple[Row, dict[str, list[Row]]]:
    """The reference: one plain GROUP BY per breakdown, the median by percentile_cont."""
    total = Row("total", "", **selected.order_by().aggregate(**with_median(today)))

    def rows(expression) -> list[Row]:
        return [
            Row(item["group"], "", **{name: item[name] for name in MEASURES})
            for item in grouped(selected, expression, today)
        ]

    tables = {
        "kind": rows(F("kind")),
        "agreement": rows(F("agreement")),
        "category": rows(F("category")),
        "direction": rows(direction_expression()),
        "month": rows(TruncMonth("received_on")),
    }
    sent = dict(
        selected.order_by()
        .values_list("reporter_organisation")
        .annotate(n=Count("*"))
        .values_list("reporter_organisation", "n")
    )
    received = {row.key: row for row in rows(F("concerned_organisation"))}
    organisations = []
    for pk in received.keys() | sent.keys():
        row = received.get(pk) or Row(pk, "")
        row.sent = sent.get(pk, 0)
        organisations.append(row)
    tables["organisation"] = organisations
    return total, tables


def numbers(row: Row) -> tuple:
    return (row.key, row.count, row.in_time, row.late, row.unanswered_late, row.pending, row.sent)


FILTERS = [
    {},
    {"type": "deviation"},
    {"kategori": Deviation.Category.ADMISSION},
    {"retning": "kommune-hf"},
    {"avtale": "ingen"},
    {"organisasjon": "SKIEN", "rolle": "mottaker"},
    {"organisasjon": "SKIEN"},
    {"region": "GRENLAND", "type": "improvement"},
]
PERIODS = [{}, {"fra": "2000-01-01"}, {"fra": "OFFSET-400", "til": "OFFSET-37"}]


@pytest.mark.parametrize("period", PERIODS, ids=["12 months", "all years", "mid-month to mid-month"])
@pytest.mark.parametrize("filters", FILTERS, ids=[str(chosen) for chosen in FILTERS])
def test_one_scan_gives_the_same_figures_as_counting_the_rows(deviations, filters, period):
    today = timezone.localdate()
    data = QueryDict(mutable=True)
    for name, value in (filters | period).items():
        if value.startswith("OFFSET-"):
            value = (today - datetime.timedelta(days=int(value.removeprefix("OFFSET-")))).isoformat()
        value = {"SKIEN": deviations["skien"].slug, "GRENLAND": deviations["skien"].region.slug}.get(value, value)
        data[name] = value
    form = StatisticsFilterForm(data, today=today)
    assert form.is_valid(), form.errors
    selected = form.filter(Deviation.objects.all())
    assert selected.exists()
    total, tables = counted_row_by_row(selected, form.labels(), today)

    for suppress in (False, True):
        stats = compute(
            selected, first_day=form.first_day, last_day=form.last_day, labels=form.labels(), suppress=suppress
        )
        assert numbers(stats.total) == numbers(total)
        assert stats.total.median_days == total.median_days
        assert sum(row.count for row in stats.months.rows) == total.count
        found = {
            "kind": stats.kinds.rows,
            "agreement": stats.agreements.rows,
            "category": stats.categories.rows,
            "direction": stats.directions.rows,
            "organisation": stats.organisations.rows,
            "month": stats.months.rows,
        }
        for table, rows in tables.items():
            assert sorted(map(numbers, (row for row in found[table] if row.count or row.sent)), key=str) == sorted(
                map(numbers, rows), key=str
            ), table
        # What a viewer sees: "<5", the complementary hiding and the shares within the deadline,
        # from the counted rows laid out as the page's tables (which of two equal counts is
        # hidden follows the order of the rows; the page also lists empty months and kinds).
        in_page_order = {}
        for table in ("kind", "month", "agreement", "category", "direction", "organisation"):
            counted = {row.key: row for row in tables[table]}
            in_page_order[table] = [counted.get(row.key) or Row(row.key, "", sent=row.sent) for row in found[table]]
        # The page lists these two by count, its small-count protection sees them in their natural order.
        in_page_order["agreement"] = form.labels().in_agreement_order(tables["agreement"])
        in_page_order["category"] = sorted(tables["category"], key=lambda row: CATEGORY_ORDER.index(row.key))
        reference = Protection(total, in_page_order, senders=in_page_order["organisation"], suppress=suppress)
        assert stats.total_figures == reference.figures("total", total)
        for table, rows in tables.items():
            shown = {row.key: stats.protection.figures(table, row) for row in found[table] if row.count or row.sent}
            assert shown == {row.key: reference.figures(table, row) for row in rows}, table


@pytest.mark.parametrize(
    "values",
    [[], [3], [1, 2], [0, 0, 7], [5, 1, 9, 2], [4, 4, 4, 11, 30, 2], list(range(17)) + [40] * 5],
)
def test_the_median_from_a_histogram_is_the_median_of_the_values(values):
    histogram: dict[int, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    ordered = sorted(values)
    if not ordered:
        assert median_of(histogram) is None
        return
    middle = len(ordered) // 2
    expected = (
        float(ordered[middle])
        if len(ordered) % 2
        else ordered[middle - 1] + (ordered[middle] - ordered[middle - 1]) * 0.5
    )
    assert median_of(histogram) == expected
