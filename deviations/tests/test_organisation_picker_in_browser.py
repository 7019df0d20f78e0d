"""The organisation picker in Chromium under the real CSP: with JavaScript, chosen with the
keyboard from the suggestions; without it, typed and resolved by the server."""

import datetime

import pytest
from django.utils import timezone

from conftest import assert_accessible
from contacts.models import Organisation
from deviations.models import Deviation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisations(hospital, skien, porsgrunn, grenland):
    Organisation.objects.create(name="Porsgrunn legesenter", kind=Organisation.Kind.GP_OFFICE, region=grenland)
    return {"hospital": hospital, "skien": skien, "porsgrunn": porsgrunn}


def fill_the_rest(page):
    page.locator("#id_reporter_name").fill("Kari Nordmann")
    page.locator("#id_reporter_email").fill("kari.nordmann@skien.kommune.example.org")
    page.locator("#id_category").select_option(label="Utskrivning")
    occurred = timezone.localdate() - datetime.timedelta(days=3)
    page.locator("#id_occurred_on").fill(occurred.isoformat())
    page.locator("#id_description").fill("Utskrivningsrapporten manglet legemiddellisten.")


def test_with_javascript_porsg_is_chosen_from_the_suggestions_with_the_keyboard(page, organisations):
    porsgrunn, hospital = organisations["porsgrunn"], organisations["hospital"]
    page.goto("/avvik/meld/")
    box = page.locator("#id_reporter_organisation")
    assert box.get_attribute("role") == "combobox"
    box.focus()
    page.keyboard.type("porsg")
    page.get_by_role("option", name="Porsgrunn legesenter").wait_for()
    suggestions = page.locator("#id_reporter_organisation__listbox").get_by_role("option")
    assert suggestions.all_inner_texts() == [
        "Porsgrunn kommune kommune, Grenland",
        "Porsgrunn legesenter legekontor, Grenland",
    ]
    assert_accessible(page)  # with the suggestions open
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert box.input_value() == "Porsgrunn kommune"
    assert page.locator('input[type="hidden"][name="reporter_organisation"]').input_value() == str(porsgrunn.pk)

    # The receiver: typed and left without choosing; the server resolves the text.
    receiver = page.locator("#id_concerned_organisation")
    receiver.focus()
    page.keyboard.type("sykehuset")
    page.get_by_role("option", name="Sykehuset Telemark HF").wait_for()
    page.keyboard.press("Tab")
    assert page.locator('input[type="hidden"][name="concerned_organisation"]').input_value() == "sykehuset"

    fill_the_rest(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send meldingen").click()
    deviation = Deviation.objects.get()
    assert (deviation.reporter_organisation, deviation.concerned_organisation) == (porsgrunn, hospital)


def test_with_javascript_an_error_keeps_the_chosen_organisation(page, organisations):
    page.goto("/avvik/meld/")
    page.locator("#id_concerned_organisation").focus()
    page.keyboard.type("atlantis")
    page.get_by_text("Ingen organisasjon passer").wait_for()  # the server's translation, not the package's English
    page.locator("#id_reporter_organisation").focus()
    page.keyboard.type("skien")
    page.get_by_role("option", name="Skien kommune").wait_for()
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.get_by_role("button", name="Send meldingen").click()  # nothing else is filled in
    assert "Skjemaet har feil som må rettes" in page.get_by_role("alert").inner_text()
    assert page.locator("#id_reporter_organisation").input_value() == "Skien kommune"
    assert_accessible(page)


def test_without_javascript_a_typed_name_is_resolved_and_an_ambiguous_one_offers_a_choice(
    browser, live_server, organisations
):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/avvik/meld/")
        assert page.locator("#id_reporter_organisation").get_attribute("type") == "text"
        page.get_by_label("Arbeidssted").fill("porsgrunn")
        page.get_by_label("Organisasjonen det gjelder").fill("Sykehuset Telemark")
        fill_the_rest(page)
        page.get_by_role("button", name="Send meldingen").click()

        # Two organisations match: the form comes back with them, the rest kept.
        assert "Flere organisasjoner passer med «porsgrunn»" in page.get_by_role("alert").inner_text()
        assert page.get_by_label("Arbeidssted").input_value() == "porsgrunn"
        assert page.get_by_label("Organisasjonen det gjelder").input_value() == "Sykehuset Telemark HF"
        assert page.locator("#id_reporter_name").input_value() == "Kari Nordmann"
        page.get_by_role("radio", name="Porsgrunn kommune").check()
        page.get_by_role("button", name="Send meldingen").click()

        deviation = Deviation.objects.get()
        assert deviation.reporter_organisation == organisations["porsgrunn"]
        assert deviation.concerned_organisation == organisations["hospital"]
        assert page.get_by_role("heading", level=1).inner_text() == f"Kvittering for {deviation.reference}"
    finally:
        context.close()
