"""The journey of the issue, in Chromium under the real CSP: a nurse in Skien reports to the
hospital with the keyboard only, the hospital's handler takes, comments and answers, and the
reporter reads the answer behind the secret link."""

import datetime
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from conftest import assert_accessible, login
from deviations.models import Deviation
from deviations.tests.conftest import IDENTITY_NUMBER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, element_id, limit=60):
    """Presses Tab until the element has the focus, as a keyboard user would. Returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return presses
    pytest.fail(f"Tab never reached #{element_id}")


def submit_with_the_keyboard(page):
    while page.evaluate("document.activeElement.textContent.trim()") != "Send meldingen":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_report_from_a_municipality_is_answered_by_the_hospital(page, skien, hospital, hospital_handler, mailoutbox):
    # Day and month alike, so the date reads the same in any browser's date format.
    occurred = datetime.date(timezone.localdate().year - 1, 6, 6)
    keystrokes = 0

    def type_text(text):
        nonlocal keystrokes
        page.keyboard.type(text)
        keystrokes += len(text)

    def tab(element_id):
        nonlocal keystrokes
        keystrokes += tab_to(page, element_id)

    page.goto("/avvik/meld/")
    assert_accessible(page)
    # Samhandlingsavvik is chosen already; the reporter starts at the name.
    tab("id_reporter_name")
    type_text("Kari Nordmann")
    tab("id_reporter_email")
    type_text("kari.nordmann@skien.kommune.example.org")
    tab("id_reporter_organisation")
    type_text("Skien")
    tab("id_concerned_organisation")
    type_text("Sykehuset")
    tab("id_category")
    type_text("Utskr")
    tab("id_occurred_on")
    type_text(occurred.strftime("%d%m%Y"))
    tab("id_description")
    described = f"Utskrivningsrapporten for pasient {IDENTITY_NUMBER} manglet legemiddellisten."
    type_text(described)
    # Everything required is filled. What a minimal report costs, counted from the top of
    # the page (the header's links included): every Tab and character so far, with the
    # corrected description in place of the refused one, plus the Tab and Enter that send it.
    minimal = keystrokes - len(described) + len("Utskrivningsrapporten manglet legemiddellisten.") + 2
    print(f"\nA minimal report took {minimal} key presses from the top of the page")
    page.keyboard.press("Enter")  # a new line in the text area: it must not submit
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # consequence: "Ingen"
    page.keyboard.press("ArrowDown")  # ... "Liten"
    submit_with_the_keyboard(page)

    # The identity number is refused; the summary has the focus; everything typed is kept.
    summary = page.get_by_role("alert")
    assert "fødselsnummer" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator("#id_description").input_value().startswith(described)
    assert page.locator("#id_reporter_name").input_value() == "Kari Nordmann"
    assert page.locator("#id_occurred_on").input_value() == occurred.isoformat()
    assert page.locator("#id_consequence_1").is_checked()
    assert not Deviation.objects.exists()
    assert_accessible(page)

    # The error summary's link leads to the field; the reporter replaces the text.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_description"
    page.keyboard.press("Control+A")
    type_text("Utskrivningsrapporten manglet legemiddellisten.")
    submit_with_the_keyboard(page)

    deviation = Deviation.objects.get()
    assert page.get_by_role("heading", level=1).inner_text() == f"Kvittering for {deviation.reference}"
    assert page.get_by_text("Takk! Meldingen er mottatt.").is_visible()
    assert "skal svare innen" in page.get_by_role("main").inner_text()
    receipt_url = page.url
    assert page.locator("#receipt-link").input_value() == receipt_url
    assert_accessible(page)
    assert deviation.description == "Utskrivningsrapporten manglet legemiddellisten."
    assert deviation.consequence == "minor"
    receipt_path = urlparse(receipt_url).path
    assert any(receipt_path in mail.body for mail in mailoutbox)

    # The hospital's handler finds it in the inbox, takes it, comments and answers.
    login(page, "sthf")
    page.goto("/avvik/")
    assert_accessible(page)
    page.get_by_role("link", name=deviation.reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Ta saken").click()
    assert page.get_by_text("Du har tatt avviket til behandling.").is_visible()
    page.locator("#id_comment-text").fill("Vi har spurt sengeposten om rutinen ble fulgt.")
    page.get_by_role("button", name="Lagre kommentaren").click()
    page.locator("#id_answer-text").fill("Sengeposten har fått en sjekkliste for legemiddellister ved utskrivning.")
    page.get_by_role("button", name="Send svaret").click()
    assert page.get_by_text("Svaret er lagret og melderen får beskjed.").is_visible()
    assert_accessible(page)
    deviation.refresh_from_db()
    assert deviation.status == Deviation.Status.ANSWERED
    page.get_by_role("button", name="Logg ut").click()

    # The reporter opens the secret link: the answer is there, the internal comment is not.
    page.goto(receipt_url)
    main = page.get_by_role("main").inner_text()
    assert "Sengeposten har fått en sjekkliste" in main
    assert "Besvart" in main
    assert "spurt sengeposten" not in main
    assert_accessible(page)
    assert any(receipt_path in mail.body and "har svart" in mail.body for mail in mailoutbox)
