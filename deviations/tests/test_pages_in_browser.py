"""Every state of every deviation page, checked with axe in Chromium (WCAG 2.1 A and AA)."""

import datetime

import pytest
from django.utils import timezone

from conftest import assert_accessible
from conftest import login as _login
from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import IDENTITY_NUMBER, make_deviation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username):
    """Logs in afresh (the login page sends a logged-in user away)."""
    page.context.clear_cookies()
    _login(page, username)


@pytest.fixture
def cases(skien, porsgrunn, hospital, hospital_handler, skien_handler, plain_user):
    """One deviation in each status, one overdue, and one the plain user reported."""
    received = make_deviation(skien, hospital, reported_by=plain_user)
    in_progress = make_deviation(porsgrunn, hospital, kind=Deviation.Kind.IMPROVEMENT)
    services.take(in_progress, hospital_handler)
    services.comment(in_progress, hospital_handler, "Intern notis.", visible_to_reporter=False)
    services.comment(in_progress, hospital_handler, "Vi ser på saken.", visible_to_reporter=True)
    answered = make_deviation(skien, hospital)
    services.answer(answered, hospital_handler, "Rutinen er endret.")
    closed = make_deviation(hospital, skien)
    closed = services.answer(closed, skien_handler, "Svar fra kommunen.")
    services.close(closed, skien_handler)
    Deviation.objects.filter(pk=received.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=2))
    return {
        name: Deviation.objects.get(pk=d.pk)
        for name, d in {
            "received": received,
            "in_progress": in_progress,
            "answered": answered,
            "closed": closed,
        }.items()
    }


def test_the_report_form_empty_prefilled_and_with_every_error(page, skien, plain_user):
    page.goto("/avvik/meld/")
    assert_accessible(page)
    page.get_by_role("button", name="Send meldingen").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.locator("#id_description").fill(f"Gjelder {IDENTITY_NUMBER}")
    page.locator("#id_reporter_email").fill("ikke en adresse")
    page.get_by_role("button", name="Send meldingen").click()
    assert "fødselsnummer" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    login(page, "vanlig")
    page.goto("/avvik/meld/")
    assert page.locator("#id_reporter_email").input_value() == "vanlig@example.org"
    assert_accessible(page)


def test_the_polite_rate_limit_page(page, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "0/h"
    page.goto("/avvik/meld/")
    page.locator("#id_reporter_name").fill("Kari Nordmann")
    page.get_by_role("button", name="Send meldingen").click()
    assert "prøv å sende igjen om litt" in page.get_by_role("alert").inner_text()
    assert page.locator("#id_reporter_name").input_value() == "Kari Nordmann"
    assert_accessible(page)


def test_the_receipt_in_each_status_and_with_an_error(page, cases):
    for deviation in cases.values():
        page.goto(deviation.receipt_path())
        assert deviation.reference in page.get_by_role("heading", level=1).inner_text()
        assert_accessible(page)
    page.goto(cases["answered"].receipt_path())
    page.get_by_role("button", name="Send kommentaren").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.goto("/avvik/kvittering/feil/")
    assert_accessible(page)


def test_the_inbox_for_a_handler_the_committee_and_with_filters(page, cases, quality):
    login(page, "sthf")
    page.goto("/avvik/")
    assert page.locator("tr.overdue").count() == 1
    assert_accessible(page)
    page.goto("/avvik/?status=bogus&overdue=on")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.goto("/avvik/?direction=fra")
    assert_accessible(page)
    page.goto("/avvik/?category=transport")
    assert page.get_by_text("Ingen avvik passer med filteret.").is_visible()
    assert_accessible(page)
    login(page, "kvalitet")
    page.goto("/avvik/")
    assert_accessible(page)


def test_the_detail_in_each_status_and_with_every_form_error(page, cases, quality):
    login(page, "sthf")
    for name in ("received", "in_progress", "answered"):
        page.goto(cases[name].get_absolute_url())
        assert_accessible(page)
    page.goto(cases["received"].get_absolute_url())
    page.get_by_role("button", name="Lagre kommentaren").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.locator("#id_answer-text").fill(f"Svar om {IDENTITY_NUMBER}")
    page.get_by_role("button", name="Send svaret").click()
    assert "fødselsnummer" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Velg ny mottaker").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Send {cases['received'].reference} videre"
    assert_accessible(page)
    page.get_by_role("button", name="Send videre").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    login(page, "skien")
    page.goto(cases["closed"].get_absolute_url())
    assert page.get_by_role("button", name="Gjenåpne").is_visible()
    assert_accessible(page)
    login(page, "kvalitet")
    page.goto(cases["in_progress"].get_absolute_url())
    assert "Intern notis." in page.get_by_role("main").inner_text()
    assert_accessible(page)


def test_mine_meldinger_and_the_reporters_own_view(page, cases, plain_user, porsgrunn_handler):
    login(page, "vanlig")
    page.goto("/avvik/mine/")
    page.get_by_role("link", name=cases["received"].reference).click()
    assert page.get_by_text("Du meldte dette.").is_visible()
    assert_accessible(page)
    page.goto("/avvik/mine/")
    assert_accessible(page)
    login(page, "porsgrunn")
    page.goto("/avvik/mine/")
    assert page.get_by_text("Du har ikke meldt noe").is_visible()
    assert_accessible(page)
