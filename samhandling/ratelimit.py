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
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    now = timezone.now()
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH expired AS (
                DELETE FROM {table} WHERE id IN (
                    SELECT id FROM {table} WHERE window_start < %s LIMIT {CLEANUP_BATCH} FOR UPDATE SKIP LOCKED
                )
            )
            INSERT INTO {table} (scope, key, window_start, count) VALUES (%s, %s, %s, 1)
            ON CONFLICT (scope, key, window_start) DO UPDATE SET count = {table}.count + 1
            RETURNING count
            """,
            [now - KEEP, scope, key[:200], rate.window_start(now)],
        )
        (count,) = cursor.fetchone()
    return count <= rate.limit


def used(scope: str, key: str, rate: str | Rate) -> int:
    """How many uses the current window has counted: a cheap look before doing any work."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    window = RateCounter.objects.filter(scope=scope, key=key[:200], window_start=rate.window_start(timezone.now()))
    return window.values_list("count", flat=True).first() or 0
