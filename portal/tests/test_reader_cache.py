"""Anonymous reader pages kept whole in the database, and never stale after a change (samhandling.readercache)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends import db as db_cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agreements.models import Pathway
from agreements.tests.conftest import make_routine, make_service
from contacts.models import Person, Role
from portal.bench.build import submit_sample
from portal.models import NewsItem, PageFeedback
from portal.tests.conftest import HOUR, make_event, make_news, make_page
from samhandling import readercache
from samhandling.models import ReaderCachePage

pytestmark = pytest.mark.usefixtures("reader_cache")

HIT = readercache.HIT_HEADER
MINUTE = datetime.timedelta(minutes=1)


def served_from_cache(response) -> bool:
    return response.get(HIT) == "hit"


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, path) -> str:
    """The page twice: the second visit must come from the cache, the same bytes."""
    first = client.get(path)
    second = client.get(path)
    assert not served_from_cache(first) and served_from_cache(second), path
    assert first.content == second.content
    return second.content.decode()


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_a_second_anonymous_visit_is_one_query_and_the_same_page(client, db):
    make_news("Ny rutine for utskrivning")
    client.get("/nyheter/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/nyheter/")
    assert served_from_cache(response)
    assert "Ny rutine for utskrivning" in response.content.decode()
    assert len(queries) == 1  # the generation and the page, in one statement


def test_reader_pages_set_no_cookie_and_carry_no_csrf_token(client, db):
    response = client.get("/nyheter/")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert 'action="/tilbakemelding/"' in response.content.decode()  # the widget is still there


def test_publishing_shows_at_once(client, editor_client):
    item = make_news("Kommer straks", "draft")
    assert "Kommer straks" not in warm(client, "/nyheter/")
    editor_client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    assert "Kommer straks" in page(client, "/nyheter/")
    assert "Kommer straks" in page(client, "/")


def test_unpublishing_removes_it_at_once_from_the_list_and_its_page(client, editor_client):
    item = make_news("Trukket tilbake")
    assert "Trukket tilbake" in warm(client, "/nyheter/")
    warm(client, item.get_absolute_url())
    editor_client.post(f"/redaksjon/nyheter/{item.pk}/avpubliser/")
    assert "Trukket tilbake" not in page(client, "/nyheter/")
    assert client.get(item.get_absolute_url()).status_code == 404


def test_a_scheduled_item_appears_when_its_time_comes_without_a_save(client, editor_client, monkeypatch):
    item = make_news("Planlagt nyhet", "draft")
    # Sooner than MAX_SECONDS: the page must end at the publishing time itself.
    at = timezone.localtime(timezone.now() + 3 * MINUTE).replace(second=0, microsecond=0)
    editor_client.post(
        f"/redaksjon/nyheter/{item.pk}/planlegg/", {"schedule-publish_at": at.strftime("%Y-%m-%dT%H:%M")}
    )
    item.refresh_from_db()
    assert item.is_scheduled
    assert "Planlagt nyhet" not in warm(client, "/nyheter/")
    later = item.publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Planlagt nyhet" in page(client, "/nyheter/")


def test_an_event_moves_to_the_past_when_it_ends(client, db, monkeypatch):
    event = make_event("Fagdag om legemidler", starts_in=2 * MINUTE - HOUR, hours=1)  # ends in two minutes
    assert "Fagdag om legemidler" in warm(client, "/")
    later = event.ends_at + datetime.timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(db_cache, "tz_now", lambda: later)  # the front page's own lists (portal.frontpage)
    assert "Fagdag om legemidler" not in page(client, "/")


def test_editing_a_person_shows_at_once_on_their_page_and_in_the_directory(client, skien):
    person = Person.objects.create(name="Tora Lindeberg", title="Rådgiver", organisation=skien)
    assert "Rådgiver" in warm(client, person.get_absolute_url())
    warm(client, "/kontakter/?q=lindeberg")
    person.title = "Samhandlingskoordinator"
    person.save()
    assert "Samhandlingskoordinator" in page(client, person.get_absolute_url())
    assert "Samhandlingskoordinator" in page(client, "/kontakter/?q=lindeberg")


def test_making_someone_a_coordinator_shows_at_once_on_the_region_and_front_page(client, skien, grenland):
    person = Person.objects.create(name="Tora Lindeberg", title="Rådgiver", organisation=skien)
    assert "Tora Lindeberg" not in warm(client, grenland.get_absolute_url())
    warm(client, "/")
    Role.objects.create(person=person, kind=Role.Kind.COORDINATOR, region=grenland)
    assert "Tora Lindeberg" in page(client, grenland.get_absolute_url())
    assert "Tora Lindeberg" in page(client, "/")


def test_renaming_an_organisation_shows_at_once_on_its_people(client, skien):
    person = Person.objects.create(name="Tora Lindeberg", organisation=skien)
    assert "Skien kommune" in warm(client, person.get_absolute_url())
    skien.name = "Skien kommune, helse og velferd"
    skien.save()
    assert "Skien kommune, helse og velferd" in page(client, person.get_absolute_url())


def test_editing_routines_and_agreements_shows_at_once(client, db):
    agreement = make_service(5)
    routine = make_routine("Rutine for utskrivning av pasienter", agreements=[agreement])
    assert routine.title in warm(client, agreement.get_absolute_url())
    assert routine.title in warm(client, "/rutiner/?q=utskrivning")
    warm(client, "/avtaler/")
    routine.title = "Rutine for trygg utskrivning"
    routine.save()
    assert "Rutine for trygg utskrivning" in page(client, "/rutiner/?q=utskrivning")
    routine.agreements.remove(agreement)  # a many-to-many change, no save of either
    assert "Rutine for trygg utskrivning" not in page(client, agreement.get_absolute_url())
    warm(client, "/avtaler/")
    agreement.title = "Utskrivningsklare pasienter, revidert"
    agreement.save()
    assert "Utskrivningsklare pasienter, revidert" in page(client, "/avtaler/")


def test_a_change_committed_by_another_app_node_makes_every_kept_page_stale(client, db):
    """The generation lives in the shared database, not in this process."""
    warm(client, "/nyheter/")
    assert ReaderCachePage.objects.exists()
    with connection.cursor() as cursor:  # as another node's transaction would
        cursor.execute("UPDATE samhandling_readercachegeneration SET value = value + 1")
    assert not served_from_cache(client.get("/nyheter/"))


def test_logged_in_users_are_never_served_a_kept_page_nor_leave_one(client, editor_client):
    draft = make_news("Utkast til nyhet", "draft")
    warm(client, "/nyheter/")
    response = editor_client.get("/nyheter/")
    assert not served_from_cache(response)
    assert "Logg ut" in response.content.decode()
    # The editor may preview the draft; what they were shown is not kept for anyone.
    editor_client.get(draft.get_absolute_url())
    editor_client.get(draft.get_absolute_url())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_page_showing_a_message_is_neither_served_from_nor_kept_in_the_cache(client, db):
    warm(client, "/avtaler/")
    response = client.post(
        "/tilbakemelding/", {"path": "/avtaler/", "found": "1"}, headers={"Sec-Fetch-Site": "same-origin"}, follow=True
    )
    assert "Takk for tilbakemeldingen!" in response.content.decode()
    assert not served_from_cache(response)
    assert "Takk for tilbakemeldingen!" not in page(Client(), "/avtaler/")


def test_a_page_whose_rendering_sets_a_cookie_is_not_kept(db):
    """E.g. a form with a CSRF token: the token belongs to one browser."""

    @readercache.reader_page()
    def with_token(request):
        return HttpResponse(f"<p>{get_token(request)}</p>", content_type="text/html")

    factory = RequestFactory()
    first, second = with_token(factory.get("/skjema/")), with_token(factory.get("/skjema/"))
    assert not served_from_cache(second)
    assert first.content != second.content


def test_unknown_query_parameters_are_served_fresh_and_not_kept(client, db):
    client.get("/nyheter/?utm_source=epost")
    assert not served_from_cache(client.get("/nyheter/?utm_source=epost"))
    assert not ReaderCachePage.objects.exists()


def test_saving_what_no_reader_sees_keeps_the_cache(client, db):
    warm(client, "/nyheter/")
    PageFeedback.objects.create(path="/nyheter/", found=True)
    assert served_from_cache(client.get("/nyheter/"))


def test_a_deviation_report_a_login_and_a_queued_task_keep_the_cache(client, hospital, skien, plain_user):
    """The writes of every minute: a new report would otherwise empty the cache for everyone."""
    warm(client, "/avtaler/")
    submit_sample(hospital, skien)  # the report, its timeline, its e-mails in the outbox
    plain_user.last_login = timezone.now()
    plain_user.save(update_fields=["last_login"])
    for model in (DBTaskResult, Session):
        readercache.model_changed(sender=model)  # as their post_save does
    assert served_from_cache(client.get("/avtaler/"))


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example.org"}])
def test_a_feedback_post_from_another_site_is_refused(client, db, headers):
    response = client.post("/tilbakemelding/", {"path": "/", "found": "0"}, headers=headers)
    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://testserver"}])
def test_a_feedback_post_from_the_portal_needs_no_token(db, headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tilbakemelding/", {"path": "/", "found": "1"}, headers=headers)
    assert response.status_code == 302
    assert PageFeedback.objects.get().found is True


def test_a_change_without_a_signal_shows_after_max_seconds_at_the_latest(client, db, monkeypatch):
    """QuerySet.update() sends no signal: a kept page lives MAX_SECONDS at most."""
    item = make_news("Nyhet")
    warm(client, item.get_absolute_url())
    NewsItem.objects.filter(pk=item.pk).update(title="Endret uten signal")
    assert "Endret uten signal" not in page(client, item.get_absolute_url())
    later = timezone.now() + datetime.timedelta(seconds=readercache.MAX_SECONDS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Endret uten signal" in page(client, item.get_absolute_url())


def test_the_partnerships_own_pages_are_kept_and_change_at_once(client, editor_client):
    page_item = make_page("Brukermedvirkning")
    pathway = Pathway.objects.create(title="Samhandlingsforløpet", summary="Fra hjem til hjem.")
    for path in ("/sider/", page_item.get_absolute_url(), reverse("agreements:pathways"), pathway.get_absolute_url()):
        warm(client, path)
    editor_client.post(page_item.get_edit_url(), {"title": "Brukermedvirkning i praksis", "position": 0})
    assert "Brukermedvirkning i praksis" in page(client, page_item.get_absolute_url())
    assert "Brukermedvirkning i praksis" in page(client, "/sider/")
    pathway.title = "Samhandlingsforløpet hjem"
    pathway.save()
    assert "Samhandlingsforløpet hjem" in page(client, reverse("agreements:pathways"))
    assert "Samhandlingsforløpet hjem" in page(client, pathway.get_absolute_url())
