"""The SQL aggregates every breakdown counts: one GROUP BY query per table, nothing counted in Python."""

import datetime

from django.db.models import Aggregate, Count, FloatField, Q

from deviations.models import ANSWERED_IN_TIME, ANSWERED_LATE, IS_ANSWERED, overdue_condition


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
        "unanswered_late": counting(overdue_condition(today)),
    }


def with_median(today: datetime.date, within: Q | None = None) -> dict:
    """measures() and the median of the days to answer, of the answered ones only (a reopened
    case keeps its first answer's days until it is answered again, but it is open)."""
    answered = IS_ANSWERED if within is None else IS_ANSWERED & within
    return measures(today, within) | {"median_days": Median("days_to_answer", filter=answered)}
