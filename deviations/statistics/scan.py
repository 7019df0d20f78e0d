"""Every breakdown of the statistics from one scan of the deviations (GROUP BY GROUPING SETS)."""

import datetime

from django.db import connections
from django.db.models import DateField, F
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


def breakdowns(
    deviations, today: datetime.date, *, histogram: bool = True
) -> tuple[dict, dict[str, list[dict]], dict[int, int]]:
    """All the page's counts in one query: (the total's counts, {key: [{"group": ..., "count": n,
    ...}, ...]}, {days to answer: how many answered in that many days}).

    The same measures as measures() (every deviation in exactly one of in time, late,
    overdue, pending), counted per grouping set of one GROUP BY GROUPING SETS over the
    filtered deviations; PostgreSQL hashes each set during one index-only scan. The days
    to answer come back as a histogram of the answered ones, for median_of(); without
    `histogram` (the roll-up has it) that grouping set is left out.
    """
    keys = {
        name: direction_expression() if key is None else key
        for name, key in BREAKDOWN_KEYS.items()
        if histogram or name != "days"
    }
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
