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


def measures(today: datetime.date) -> dict:
    """The counts of every breakdown, as aggregates for one GROUP BY query (the statistics
    themselves count the same in one GROUPING SETS statement, scan.py; these are the plain
    ORM's counts the tests hold it to).

    The filtered counts count received_at (never null) because COUNT(*) takes no FILTER in
    Django, and the id is not in the index the statistics read. No median here: an
    ordered-set aggregate makes PostgreSQL sort every row by group instead of hashing, which
    measured with a million deviations tripled the page's time. The median is the whole
    set's (with_median()).
    """

    def counting(condition: Q | None = None):
        return Count("*") if condition is None else Count("received_at", filter=condition)

    return {
        "count": counting(),
        "in_time": counting(ANSWERED_IN_TIME),
        "late": counting(ANSWERED_LATE),
        "unanswered_late": counting(overdue_condition(today)),
    }


def with_median(today: datetime.date) -> dict:
    """measures() and the median of the days to answer, of the answered ones only (a reopened
    case keeps its first answer's days until it is answered again, but it is open)."""
    return measures(today) | {"median_days": Median("days_to_answer", filter=IS_ANSWERED)}


def median_of(histogram: dict[int, int]) -> float | None:
    """percentile_cont(0.5) of the values a histogram {value: how many} counts, the way
    PostgreSQL computes it: the middle value, or the one between the two middle values
    (lower + (upper - lower) * 0.5, in floating point), so a median from a histogram is the
    same number as the aggregate over the rows."""
    total = sum(histogram.values())
    if not total:
        return None
    position = 0.5 * (total - 1)
    lower_index = int(position)
    upper_index = lower_index + (position > lower_index)
    lower = upper = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_index:
            lower = value
        if seen > upper_index:
            upper = value
            break
    assert lower is not None and upper is not None
    return float(lower) + (position - lower_index) * float(upper - lower)
