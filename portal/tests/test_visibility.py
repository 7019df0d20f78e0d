"""Drafts, scheduled and withdrawn items are invisible to readers everywhere; published ones are seen.

One parametrised test runs every reader surface (list, detail, feed, calendar, sitemap,
search, front page) against every state, for an anonymous reader and a logged-in one.
"""

from unittest import mock

import pytest
from django.utils import timezone

from portal.models import EventAttachment
from portal.tests.conftest import HOUR, make_event, make_news, pdf_bytes, upload

STATES = ["draft", "scheduled", "published", "withdrawn"]

NEWS_SURFACES = {
    "front page": lambda item: "/",
    "news list": lambda item: "/nyheter/",
    "news detail": lambda item: item.get_absolute_url(),
    "RSS feed": lambda item: "/nyheter/rss/",
    "sitemap": lambda item: "/sitemap-news.xml",
    "search": lambda item: "/sok/?q=blåbærsyltetøy",
}
EVENT_SURFACES = {
    "front page": lambda item: "/",
    "events list": lambda item: "/arrangementer/",
    "event detail": lambda item: item.get_absolute_url(),
    "event ics": lambda item: item.get_ics_url(),
    "calendar feed": lambda item: "/arrangementer/kalender.ics",
    "sitemap": lambda item: "/sitemap-events.xml",
    "search": lambda item: "/sok/?q=blåbærsyltetøy",
}


def _shows(client, path, item):
    response = client.get(path)
    if response.status_code == 404:
        return False
    assert response.status_code == 200
    content = response.content.decode()
    return item.slug in content or item.title in content


@pytest.mark.parametrize("persona", [None, "plain_user"], indirect=True)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("surface", NEWS_SURFACES)
def test_readers_see_news_only_when_published(client, db, persona, state, surface):
    if persona:
        client.force_login(persona)
    item = make_news("Blåbærsyltetøy på fagdagen", state, body="Om blåbærsyltetøy.")
    assert _shows(client, NEWS_SURFACES[surface](item), item) is (state == "published")


@pytest.mark.parametrize("persona", [None, "plain_user"], indirect=True)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("surface", EVENT_SURFACES)
def test_readers_see_events_only_when_published(client, db, persona, state, surface):
    if persona:
        client.force_login(persona)
    item = make_event("Blåbærsyltetøy og samhandling", state)
    assert _shows(client, EVENT_SURFACES[surface](item), item) is (state == "published")


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_editors_preview_unpublished_items_on_the_reader_page(client, editor, state):
    client.force_login(editor)
    news, event = make_news("Utkast til nyhet", state), make_event("Utkast til fagdag", state)
    for item in (news, event):
        response = client.get(item.get_absolute_url())
        assert response.status_code == 200
        assert "Forhåndsvisning." in response.content.decode()


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_editors_do_not_see_unpublished_items_in_reader_lists_or_feeds(client, editor, state):
    client.force_login(editor)
    item = make_news("Blåbærsyltetøy i utkast", state)
    for path in ("/", "/nyheter/", "/nyheter/rss/", "/sitemap-news.xml", "/sok/?q=blåbærsyltetøy"):
        assert item.slug not in client.get(path).content.decode(), path


def test_a_scheduled_item_appears_by_itself_when_its_time_comes(client, db):
    item = make_news("Planlagt nyhet", "scheduled")
    assert item.slug not in client.get("/nyheter/").content.decode()
    assert item.slug not in client.get("/").content.decode()  # and the front page is now cached
    later = timezone.now() + 2 * HOUR
    # The database cache reads its own clock.
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch("django.core.cache.backends.db.tz_now", return_value=later),
    ):
        assert item.slug in client.get("/nyheter/").content.decode()
        assert item.slug in client.get("/").content.decode()


def test_presentations_of_an_unpublished_event_are_not_served(client, db):
    event = make_event("Tidligere fagdag", "draft")
    attachment = EventAttachment.objects.create(
        event=event, title="Lysark", file=upload("a.pdf", pdf_bytes()), original_name="a.pdf", kind="pdf", size=10
    )
    assert client.get(attachment.get_absolute_url()).status_code == 404
