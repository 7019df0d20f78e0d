"""The annual report: one year's figures against the year before."""

import dataclasses
import datetime

from django.db.models import Count, F, Q
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation, local_today, start_of_local_day
from deviations.statistics import rollups
from deviations.statistics.aggregates import measures, median_of, with_median
from deviations.statistics.directions import Direction, direction_expression
from deviations.statistics.queries import month_starts, per_month, received_from_to
from deviations.statistics.rows import Figures, Row
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


def annual_report(
    deviations, year: int, *, labels: Labels, suppress: bool, today=None, rolled_up: bool = False
) -> AnnualReport:
    """The figures of one year against the year before. Seven queries, each an aggregate;
    with `rolled_up` (when `deviations` are all of them), four from the roll-up."""
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
    if rolled_up:
        totals, tables, months, counts = _from_rollup(year, previous_year, labels, today)
        kinds, agreements = tables["kind"], tables["agreement"]
        categories, directions = tables["category"], tables["direction"]
    else:
        both_totals = both_years.order_by().aggregate(**side_by_side(lambda within: with_median(today, within)))
        totals = {
            each: Row(
                "total", empty_total.label, **{name: both_totals[f"{name}_{each}"] for name in with_median(today)}
            )
            for each in in_year
        }
        kinds = per_year(F("kind"), kind_label)
        agreements = per_year(F("agreement"), labels.agreement)
        categories = per_year(F("category"), category_label)
        directions = per_year(direction_expression(), direction_label)
        months = per_month(this_year, month_starts(datetime.date(year, 1, 1), datetime.date(year, 12, 1)), "F", today)
        kinds = {each: _canonical("kind", rows, labels) for each, rows in kinds.items()}
        agreements = {each: _canonical("agreement", rows, labels) for each, rows in agreements.items()}
        categories = {each: _canonical("category", rows, labels) for each, rows in categories.items()}
        directions = {each: _canonical("direction", rows, labels) for each, rows in directions.items()}

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

    if not rolled_up:
        pairs = (
            both_years.order_by()
            .values("category", "agreement")
            .annotate(**{f"count_{each}": Count("received_at", filter=in_year[each]) for each in in_year})
            .order_by()
        )
        counts = {
            (each, item["category"], item["agreement"]): item[f"count_{each}"] for item in pairs for each in in_year
        }
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
