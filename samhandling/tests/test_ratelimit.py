"""The counter itself: exact under concurrency, windows that end by themselves."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from samhandling import ratelimit
from samhandling.models import RateCounter


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_counted_exactly():
    barrier = threading.Barrier(40)
    allowed: list[bool] = []

    def hit():
        try:
            barrier.wait()
            allowed.append(ratelimit.hit("test", "same-key", "25/h"))
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 25
    assert ratelimit.used("test", "same-key", "25/h") == 40


def test_a_new_window_starts_afresh(db):
    rate = ratelimit.Rate.parse("1/h")
    assert ratelimit.hit("test", "k", rate)
    assert not ratelimit.hit("test", "k", rate)
    RateCounter.objects.update(window_start=timezone.now() - datetime.timedelta(hours=1, minutes=1))
    assert ratelimit.hit("test", "k", rate)


def test_old_windows_are_removed_as_new_ones_are_counted(db):
    long_ago = timezone.now() - datetime.timedelta(days=3)
    RateCounter.objects.bulk_create(
        RateCounter(scope="test", key=str(number), window_start=long_ago, count=1) for number in range(3)
    )
    ratelimit.hit("test", "new", "5/h")
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.parametrize(("text", "limit", "seconds"), [("30/h", 30, 3600), ("5/15m", 5, 900), ("10/d", 10, 86400)])
def test_rates_read_as_written(text, limit, seconds):
    assert ratelimit.Rate.parse(text) == ratelimit.Rate(limit, seconds)
