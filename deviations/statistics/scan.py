"""Every breakdown of the statistics from one scan of the deviations (GROUP BY GROUPING SETS)."""

import datetime
from collections.abc import Mapping, Sequence

from django.db import connections
from django.db.models import DateField, F
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, TruncMonth

from deviations.models import OPEN_STATUSES
from deviations.statistics.directions import direction_expression

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

# What grouping_sets() counts per group: every deviation is in exactly one of in time, late,
# overdue (unanswered_late) and pending; `answered` (in time or late) is for the days' histogram.
SET_MEASURES = ("count", "in_time", "late", "unanswered_late", "answered")

GroupingSet = tuple[str, ...]


def grouping_sets(
    deviations, keys: Mapping[str, Combinable], sets: Sequence[GroupingSet], today: datetime.date
) -> dict[GroupingSet, list[tuple[tuple, dict[str, int]]]]:
    """One GROUP BY GROUPING SETS over `deviations`, grouped by each set of `keys` (by name):
    {set: [(the group's values in the set's order, {measure: n, ...}), ...]}. The empty set ()
    is the total.

    PostgreSQL hashes every set during one scan of the rows (index-only where the index
    deviation_statistics covers the keys); GROUPING() tells the sets apart.
    """
    names = list(keys)
    columns = [f"g_{name}" for name in names]
    inner = (
        deviations.order_by()
        .annotate(**{column: keys[name] for column, name in zip(columns, names, strict=True)})
        .values(*columns, "status", "answered_on", "respond_by")
    )
    sql, params = inner.query.sql_with_params()
    open_list = ", ".join(["%s"] * len(OPEN_STATUSES))
    is_open = f"status IN ({open_list})"
    grouped_by = ", ".join("(" + ", ".join(f"g_{name}" for name in each) + ")" for each in sets)
    outer = (
        f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, COUNT(*), "
        f"COUNT(*) FILTER (WHERE NOT {is_open} AND answered_on <= respond_by), "
        f"COUNT(*) FILTER (WHERE NOT {is_open} AND answered_on > respond_by), "
        f"COUNT(*) FILTER (WHERE {is_open} AND respond_by < %s), "
        f"COUNT(*) FILTER (WHERE NOT {is_open}) "
        f"FROM ({sql}) AS filtered "
        f"GROUP BY GROUPING SETS ({grouped_by})"
    )
    arguments = [*OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, today, *OPEN_STATUSES, *params]
    # GROUPING() sets a bit for each column a set does not group by, the first column highest.
    everything = (1 << len(columns)) - 1
    set_of = {
        everything ^ sum(1 << (len(columns) - 1 - names.index(name)) for name in each): tuple(each) for each in sets
    }
    found: dict[GroupingSet, list[tuple[tuple, dict[str, int]]]] = {tuple(each): [] for each in sets}
    with connections[deviations.db].cursor() as cursor:
        cursor.execute(outer, arguments)
        for grouping, *values in cursor.fetchall():
            each = set_of[grouping]
            group = tuple(values[names.index(name)] for name in each)
            found[each].append((group, dict(zip(SET_MEASURES, values[len(columns) :], strict=True))))
    return found


def breakdowns(
    deviations, today: datetime.date, *, histogram: bool = True
) -> tuple[dict, dict[str, list[dict]], dict[int, int]]:
    """All the page's counts in one query: (the total's counts, {key: [{"group": ..., "count": n,
    ...}, ...]}, {days to answer: how many answered in that many days}).

    The same measures as measures() (every deviation in exactly one of in time, late,
    overdue, pending), counted per grouping set of one GROUP BY GROUPING SETS over the
    filtered deviations (grouping_sets()). The days to answer come back as a histogram of
    the answered ones, for median_of(); without `histogram` (the roll-up has it) that
    grouping set is left out.
    """
    keys = {
        name: direction_expression() if key is None else key
        for name, key in BREAKDOWN_KEYS.items()
        if histogram or name != "days"
    }
    found = grouping_sets(deviations, keys, [(name,) for name in keys] + [()], today)
    total = {"count": 0, "in_time": 0, "late": 0, "unanswered_late": 0}
    for _group, counts in found[()]:
        total = _without_answered(counts)
    groups: dict[str, list[dict]] = {
        name: [{"group": group} | _without_answered(counts) for (group,), counts in found[(name,)]]
        for name in keys
        if name != "days"
    }
    days = histogram_of(found.get(("days",), []))
    return total, groups, days


def _without_answered(counts: dict[str, int]) -> dict[str, int]:
    return {name: value for name, value in counts.items() if name != "answered"}


def histogram_of(days: list[tuple[tuple, dict[str, int]]]) -> dict[int, int]:
    """{days to answer: how many were answered in that many days} from a set grouped by the days last."""
    return {group[-1]: counts["answered"] for group, counts in days if counts["answered"]}
