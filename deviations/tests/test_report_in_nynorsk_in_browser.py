"""The report form's journey in nynorsk, in Chromium under the real CSP: a nurse in Vinje whose
browser asks for nynorsk reports, is stopped by the personal-data guard in nynorsk, gets the
receipt page and the receipt e-mail in nynorsk, and can switch the page to bokmål."""

import datetime

import pytest
from django.utils import timezone

from conftest import assert_accessible
from deviations.models import Deviation
from deviations.tests.conftest import IDENTITY_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nynorsk_page(browser, live_server):
    """A browser whose Accept-Language asks for nynorsk first (no language cookie yet)."""
    context = browser.new_context(base_url=live_server.url, locale="nn-NO")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def test_a_report_sent_in_nynorsk_is_answered_in_nynorsk_from_form_to_receipt(
    nynorsk_page, skien, hospital, mailoutbox
):
    page = nynorsk_page
    page.goto("/avvik/meld/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("heading", level=1).inner_text() == "Meld avvik eller forbetringsforslag"
    assert page.get_by_role("button", name="Nynorsk").get_attribute("aria-current") == "true"
    assert_accessible(page)

    page.get_by_label("Namnet ditt").fill("Kari Nordmann")
    page.get_by_label("E-post på jobb").fill("kari.nordmann@vinje.kommune.example.org")
    page.locator("#id_reporter_organisation").fill("Skien kommune")
    page.locator("#id_concerned_organisation").fill("Sykehuset Telemark HF")
    page.get_by_label("Kategori").select_option(label="Utskriving")
    page.locator("#id_occurred_on").fill((timezone.localdate() - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Kva skjedde?").fill(f"Pasient {IDENTITY_NUMBER} kom heim utan legemiddelliste.")
    page.get_by_label("Liten").check()
    page.get_by_role("button", name="Send meldinga").click()
    page.wait_for_load_state()

    # The guard's refusal and the error summary speak nynorsk; what was typed is kept.
    summary = page.locator(".ds-error-summary")
    assert "Skjemaet har feil som må rettast" in summary.inner_text()
    assert "Teksten ser ut til å innehalde eit fødselsnummer" in summary.inner_text()
    assert page.get_by_label("Namnet ditt").input_value() == "Kari Nordmann"
    assert not Deviation.objects.exists()
    assert_accessible(page)

    page.get_by_label("Kva skjedde?").fill("Pasienten kom heim utan legemiddelliste.")
    page.get_by_role("button", name="Send meldinga").click()
    page.wait_for_load_state()

    deviation = Deviation.objects.get()
    assert deviation.language == "nn"
    assert page.get_by_role("heading", level=1).inner_text() == f"Kvittering for {deviation.reference}"
    main = page.get_by_role("main").inner_text()
    assert "Takk! Meldinga er motteken." in main and "Kva skjer no?" in main
    assert_accessible(page)
    receipt = next(mail for mail in mailoutbox if mail.to == ["kari.nordmann@vinje.kommune.example.org"])
    assert receipt.subject == f"Kvittering: meldinga di er motteken ({deviation.reference})"

    # The same address in bokmål, by the reader's choice on the page.
    receipt_url = page.url
    page.get_by_role("button", name="Bokmål").click()
    page.wait_for_load_state()
    assert page.url == receipt_url
    assert page.locator("html").get_attribute("lang") == "nb"
    assert "Hva skjer nå?" in page.get_by_role("main").inner_text()
    assert_accessible(page)
