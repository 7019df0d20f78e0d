"""The statistics of a whole period from the roll-up (StatisticsRollup), for those who see
every deviation and filter by nothing but the period: the partnership's own figures.

The roll-up counts per local month and per year, so whole years and months come from it
(a year's rows, one per organisation, instead of its twelve months') and the days of a
partial month at either end are counted from the rows (breakdowns(), the same query as
for a filtered set). Where an open deviation stands depends on today: the roll-up keeps
them as open, and the few still within their deadline are counted from the rows through
the partial index deviation_open_deadline; the rest are past it. The figures are the
same as counting the rows (test_statistics_rollup).
"""

import datetime

from django.db import connection
from django.db.models import Q

from deviations.models import OPEN_STATUSES, Deviation, StatisticsRollup, start_of_local_day
from deviations.statistics.scan import breakdowns

MEASURES = ("count", "in_time", "late", "unanswered_late")


def _key(dimension: str, key: str):
    if dimension in ("kind", "category", "direction"):
        return key
    if dimension == "month":
        return datetime.date.fromisoformat(key)
    if dimension == "agreement":
        return int(key) if key else None
    if dimension == "theme":
        category, agreement = key.split(":")
        return (category, int(agreement) if agreement else None)
    return int(key) if key else None  # concerned, reporter, days


