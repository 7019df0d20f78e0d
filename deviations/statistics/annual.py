"""The annual report: one year's figures against the year before."""

import dataclasses
import datetime

from django.db.models import DateField, F
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, ExtractYear, TruncMonth
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation, local_today
from deviations.statistics import rollups
from deviations.statistics.aggregates import median_of
from deviations.statistics.directions import Direction, direction_expression
from deviations.statistics.queries import month_starts, received_from_to
from deviations.statistics.rows import Figures, Row
from deviations.statistics.scan import grouping_sets, histogram_of
from deviations.statistics.suppression import SMALL_COUNT_LIMIT, Protection, protect
from deviations.statistics.tables import (
    CATEGORY_ORDER,
    Breakdown,
    Labels,
    Outcome,
    category_label,
    direction_label,
    kind_label,
    outcome,
)


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
    before, now = previous.count, current.count
    change = now - before if isinstance(before, int) and isinstance(now, int) else None
    percent = change / before if isinstance(before, int) and change is not None and before else None
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


def _canonical(table: str, rows: list[Row], labels: Labels) -> list[Row]:
    """A table's rows in one order whatever the query's (small-count protection follows it)."""
    if table == "kind":
        return sorted(rows, key=lambda row: Deviation.Kind.values.index(str(row.key)))
    if table == "agreement":
        return labels.in_agreement_order(rows)
    if table == "category":
        return sorted(rows, key=lambda row: CATEGORY_ORDER.index(str(row.key)))
    return sorted(rows, key=lambda row: Direction.values.index(str(row.key)))


def _from_rollup(year: int, previous_year: int, labels: Labels, today):
    """The annual report's numbers from the roll-up: four queries (rollups.rolled_up_breakdowns per year)."""
    empty_label = str(_("Alle meldinger"))
    totals: dict[int, Row] = {}
    tables: dict[str, dict[int, list[Row]]] = {"kind": {}, "agreement": {}, "category": {}, "direction": {}}
    counts: dict[tuple, int] = {}
    months: list[Row] = []
    names = {"kind": kind_label, "agreement": labels.agreement, "category": category_label}
    names["direction"] = direction_label
    for each in (previous_year, year):
        total, groups, days = rollups.rolled_up_breakdowns(
            datetime.date(each, 1, 1), datetime.date(each, 12, 31), today, themes=True
        )
        totals[each] = Row("total", empty_label, **total, median_days=median_of(days))
        for table, label in names.items():
            rows = [
                Row(item["group"], label(item["group"]), **{k: v for k, v in item.items() if k != "group"})
                for item in groups[table]
                if item["count"]
            ]
            tables[table][each] = _canonical(table, rows, labels)
        for item in groups.get("theme", []):
            category, agreement = item["group"]
            counts[(each, category, agreement)] = item["count"]
        if each == year:
            found = {item["group"]: item for item in groups["month"]}
            for month in month_starts(datetime.date(year, 1, 1), datetime.date(year, 12, 1)):
                item = found.get(month, {})
                months.append(Row(month, date_format(month, "F"), **{k: v for k, v in item.items() if k != "group"}))
    return totals, tables, months, counts


def _from_rows(deviations, year: int, previous_year: int, labels: Labels, today):
    """The annual report's numbers counted from the rows of both years: one query.

    One GROUP BY GROUPING SETS (scan.grouping_sets) serves every table of both years (the
    totals with the days' histogram for the median, kind, agreement, category, direction,
    month and category × agreement), each set grouped by the year too: one scan of the
    years' rows instead of one per table, so a handler's report costs the same few queries
    as the quality committee's roll-up. PostgreSQL hashes every set in that one pass; the
    median comes from the days' histogram (median_of) rather than percentile_cont, which
    would make it sort the rows.
    """
    keys: dict[str, Combinable] = {
        "year": ExtractYear("received_on"),
        "kind": F("kind"),
        "agreement": F("agreement"),
        "category": F("category"),
        "direction": direction_expression(),
        "month": Cast(TruncMonth("received_on"), DateField()),
        "days": F("days_to_answer"),
    }
    names = {
        "kind": kind_label,
        "agreement": labels.agreement,
        "category": category_label,
        "direction": direction_label,
    }
    sets = [("year",), *[("year", table) for table in names], ("month",), ("year", "category", "agreement")]
    found = grouping_sets(deviations, keys, [*sets, ("year", "days")], today)
    measures = ("count", "in_time", "late", "unanswered_late")
    nothing = dict.fromkeys(measures, 0)

    def counted(counts: dict[str, int]) -> dict[str, int]:
        return {name: counts[name] for name in measures}

    days = {
        each: histogram_of([(group, n) for group, n in found[("year", "days")] if group[0] == each])
        for each in (previous_year, year)
    }
    by_year = {group[0]: counts for group, counts in found[("year",)]}
    empty_label = str(_("Alle meldinger"))
    totals = {
        each: Row(
            "total",
            empty_label,
            **counted(by_year.get(each) or nothing),
            median_days=median_of(days[each]),
        )
        for each in (previous_year, year)
    }
    tables: dict[str, dict[int, list[Row]]] = {}
    for table, label in names.items():
        tables[table] = {
            each: _canonical(
                table,
                [Row(key, label(key), **counted(counts)) for (of, key), counts in found[("year", table)] if of == each],
                labels,
            )
            for each in (previous_year, year)
        }
    by_month = {month: counts for (month,), counts in found[("month",)]}
    months = [
        Row(month, date_format(month, "F"), **counted(by_month.get(month) or nothing))
        for month in month_starts(datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    ]
    counts = {
        (each, category, agreement): n["count"]
        for (each, category, agreement), n in found[("year", "category", "agreement")]
    }
    return totals, tables, months, counts


def annual_report(
    deviations, year: int, *, labels: Labels, suppress: bool, today=None, rolled_up: bool = False
) -> AnnualReport:
    """The figures of one year against the year before: one query (_from_rows); with
    `rolled_up` (when `deviations` are all of them), four from the roll-up."""
    today = today or local_today()
    previous_year = year - 1
    if rolled_up:
        totals, tables, months, counts = _from_rollup(year, previous_year, labels, today)
    else:
        both_years = received_from_to(deviations, datetime.date(previous_year, 1, 1), datetime.date(year, 12, 31))
        totals, tables, months, counts = _from_rows(both_years, year, previous_year, labels, today)
    kinds, agreements = tables["kind"], tables["agreement"]
    categories, directions = tables["category"], tables["direction"]
    empty_total = Row("total", str(_("Alle meldinger")))

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

    agreement_rank = {pk: index for index, pk in enumerate(labels.agreement_order)}
    current_pairs = sorted(
        (
            (count, category, agreement)
            for (each, category, agreement), count in counts.items()
            if each == year and not (suppress and count < SMALL_COUNT_LIMIT)
        ),
        key=lambda item: (-item[0], CATEGORY_ORDER.index(item[1]), agreement_rank.get(item[2], len(agreement_rank))),
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
