"""The blank deviation form is rendered once per process and handed out with each visitor's
own CSRF token and submission key (deviations.views._blank_report_page): what it shows must
still be current, and what is one visitor's must never reach another."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from agreements.models import Agreement
from deviations import views
from deviations.models import Deviation
from deviations.tests.conftest import report_data

URL = "/avvik/meld/"


@pytest.fixture(autouse=True)
def no_page_from_an_earlier_test():
    views._blank_pages.clear()
    yield
    views._blank_pages.clear()


def _submission_key(html: str) -> str:
    found = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert found is not None, "the form carries a submission key"
    return found.group(1)


def _form(html: str, marker: str) -> str:
    """The one <form> element of the page that contains `marker`."""
    forms = [form for form in re.findall(r"<form\b.*?</form>", html, re.DOTALL) if marker in form]
    assert len(forms) == 1, f"one form with {marker}"
    return forms[0]


def _csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_every_visitor_gets_a_key_and_a_token_of_their_own_and_the_form_posts(db, skien, hospital):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(URL).content.decode()
    second_page = second.get(URL).content.decode()
    assert _submission_key(first_page) != _submission_key(second_page)
    # The report form carries the visitor's token. The feedback form in the footer carries none
    # (portal.views.page_feedback checks the origin instead, so reader pages can be kept whole).
    report_form, feedback_form = _form(second_page, 'name="submission_key"'), _form(second_page, 'id="feedback"')
    assert len(_csrf_tokens(report_form)) == 1
    assert _csrf_tokens(feedback_form) == []
    assert _csrf_tokens(second_page) == _csrf_tokens(report_form)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value

    data = report_data(skien, hospital) | {
        "submission_key": _submission_key(second_page),
        "csrfmiddlewaretoken": _csrf_tokens(second_page)[0],
    }
    response = second.post(URL, data)
    assert response.status_code == 302
    assert Deviation.objects.get().reference in second.get(response["Location"]).content.decode()
    # Another visitor's token is refused as it always was.
    assert first.post(URL, data | {"submission_key": _submission_key(first_page)}).status_code == 403


def test_a_service_agreement_added_or_renamed_shows_at_once(client, db):
    assert "Tjenesteavtale 7" not in client.get(URL).content.decode()
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 7", title="Hjelpemidler", law_point=7
    )
    assert "Tjenesteavtale 7: Hjelpemidler" in client.get(URL).content.decode()
    agreement.title = "Hjelpemidler og velferdsteknologi"
    agreement.save()
    assert "Tjenesteavtale 7: Hjelpemidler og velferdsteknologi" in client.get(URL).content.decode()


def test_a_changed_setting_shows_at_once(client, db, settings):
    client.get(URL)
    settings.DEVIATION_RESPONSE_DAYS = 21
    assert "Mottakeren skal svare innen 21 dager" in client.get(URL).content.decode()


def test_a_message_for_one_visitor_is_shown_to_them_and_to_nobody_else(client, db):
    client.get(URL)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Meldingen din er lagret som utkast.")])
    assert "Meldingen din er lagret som utkast." in client.get(URL).content.decode()
    assert "Meldingen din er lagret som utkast." not in Client().get(URL).content.decode()


def test_what_one_visitor_searched_for_is_not_shown_to_the_next(client, db):
    assert 'value="legemiddelliste"' in client.get(URL, {"q": "legemiddelliste"}).content.decode()
    assert "legemiddelliste" not in Client().get(URL).content.decode()
