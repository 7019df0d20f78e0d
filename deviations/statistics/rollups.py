"""The statistics of a whole period from the roll-up (StatisticsRollup), for those who see
every deviation and filter by nothing but the period: the partnership's own figures.

The roll-up counts per local month, so whole months come from it and the days of a
partial month at either end are counted from the rows (breakdowns(), the same query as
for a filtered set). Where an open deviation stands depends on today: the roll-up keeps
them as open, and the few still within their deadline are counted from the rows through
the partial index deviation_open_deadline; the rest are past it. The figures are the
same as counting the rows (test_statistics_rollup).
"""

import datetime

from django.db.models import Q, Sum

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


def rolled_up_breakdowns(
    first_day: datetime.date, last_day: datetime.date, today: datetime.date
) -> tuple[dict, dict[str, list[dict]], dict[int, int]]:
    """What breakdowns() answers for every deviation received from first_day through
    last_day, from the roll-up. Three queries at most: the roll-up's months, the open
    ones within their deadline in those months, and the rows of partial months."""
    start, end = whole_months(first_day, last_day)
    merged: dict = {"total": dict.fromkeys(MEASURES, 0), "groups": {}}
    days: dict[int, int] = {}
    if start < end:
        rolled = (
            StatisticsRollup.objects.filter(month__gte=start, month__lt=end)
            .values("dimension", "key")
            .annotate(
                n=Sum("count"),
                n_in_time=Sum("in_time"),
                n_late=Sum("late"),
                n_open=Sum("open"),
                n_answered=Sum("answered"),
            )
            .filter(n__gt=0)
            .order_by()
        )
        within_deadline = Deviation.objects.filter(status__in=OPEN_STATUSES, respond_by__gte=today).received_between(
            start, end
        )
        pending_total, pending_groups, _ = breakdowns(within_deadline, today)
        pending = {(name, item["group"]): item["count"] for name, items in pending_groups.items() for item in items}
        total = dict.fromkeys(MEASURES, 0)
        groups: dict[str, list[dict]] = {}
        for item in rolled:
            dimension, key = item["dimension"], _key(item["dimension"], item["key"])
            if dimension == "days":
                if key is not None and item["n_answered"]:
                    days[key] = days.get(key, 0) + item["n_answered"]
                continue
            counts = {
                "count": item["n"],
                "in_time": item["n_in_time"],
                "late": item["n_late"],
                "unanswered_late": item["n_open"] - pending.get((dimension, key), 0),
            }
            groups.setdefault(dimension, []).append({"group": key} | counts)
            if dimension == "kind":
                for name in ("count", "in_time", "late"):
                    total[name] += counts[name]
                total["unanswered_late"] += item["n_open"]
        total["unanswered_late"] -= pending_total["count"]
        _add(merged, total, groups)
    after_last = last_day + datetime.timedelta(days=1)
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
        _add(merged, raw_total, raw_groups)
        for value, count in raw_days.items():
            days[value] = days.get(value, 0) + count
    result: dict[str, list[dict]] = {}
    for (dimension, key), counts in merged["groups"].items():
        result.setdefault(dimension, []).append({"group": key} | counts)
    for dimension in ("kind", "month", "agreement", "category", "direction", "concerned", "reporter"):
        result.setdefault(dimension, [])
    return merged["total"], result, days
