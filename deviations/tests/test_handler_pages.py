"""A handler's inbox and deviation pages are kept (deviations.handlerpages), and never shown stale.

Each test first makes the page kept (a second visit, once the browser has its CSRF cookie,
stores it; the third is served kept), then changes something the page shows in the way the
portal changes it (a colleague's step through the web, the public form, the admin's save, the
retention job's bulk update), and opens the page again: it must show the change at once.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from contacts.models import Unit
from deviations import retention
from deviations.handlerpages import HIT_HEADER
from deviations.models import Deviation, HandlerPage
from deviations.tests.conftest import make_deviation, report_data

pytestmark = pytest.mark.usefixtures("handler_page_cache")


def visit(client: Client, path: str) -> tuple[bool, str]:
    response = client.get(path)
    assert response.status_code == 200
    return response.get(HIT_HEADER) == "hit", response.content.decode()


def kept(client: Client, path: str) -> str:
    """Visits until the page is served kept, and returns it."""
    for _visit in range(3):
        hit, page = visit(client, path)
        if hit:
            return page
    raise AssertionError(f"{path} was never served kept")


def unmasked(page: str) -> str:
    """The page without its CSRF tokens, which are masked afresh on every rendering."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', page)


@pytest.fixture
def handler_client(hospital_handler):
    client = Client()
    client.force_login(hospital_handler)
    return client


@pytest.fixture
def colleague_client(hospital_colleague):
    client = Client()
    client.force_login(hospital_colleague)
    return client


def detail(deviation) -> str:
    return f"/avvik/{deviation.reference}/"


def test_the_inbox_and_a_case_are_served_kept_and_unchanged(handler_client, deviation):
    first = visit(handler_client, "/avvik/")[1]
    assert unmasked(kept(handler_client, "/avvik/")) == unmasked(first)
    page = visit(handler_client, detail(deviation))[1]
    assert unmasked(kept(handler_client, detail(deviation))) == unmasked(page)
    assert deviation.reference in page


def test_a_kept_pages_forms_carry_a_token_the_session_accepts(hospital_handler, deviation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(hospital_handler)
    page = kept(client, detail(deviation))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        f"{detail(deviation)}kommentar/",
        {"csrfmiddlewaretoken": token, "comment-text": "Sjekker med sengeposten.", "comment-visible_to_reporter": ""},
    )
    assert response.status_code == 302
    hit, page = visit(client, detail(deviation))
    assert not hit and "Sjekker med sengeposten." in page


def test_a_colleagues_steps_show_on_the_handlers_kept_pages_at_once(
    handler_client, colleague_client, deviation, hospital_colleague
):
    kept(handler_client, detail(deviation))
    kept(handler_client, "/avvik/")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    steps = [
        ("ta/", {}, "Hanne Kollega"),
        ("kommentar/", {"comment-text": "Ringte tildelingskontoret.", "comment-visible_to_reporter": ""}, "Ringte"),
        (
            "tiltak/",
            {
                "measure-description": "Ny sjekkliste ved utskrivning",
                "measure-owner": "Seksjonsleder",
                "measure-due_on": due,
            },
            "sjekkliste",
        ),
        ("svar/", {"answer-text": "Rutinen for legemiddellister er endret."}, "Rutinen for legemiddellister"),
    ]
    for action, data, shown in steps:
        response = colleague_client.post(f"{detail(deviation)}{action}", data)
        assert response.status_code == 302, action
        hit, page = visit(handler_client, detail(deviation))
        assert not hit and shown in page, action
        kept(handler_client, detail(deviation))
    hit, inbox = visit(handler_client, "/avvik/")
    assert not hit and "Besvart" in inbox


def test_a_new_report_from_the_public_form_shows_in_the_kept_inbox(client, handler_client, skien, hospital):
    before = kept(handler_client, "/avvik/")
    response = client.post("/avvik/meld/", report_data(skien, hospital, description="Epikrisen kom aldri frem."))
    assert response.status_code == 302
    hit, after = visit(handler_client, "/avvik/")
    reference = Deviation.objects.get().reference
    assert not hit and reference in after and reference not in before


def test_a_case_forwarded_away_leaves_the_inbox_and_its_page(handler_client, colleague_client, deviation, porsgrunn):
    assert deviation.reference in kept(handler_client, "/avvik/")
    kept(handler_client, detail(deviation))
    response = colleague_client.post(
        f"{detail(deviation)}videresend/", {"forward-organisation": porsgrunn.pk, "forward-reason": "Gjelder kommunen."}
    )
    assert response.status_code == 302
    assert Deviation.objects.get().concerned_organisation == porsgrunn
    hit, inbox = visit(handler_client, "/avvik/")
    assert not hit and deviation.reference not in inbox
    assert handler_client.get(detail(deviation)).status_code == 404


