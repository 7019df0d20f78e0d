"""The front page: latest news, upcoming events, the shortcuts; its lists cached and kept fresh."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import frontpage
from portal.tests.conftest import DAY, make_event, make_news


def test_it_shows_the_latest_news_upcoming_events_and_the_shortcuts(client, db):
    for number in range(7):
        make_news(f"Nyhet nummer {number}")
    make_event("Fagdag: Prevensjon", course_hours="Søkt godkjent som 6 tellende kurstimer i allmennmedisin.")
    make_event("Fagdag i fjor", starts_in=-30 * DAY)
    page = client.get("/").content.decode()
    assert page.count('class="news-summary') == frontpage.NEWS_COUNT
    assert "Fagdag: Prevensjon" in page and "6 tellende kurstimer" in page
    assert "Fagdag i fjor" not in page
    for shortcut in ('href="/avvik/meld/"', 'href="/kontakter/"', 'href="/avtaler/"'):
        assert shortcut in page


def test_a_warm_front_page_costs_one_query_for_its_lists_and_two_for_the_coordinators(client, grenland):
    make_news("Nyhet")
    make_event("Fagdag")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # The cache read, then regions and their coordinators; no session for an anonymous reader.
    assert len(queries) == 3
    assert "portal_cache" in queries[0]["sql"]


def test_publishing_clears_the_cache(client, editor):
    item = make_news("Kommer straks", "draft")
    client.get("/")
    assert cache.get(frontpage.CACHE_KEY) is not None
    client.force_login(editor)
    client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    assert cache.get(frontpage.CACHE_KEY) is None
    assert "Kommer straks" in client.get("/").content.decode()


def test_editing_a_published_title_shows_at_once(client, editor):
    item = make_news("Gammel tittel")
    client.get("/")
    client.force_login(editor)
    client.post(item.get_edit_url(), {"title": "Ny tittel", "lead": item.lead})
    assert "Ny tittel" in client.get("/").content.decode()


def _stored_expiry():
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM portal_cache WHERE cache_key LIKE %s", [f"%{frontpage.CACHE_KEY}"])
        return cursor.fetchone()[0]


def test_the_cache_expires_when_the_next_scheduled_item_is_due(db):
    item = make_news("Planlagt", "scheduled")
    item.publish_at = timezone.now() + datetime.timedelta(seconds=60)
    item.save()
    frontpage.content()
    assert item.publish_at <= _stored_expiry() <= item.publish_at + datetime.timedelta(seconds=3)


def test_the_cache_expires_when_a_shown_event_ends(db):
    event = make_event("Pågår nå", starts_in=-datetime.timedelta(hours=1), hours=1 + 1 / 60)  # ends in a minute
    frontpage.content()
    assert event.ends_at <= _stored_expiry() <= event.ends_at + datetime.timedelta(seconds=3)


def test_the_cache_lives_at_most_five_minutes(db):
    make_news("Nyhet")
    frontpage.content()
    assert _stored_expiry() <= timezone.now() + datetime.timedelta(seconds=frontpage.MAX_SECONDS + 3)


def test_the_front_page_shows_the_coordinators_per_region(client, db):
    from django.core.management import call_command

    call_command("load_demo")
    page = client.get("/").content.decode()
    assert "Samhandlingskoordinatorer" in page
    assert "Ingrid Sæterstøl" in page  # the demo coordinator for Grenland
