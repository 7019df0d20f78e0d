"""A handler's annual report counts both years in one GROUPING SETS statement: on randomised
deviations (seeded), every figure it shows is the one counted from the rows a different way,
one plain GROUP BY per table and year (COUNT ... FILTER, percentile_cont for the median),
small counts, shares within the deadline and the recurring themes included; and the page
stays within the portal's ten queries at two sizes of data."""

import datetime
import random

import pytest
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from agreements.models import Agreement
from deviations.models import Deviation
from deviations.statistics import Direction, Labels, Protection, Row, annual_report, direction_expression, protect
from deviations.statistics.aggregates import with_median
from deviations.statistics.annual import TOP_THEMES, AnnualReport
from deviations.statistics.queries import grouped, month_starts
from deviations.statistics.scope import statistics_access
from deviations.statistics.tables import CATEGORY_ORDER, category_label
from deviations.tests.statistics_data import random_partnership

PAGE_BUDGET = 10  # the portal's rule for every page (portal/tests/test_every_page_budget.py)
MEASURES = ("count", "in_time", "late", "unanswered_late")
TODAY = timezone.localdate()
YEARS = (TODAY.year - 1, TODAY.year)


@pytest.fixture(params=[60, 600], ids=["60", "600"])
def deviations(request, skien, porsgrunn, hospital):
    """Deviations over three years between four organisations, some reopened after an answer."""
    seeded = random.Random(request.param)
    random_partnership(
        seeded,
        request.param,
        skien,
        porsgrunn,
        hospital,
        days=1000,
        categories=5,
        answer_days=50,
        reopened=lambda answered: answered // 10,
    )
    return request.param


def page_labels() -> Labels:
    return Labels.from_lists([], Agreement.objects.order_by("law_point", "identifier"))


class Counted:
    """One year's figures, one plain GROUP BY per table over the year's rows (received_on__year)."""

    def __init__(self, deviations, year: int, labels: Labels):
        selected = deviations.filter(received_on__year=year)
        self.total = Row("total", "", **selected.order_by().aggregate(**with_median(TODAY)))

        def rows(expression) -> dict:
            return {
                item["group"]: Row(item["group"], "", **{name: item[name] for name in MEASURES})
                for item in grouped(selected, expression, TODAY)
            }

        self.tables = {
            "kind": rows(F("kind")),
            "agreement": rows(F("agreement")),
            "category": rows(F("category")),
            "direction": rows(direction_expression()),
        }
        found_months = rows(TruncMonth("received_on"))
        self.months = [
            found_months.get(month) or Row(month, "")
            for month in month_starts(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
        ]
        self.pairs = {
            (item["category"], item["agreement"]): item["n"]
            for item in selected.order_by().values("category", "agreement").annotate(n=Count("*"))
        }
        # The order each table's small-count protection sees its rows in: the natural one.
        orders = {
            "kind": lambda rows: sorted(rows, key=lambda row: Deviation.Kind.values.index(row.key)),
            "agreement": labels.in_agreement_order,
            "category": lambda rows: sorted(rows, key=lambda row: CATEGORY_ORDER.index(row.key)),
            "direction": lambda rows: sorted(rows, key=lambda row: Direction.values.index(row.key)),
        }
        self.ordered = {table: orders[table](list(self.tables[table].values())) for table in self.tables}

    def protection(self, suppress: bool, *, with_months: bool) -> Protection:
        return Protection(self.total, self.ordered | ({"month": self.months} if with_months else {}), suppress=suppress)


def assert_counted(report: AnnualReport, deviations, suppress: bool) -> None:
    labels = page_labels()
    year, previous_year = report.year, report.year - 1
    now, before = Counted(deviations, year, labels), Counted(deviations, previous_year, labels)
    shown, shown_before = now.protection(suppress, with_months=True), before.protection(suppress, with_months=False)
    assert report.total_figures == shown.figures("total", now.total)
    assert report.previous_total_figures == shown_before.figures("total", before.total)
    assert [row.figures.count for row in report.outcome.shown] == [
        getattr(shown.figures("total", now.total), part) for part in ("in_time", "late", "unanswered_late", "pending")
    ]

    kinds = report.totals[1:]
    for table, comparisons in (
        ("kind", kinds),
        ("agreement", report.agreements),
        ("category", report.categories),
        ("direction", report.directions),
    ):
        keys = set(now.tables[table]) | set(before.tables[table])
        assert {comparison.key for comparison in comparisons} >= keys, table
        for comparison in comparisons:
            current = now.tables[table].get(comparison.key) or Row(comparison.key, "")
            previous = before.tables[table].get(comparison.key) or Row(comparison.key, "")
            assert comparison.figures == shown.figures(table, current), (table, comparison.key)
            assert comparison.current == shown.figures(table, current).count, (table, comparison.key)
            assert comparison.previous == shown_before.figures(table, previous).count, (table, comparison.key)

    assert [row.key for row in report.months.rows] == [row.key for row in now.months]
    assert [row.figures for row in report.months.shown] == [shown.figures("month", row) for row in now.months]

    # The recurring themes: the year's pairs of category and agreement (those with reports in
    # it, as the roll-up counts them), most first, with the year before's count beside each.
    agreement_rank = {pk: index for index, pk in enumerate(labels.agreement_order)}
    themes = sorted(
        (
            (count, category, agreement)
            for (category, agreement), count in now.pairs.items()
            if not (suppress and count < 5)
        ),
        key=lambda item: (-item[0], CATEGORY_ORDER.index(item[1]), agreement_rank.get(item[2], len(agreement_rank))),
    )[:TOP_THEMES]
    assert [(theme.category, theme.agreement, theme.count, theme.previous) for theme in report.themes] == [
        (
            category_label(category),
            labels.agreement(agreement),
            count,
            protect(before.pairs.get((category, agreement), 0), suppress),
        )
        for count, category, agreement in themes
    ]


@pytest.mark.parametrize("year", YEARS)
def test_a_handlers_annual_report_shows_the_numbers_counted_from_the_rows_within_ten_queries(
    client, deviations, hospital_handler, year, django_assert_max_num_queries
):
    access = statistics_access(hospital_handler)
    assert access is not None and access.organisation is not None
    client.force_login(hospital_handler)
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(f"/avvik/statistikk/arsrapport/{year}/")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total_figures.count, "the handler's organisation has reports this year"
    assert_counted(report, access.deviations, access.suppress_small_counts)
    # The same report with small counts hidden, as a coordinator would see such figures.
    hidden = annual_report(access.deviations, year, labels=page_labels(), suppress=True, today=TODAY)
    assert_counted(hidden, access.deviations, suppress=True)
