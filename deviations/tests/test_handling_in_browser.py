"""Handling that closes the loop, in Chromium under the real CSP, every state checked by axe:
the handler finds the most urgent case first, classifies it, records a cause and a measure,
hands it to a colleague, answers and closes; the reporter reads the measures and replies once.
And the report form keeps a draft in the browser across a reload, cleared on submit."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from agreements.models import Agreement
from conftest import assert_accessible, login
from deviations.models import Deviation, Measure
from deviations.tests.conftest import make_deviation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_cached_form_left_behind():
    """The live server's blank form goes to the database cache, which a transactional test's
    flush leaves alone: the query budgets of later tests must start without it."""
    yield
    caches["default"].clear()


DRAFT_KEY = "samhandlingsportalen.avviksmelding.utkast"


def test_the_handler_closes_the_loop_and_the_reporter_replies(
    page, skien, porsgrunn, hospital, hospital_handler, hospital_colleague, quality
):
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 5", title="Utskrivningsklare pasienter", law_point=5
    )
    make_deviation(porsgrunn, hospital)
    urgent = make_deviation(skien, hospital, description="Epikrisen kom ikke fram før hjemreise.")
    Deviation.objects.filter(pk=urgent.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=2))
    clicks = 0

    def click(locator):
        nonlocal clicks
        locator.click()
        clicks += 1

    login(page, "sthf")
    page.goto("/avvik/")
    assert_accessible(page)
    # The most overdue case is the first row.
    first = page.locator("table.inbox-table tbody tr").first
    assert urgent.reference in first.inner_text() and "Epikrisen kom ikke fram" in first.inner_text()
    click(first.get_by_role("link", name=urgent.reference))
    assert_accessible(page)

    page.locator("#id_classify-agreement").select_option(str(agreement.pk))
    page.locator("#id_classify-category").select_option("documentation")
    click(page.get_by_role("button", name="Lagre klassifiseringen"))
    assert page.get_by_text("Klassifiseringen er lagret.").is_visible()
    assert "Melderens klassifisering" in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.get_by_label("Kommunikasjon og informasjonsoverføring").check()
    page.locator("#id_investigation-case_number").fill("2026/01234")
    click(page.get_by_role("button", name="Lagre", exact=True))
    page.locator("#id_measure-description").fill("Epikrisen sendes før pasienten reiser")
    page.locator("#id_measure-owner").fill("Seksjonsleder, medisinsk sengepost")
    page.locator("#id_measure-due_on").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    click(page.get_by_role("button", name="Legg til tiltaket"))
    assert page.get_by_text("Tiltaket er lagt til.").is_visible()
    assert_accessible(page)

    page.locator("#id_assign-assignee").select_option(str(hospital_colleague.pk))
    click(page.get_by_role("button", name="Tildel"))
    assert page.get_by_text("Saken er tildelt Hanne Kollega.").is_visible()
    page.locator("#id_answer-text").fill("Vi har innført en ny rutine for epikriser ved utskrivning.")
    click(page.get_by_role("button", name="Send svaret"))
    click(page.get_by_role("button", name="Lukk"))
    assert page.get_by_text("Avviket er lukket.").is_visible()
    assert_accessible(page)
    print(f"\nThe handler's journey took {clicks} clicks")

    urgent.refresh_from_db()
    assert urgent.agreement == agreement and urgent.original_agreement is None and urgent.reclassified
    assert urgent.assigned_to == hospital_colleague and urgent.status == Deviation.Status.CLOSED
    assert Measure.objects.filter(deviation=urgent).count() == 1

    page.get_by_role("button", name="Logg ut").click()
    page.goto(urgent.receipt_path())
    main = page.get_by_role("main").inner_text()
    assert "Saken er lukket" in main and "Epikrisen sendes før pasienten reiser" in main
    assert "Seksjonsleder" not in main  # the owner is the receiver's business
    assert_accessible(page)
    page.get_by_label("Delvis").check()
    page.get_by_role("button", name="Send svaret ditt").click()
    assert page.get_by_text("Takk for svaret ditt!").is_visible()
    assert page.get_by_role("button", name="Send svaret ditt").count() == 0
    assert_accessible(page)
    urgent.refresh_from_db()
    assert urgent.reporter_verdict == "delvis"

    # Kvalitetsutvalget publishes what was learnt; clinicians read it without logging in.
    login(page, "kvalitet")
    page.goto(urgent.get_absolute_url())
    page.get_by_role("link", name="Skriv et læringssammendrag").click()
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Epikrisen før hjemreise")
    page.get_by_label("Hva vi lærte").fill("Sengepostene sender nå epikrisen før pasienten reiser hjem.")
    page.get_by_role("button", name="Publiser").click()
    assert page.get_by_text("Læringssammendraget er publisert.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/avvik/laering/")
    assert "Epikrisen før hjemreise" in page.get_by_role("main").inner_text()
    assert_accessible(page)


def test_the_form_keeps_a_draft_in_the_browser_only_and_clears_it_on_submit(page, skien, hospital):
    sent = []
    page.on("request", lambda request: sent.append(request) if request.method == "POST" else None)
    page.goto("/avvik/meld/")
    page.locator("#id_reporter_name").fill("Kari Nordmann")
    page.locator("#id_reporter_workplace").fill("Hjemmetjenesten sone nord")
    page.locator("#id_description").fill("Legemiddellisten manglet i epikrisen.")
    page.locator("#id_occurred_at_time").fill("14:30")
    page.wait_for_function(f"() => (localStorage.getItem('{DRAFT_KEY}') || '').includes('Legemiddellisten')")
    assert not sent  # nothing left the browser

    page.reload()
    assert page.locator("#id_description").input_value() == "Legemiddellisten manglet i epikrisen."
    assert page.locator("#id_reporter_workplace").input_value() == "Hjemmetjenesten sone nord"
    assert page.locator("#id_occurred_at_time").input_value() == "14:30"
    assert page.get_by_role("status").filter(has_text="hentet fram").is_visible()
    assert_accessible(page)

    # Submitting clears it, whatever the server answers (here: fields are missing).
    page.get_by_role("button", name="Send meldingen").click()
    page.wait_for_load_state()
    assert page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None
    assert page.locator("#id_description").input_value() == "Legemiddellisten manglet i epikrisen."
