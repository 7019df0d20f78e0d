"""The skeleton's pages as a person meets them, in Chromium, under the real CSP."""

import pytest

from conftest import assert_accessible, login
from portal.models import PageFeedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAVIGATION = [
    "Nyheter",
    "Arrangementer",
    "Kontakter",
    "Tjenester",
    "Utvalg",
    "Avtaler og rutiner",
    "Helsefellesskapet",
    "Meld avvik",
]


def test_the_front_page_shows_the_navigation_and_is_accessible(page):
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    assert [link.inner_text() for link in nav.get_by_role("link").all()] == NAVIGATION
    assert page.get_by_role("link", name="Hopp til hovedinnholdet").count() == 1
    assert page.get_by_role("main").count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/tilgjengelighet/", "/konto/logg-inn/", "/finnes-ikke/", "/konto/glemt-passord/"])
def test_the_skeleton_pages_are_accessible(page, path):
    page.goto(path)
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"


def test_a_user_logs_in_and_out_in_the_browser(page, coordinator):
    login(page, "koordinator")
    assert page.get_by_text("Innlogget som koordinator").is_visible()
    page.get_by_role("button", name="Logg ut").click()
    assert page.get_by_role("link", name="Logg inn").is_visible()


def test_a_wrong_password_shows_the_error_summary_accessibly(page, coordinator):
    login(page, "koordinator", "feil passord")
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Brukernavn").input_value() == "koordinator"
    assert_accessible(page)


def test_the_feedback_widget_works_with_the_keyboard_and_refuses_personal_data(page):
    page.goto("/kontakter/")
    page.get_by_label("Nei").check()
    page.get_by_label("Kommentar").fill("Ring meg på 22 33 44 55")
    page.get_by_role("button", name="Send tilbakemelding").press("Enter")
    assert page.get_by_role("alert").get_by_text("telefonnumre").is_visible()
    assert page.get_by_label("Kommentar").input_value() == "Ring meg på 22 33 44 55"
    assert_accessible(page)
    page.get_by_label("Kommentar").fill("Fant ikke koordinatoren")
    page.get_by_role("button", name="Send tilbakemelding").click()
    assert page.get_by_text("Takk for tilbakemeldingen!").is_visible()
    assert PageFeedback.objects.get().comment == "Fant ikke koordinatoren"