def test_a_renamed_colleague_and_a_renamed_unit_show_at_once(handler_client, deviation, hospital, hospital_colleague):
    unit = Unit.objects.create(organisation=hospital, name="Medisinsk sengepost 3")
    # A bulk step, without signals.
    Deviation.objects.filter(pk=deviation.pk).update(assigned_to=hospital_colleague, assigned_unit=unit)
    assert "Hanne Kollega" in visit(handler_client, detail(deviation))[1]
    kept(handler_client, detail(deviation))
    hospital_colleague.last_name = "Fjellheim"
    hospital_colleague.save()
    hit, page = visit(handler_client, detail(deviation))
    assert not hit and "Hanne Fjellheim" in page
    kept(handler_client, detail(deviation))
    unit.name = "Lungemedisinsk sengepost"
    unit.save()
    hit, page = visit(handler_client, detail(deviation))
    assert not hit and "Lungemedisinsk sengepost" in page


def test_the_retention_jobs_bulk_removal_shows_at_once(handler_client, skien, hospital):
    deviation = make_deviation(skien, hospital, reporter_email="kari.melder@example.org")
    Deviation.objects.filter(pk=deviation.pk).update(
        status=Deviation.Status.CLOSED,
        answer="Rutinen er endret.",
        answered_at=timezone.now() - datetime.timedelta(days=4 * 366 + 1),
        closed_at=timezone.now() - datetime.timedelta(days=4 * 366),
    )
    assert "kari.melder@example.org" in kept(handler_client, detail(deviation))
    assert retention.remove_reporter_contacts(years=3) == 1
    # No kept copy keeps them either (a stale one would never be served, but would be stored).
    assert not any(b"kari.melder@example.org" in bytes(page.content) for page in HandlerPage.objects.all())
    hit, page = visit(handler_client, detail(deviation))
    assert not hit and "kari.melder@example.org" not in page


def test_a_handler_who_loses_the_role_is_not_served_the_kept_inbox(handler_client, hospital_handler, deviation):
    kept(handler_client, "/avvik/")
    hospital_handler.groups.clear()
    assert handler_client.get("/avvik/").status_code == 404


def test_each_handler_and_each_session_gets_a_page_of_its_own(hospital_handler, hospital_colleague, deviation):
    mine = Client()
    mine.force_login(hospital_handler)
    kept(mine, "/avvik/")
    theirs = Client()
    theirs.force_login(hospital_colleague)
    hit, page = visit(theirs, "/avvik/")
    assert not hit and "Hanne Kollega" in page
    again = Client()
    again.force_login(hospital_handler)
    assert not visit(again, "/avvik/")[0]  # another browser: another CSRF secret in the forms


def test_pages_outside_one_organisations_scope_are_never_kept(client, quality, skien, porsgrunn, hospital_handler):
    client.force_login(quality)  # reads every organisation's deviations
    for _visit in range(3):
        assert not visit(client, "/avvik/")[0]
    # The handler's own report from Skien to Porsgrunn is shown as a reporter's page: not kept,
    # as the hospital's generation does not follow it.
    own = make_deviation(skien, porsgrunn, reported_by=hospital_handler)
    handler = Client()
    handler.force_login(hospital_handler)
    for _visit in range(3):
        hit, page = visit(handler, detail(own))
        assert not hit and own.reference in page


def test_a_message_is_shown_once_and_never_kept(handler_client, deviation):
    kept(handler_client, detail(deviation))
    response = handler_client.post(f"{detail(deviation)}ta/", follow=True)
    assert "Du har tatt avviket til behandling." in response.content.decode()
    hit, page = visit(handler_client, detail(deviation))
    assert "Du har tatt avviket til behandling." not in page
    assert unmasked(kept(handler_client, detail(deviation))) == unmasked(page)


def test_the_cache_is_off_when_the_setting_says_so(settings, handler_client, deviation):
    settings.HANDLER_PAGE_CACHE = False
    for _visit in range(3):
        assert not visit(handler_client, "/avvik/")[0]


def test_a_kept_page_costs_three_queries_and_keeping_it_stays_within_the_budget(
    handler_client, deviation, django_assert_max_num_queries, django_assert_num_queries
):
    handler_client.get("/avvik/mine/")  # the CSRF cookie arrives
    for path in ("/avvik/", detail(deviation)):
        with django_assert_max_num_queries(10):
            assert not visit(handler_client, path)[0]  # rendered and kept
        # The session, the user with the user's roles, and the page with both generations.
        with django_assert_num_queries(3):
            assert visit(handler_client, path)[0]
