"""The front page: latest news, upcoming events, the shortcuts; its lists cached and kept fresh."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Person, Region, Role
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


def test_a_warm_front_page_costs_one_query_its_lists_and_coordinators_from_the_cache(client, grenland):
    make_news("Nyhet")
    make_event("Fagdag")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # One read of both cache entries; no session for an anonymous reader.
    assert len(queries) == 1
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


def _coordinator(name, region):
    person = Person.objects.create(name=name, email="koordinator@example.org")
    Role.objects.create(person=person, kind=Role.Kind.COORDINATOR, region=region)
    return person


def test_a_new_coordinator_shows_at_once(client, grenland):
    assert "Kari Nordmann" not in client.get("/").content.decode()
    _coordinator("Kari Nordmann", grenland)
    assert "Kari Nordmann" in client.get("/").content.decode()


def test_editing_a_coordinators_name_shows_at_once(client, grenland):
    person = _coordinator("Kari Nordmann", grenland)
    client.get("/")
    person.name = "Kari Nordmann Berg"
    person.save()
    assert "Kari Nordmann Berg" in client.get("/").content.decode()


def test_a_coordinator_role_removed_leaves_the_front_page_at_once(client, grenland):
    person = _coordinator("Kari Nordmann", grenland)
    assert "Kari Nordmann" in client.get("/").content.decode()
    person.roles.all().delete()
    assert "Kari Nordmann" not in client.get("/").content.decode()


def test_a_renamed_region_shows_at_once(client, grenland):
    client.get("/")
    grenland.name = "Grenland og omegn"
    grenland.save()
    assert "Grenland og omegn" in client.get("/").content.decode()


def test_the_coordinator_block_shows_a_bounded_number_of_regions_and_links_to_the_rest(client, db):
    for number in range(frontpage.COORDINATOR_REGIONS + 3):
        Region.objects.create(name=f"Region {number:02}", slug=f"region-{number:02}")
    page = client.get("/").content.decode()
    assert page.count('href="/kontakter/regioner/') == frontpage.COORDINATOR_REGIONS
    assert "Koordinatorene i 3 regioner til i kontaktkatalogen" in page
    assert 'href="/kontakter/?role=coordinator"' in page


def test_the_cached_block_holds_no_token_and_a_logged_in_reader_still_gets_their_own_page(client, editor):
    client.get("/")
    assert "csrf" not in cache.get(frontpage.CACHE_KEY)["coordinators"].lower()
    anonymous = client.get("/").content.decode()
    client.force_login(editor)
    personal = client.get("/").content.decode()
    assert editor.username not in anonymous
    assert 'href="/redaksjon/"' in personal and 'href="/redaksjon/"' not in anonymous
