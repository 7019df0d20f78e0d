"""samhandling.cache: Django's database cache with `set` in one statement."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def empty_cache(db):
    cache.clear()
    yield cache
    cache.clear()


def test_a_set_is_one_statement_and_a_second_set_replaces_the_first(empty_cache, monkeypatch):
    monkeypatch.setattr("samhandling.cache.random.randrange", lambda n: 1)  # not the write that sweeps
    with CaptureQueriesContext(connection) as queries:
        empty_cache.set("forside", {"nyheter": [1, 2]}, 60)
    assert len(queries) == 1
    empty_cache.set("forside", {"nyheter": [3]}, 60)
    assert empty_cache.get("forside") == {"nyheter": [3]}


def test_an_expired_entry_is_a_miss_and_one_without_timeout_stays(empty_cache):
    empty_cache.set("utløpt", "gammel", -1)
    empty_cache.set("for-alltid", "varig", None)
    assert empty_cache.get("utløpt") is None
    assert empty_cache.get("for-alltid") == "varig"


def test_add_and_delete_keep_djangos_meaning(empty_cache):
    assert empty_cache.add("nøkkel", "første", 60)
    assert not empty_cache.add("nøkkel", "andre", 60)
    assert empty_cache.get("nøkkel") == "første"
    empty_cache.delete("nøkkel")
    assert empty_cache.get("nøkkel") is None


def test_the_sweeping_write_deletes_the_expired_entries(empty_cache, monkeypatch):
    empty_cache.set("utløpt", "gammel", -1)
    monkeypatch.setattr("samhandling.cache.random.randrange", lambda n: 0)
    empty_cache.set("ny", "verdi", 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache")
        assert cursor.fetchone()[0] == 1


def test_the_sweeping_write_is_one_statement_too_and_may_replace_its_own_expired_key(empty_cache, monkeypatch):
    empty_cache.set("forside", "gammel", -1)
    empty_cache.set("utløpt", "gammel", -1)
    monkeypatch.setattr("samhandling.cache.random.randrange", lambda n: 0)
    with CaptureQueriesContext(connection) as queries:
        empty_cache.set("forside", "ny", 60)
    assert len(queries) == 1  # a page's query count does not depend on the draw
    assert empty_cache.get("forside") == "ny"
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        assert [key for (key,) in cursor.fetchall()] == [":1:forside"]