def _month_after(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def whole_months(first_day: datetime.date, last_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[start, end): the whole local months from first_day through last_day (start == end: none)."""
    start = first_day if first_day.day == 1 else _month_after(first_day)
    end = (last_day + datetime.timedelta(days=1)).replace(day=1)
    return start, max(start, end)


def _add(into: dict, total: dict, groups: dict[str, list[dict]]) -> None:
    for name in MEASURES:
        into["total"][name] += total[name]
    for dimension, items in groups.items():
        for item in items:
            found = into["groups"].setdefault((dimension, item["group"]), dict.fromkeys(MEASURES, 0))
            for name in MEASURES:
                found[name] += item[name]


def _spans(start: datetime.date, until: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The roll-up's spans that make up the months [start, until): each whole year inside
    as one year, the months before and after it as months. [(span, from, to), ...]"""
    if start >= until:
        return []
    first_year = start if start.month == 1 else datetime.date(start.year + 1, 1, 1)
    last_year = until.replace(month=1)
    if first_year >= last_year:
        return [(StatisticsRollup.Span.MONTH, start, until)]
    spans: list[tuple[str, datetime.date, datetime.date]] = []
    if start < first_year:
        spans.append((StatisticsRollup.Span.MONTH, start, first_year))
    spans.append((StatisticsRollup.Span.YEAR, first_year, last_year))
    if last_year < until:
        spans.append((StatisticsRollup.Span.MONTH, last_year, until))
    return spans


def _rolled_up_months(
    start: datetime.date, end: datetime.date, until: datetime.date, after_last: datetime.date, themes: bool
) -> tuple[list[tuple], datetime.date]:
    """The roll-up's sums per dimension and key over the months from `start`, and whether the
    months reach `until` or stop at `end`: one query.

    From `end` to `until` are the months after the period's last whole month, up to the end
    of its year, the first of them partial (the period ends at `after_last`). When no
    deviation was received from `after_last` to `until` (the period runs to today and
    nothing is dated later), those months' rows are all in the period and their roll-up is
    theirs, so the year is whole; otherwise the period stops at `end` and the partial
    month's days are counted from the rows. The look for later rows is an index probe
    (deviation_received), asked once in the same statement: each alternative's rows are
    read only when it holds (a one-time filter), and its answer comes back as a row of its
    own ("later"). Whole years are read from the yearly rows (_spans).
    """
    rollup = StatisticsRollup._meta.db_table
    deviations = Deviation._meta.db_table
    parameters: dict = {
        "after_last": start_of_local_day(after_last),
        "until_at": start_of_local_day(until),
    }
    theme = "" if themes else "AND dimension <> 'theme'"
    parts: list[str] = []

    def read(spans, condition: str) -> None:
        for span, first, after in spans:
            index = len(parts)
            parameters.update({f"span{index}": span, f"from{index}": first, f"to{index}": after})
            parts.append(
                f"SELECT dimension, key, count, in_time, late, open, answered FROM {rollup} "
                f"WHERE span = %(span{index})s AND month >= %(from{index})s AND month < %(to{index})s "
                f"{theme} {condition}"
            )

    if end == until:
        read(_spans(start, until), "")
    else:
        read(_spans(start, end), "AND (SELECT found FROM later)")
        read(_spans(start, until), "AND NOT (SELECT found FROM later)")
    rows_sql = (
        " UNION ALL ".join(parts)
        or f"SELECT dimension, key, count, in_time, late, open, answered FROM {rollup} WHERE false"
    )
    sql = f"""
        WITH later AS MATERIALIZED (
            SELECT EXISTS (SELECT 1 FROM {deviations} WHERE received_at >= %(after_last)s AND received_at < %(until_at)s) AS found
        )
        SELECT dimension, key, SUM(count), SUM(in_time), SUM(late), SUM(open), SUM(answered)
        FROM ({rows_sql}) AS rolled
        GROUP BY dimension, key
        HAVING SUM(count) > 0
        UNION ALL
        SELECT 'later', '', (SELECT found FROM later)::int, 0, 0, 0, 0
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    found_later = any(dimension == "later" and n for dimension, _key, n, *_rest in rows)
    return [row for row in rows if row[0] != "later"], (end if found_later else until)


def rolled_up_breakdowns(
    first_day: datetime.date, last_day: datetime.date, today: datetime.date, *, themes: bool = False
) -> tuple[dict, dict[str, list[dict]], dict[int, int]]:
    """What breakdowns() answers for every deviation received from first_day through
    last_day, from the roll-up. Three queries at most: the roll-up's months, the open
    ones within their deadline in those months, and the rows of partial months. The
    category × agreement pairs ("theme", of the roll-up's months) only with `themes`.

    A period that runs to today (the default twelve months, "so far this year") ends in a
    partial month; as nothing is received in the future, that month is the roll-up's too
    (_rolled_up_months), and only a partial month at the start is counted from the rows.
    """
    start, end = whole_months(first_day, last_day)
    after_last = last_day + datetime.timedelta(days=1)
    parts: list[tuple[dict, dict[str, list[dict]]]] = []  # (total, groups) of the roll-up and of the rows
    days: dict[int, int] = {}
    # A period that runs to today may take the rest of its year from the roll-up (nothing is
    # received later), when it has the first day of its last month.
    last_month = last_day.replace(day=1)
    until = datetime.date(last_day.year + 1, 1, 1) if last_day >= today and start <= last_month else end
    rolled: list[tuple] = []
    if start < until:
        rolled, end = _rolled_up_months(start, end, until, after_last, themes)
    if start < end:
        within_deadline = Deviation.objects.filter(status__in=OPEN_STATUSES, respond_by__gte=today).received_between(
            start, end
        )
        pending_total, pending_groups, _ = breakdowns(within_deadline, today, histogram=False)
        pending = {(name, item["group"]): item["count"] for name, items in pending_groups.items() for item in items}
        total = dict.fromkeys(MEASURES, 0)
        groups: dict[str, list[dict]] = {}
        for dimension, text, n, n_in_time, n_late, n_open, n_answered in rolled:
            key = _key(dimension, text)
            if dimension == "days":
                if key is not None and n_answered:
                    days[key] = days.get(key, 0) + n_answered
                continue
            counts = {
                "count": n,
                "in_time": n_in_time,
                "late": n_late,
                "unanswered_late": n_open - pending.get((dimension, key), 0),
            }
            groups.setdefault(dimension, []).append({"group": key} | counts)
            if dimension == "kind":
                for name in ("count", "in_time", "late"):
                    total[name] += counts[name]
                total["unanswered_late"] += n_open
        total["unanswered_late"] -= pending_total["count"]
        parts.append((total, groups))
    if start == end:
        edges = [(first_day, after_last)]
    else:
        edges = [(first_day, start)] if first_day < start else []
        edges += [(end, after_last)] if end < after_last else []
    if edges:
        received = Q()
        for begin, finish in edges:
            received |= Q(received_at__gte=start_of_local_day(begin), received_at__lt=start_of_local_day(finish))
        raw_total, raw_groups, raw_days = breakdowns(Deviation.objects.filter(received), today)
        parts.append((raw_total, raw_groups))
        for value, count in raw_days.items():
            days[value] = days.get(value, 0) + count
    if len(parts) == 1:
        # One source (a period of whole months, as the default twelve): its lists as they are.
        merged_total, result = parts[0]
    else:
        merged: dict = {"total": dict.fromkeys(MEASURES, 0), "groups": {}}
        for part_total, part_groups in parts:
            _add(merged, part_total, part_groups)
        merged_total, result = merged["total"], {}
        for (dimension, key), counts in merged["groups"].items():
            result.setdefault(dimension, []).append({"group": key} | counts)
    for dimension in ("kind", "month", "agreement", "category", "direction", "concerned", "reporter"):
        result.setdefault(dimension, [])
    return merged_total, result, days
