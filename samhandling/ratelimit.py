"""Exact rate limits, counted in PostgreSQL in one statement.

django-ratelimit reads the count from the cache and writes it back, so concurrent requests
in different gunicorn workers read the same count and a burst of 60 against a limit of 30
let 33 through. Here the count is incremented and returned by a single INSERT ... ON CONFLICT
DO UPDATE ... RETURNING: PostgreSQL locks the counter row, so the n-th request sees n, and no
more than the limit are ever accepted. Windows are fixed (the hour, the day), which is what
a limit written as "30/h" promises.

Called inside the transaction that saves what is counted, a refused or rolled-back request
takes its increment with it: only what was really accepted uses a slot.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils import timezone

from samhandling.models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Counters of windows this old are of no use to any limit. Each count removes up to
# CLEANUP_BATCH of them in the same statement, so the table keeps itself small without a cron job.
KEEP = timedelta(days=2)
CLEANUP_BATCH = 5


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, rate: str) -> "Rate":
        """ "30/h" is thirty an hour; "5/15m" is five per fifteen minutes."""
        try:
            count, period = rate.split("/")
            unit = period[-1]
            multiple = int(period[:-1] or 1)
            return cls(int(count), multiple * PERIODS[unit])
        except (ValueError, KeyError):
            raise ImproperlyConfigured(f"A rate is written like 30/h or 5/15m, not {rate!r}") from None

    def window_start(self, now: datetime) -> datetime:
        epoch = int(now.timestamp())
        return datetime.fromtimestamp(epoch - epoch % self.seconds, tz=UTC)


def hit(scope: str, key: str, rate: str | Rate) -> bool:
    """Counts one use of `scope` by `key`; True if it is within the rate, False past it.

    One query. A use past the limit is counted too (it is refused), which does no harm:
    the window's count only decides whether later uses are refused as well.
    """
    return hit_many([(scope, key, rate)])[0]


def hit_many(uses: list[tuple[str, str, str | Rate]]) -> list[bool]:
    """Counts one use of each (scope, key, rate) in one statement; each True if within its rate.

    For a request that spends from several limits at once (a report: the sender's address and
    the receipt's recipient). The counter rows are locked in the order given. Each scope and
    key at most once.
    """
    now = timezone.now()
    windows = []
    for scope, key, rate in uses:
        rate = Rate.parse(rate) if isinstance(rate, str) else rate
        windows.append((scope, key[:200], rate.window_start(now), rate.limit))
    if len({(scope, key) for scope, key, _start, _limit in windows}) != len(windows):
        raise ValueError("Each scope and key at most once per statement")
    table = RateCounter._meta.db_table
    values = ", ".join(["(%s, %s, %s, 1)"] * len(windows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH expired AS (
                DELETE FROM {table} WHERE id IN (
                    SELECT id FROM {table} WHERE window_start < %s LIMIT {CLEANUP_BATCH} FOR UPDATE SKIP LOCKED
                )
            )
            INSERT INTO {table} (scope, key, window_start, count) VALUES {values}
            ON CONFLICT (scope, key, window_start) DO UPDATE SET count = {table}.count + 1
            RETURNING scope, key, count
            """,
            [now - KEEP] + [value for scope, key, start, _limit in windows for value in (scope, key, start)],
        )
        counts = {(scope, key): count for scope, key, count in cursor.fetchall()}
    return [counts[scope, key] <= limit for scope, key, _start, limit in windows]


def used(scope: str, key: str, rate: str | Rate) -> int:
    """How many uses the current window has counted: a cheap look before doing any work."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    window = RateCounter.objects.filter(scope=scope, key=key[:200], window_start=rate.window_start(timezone.now()))
    return window.values_list("count", flat=True).first() or 0
