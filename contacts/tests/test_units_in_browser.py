"""Units, services and meetings in Chromium under the real CSP: accessible, and a nurse's journey."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from conftest import assert_accessible
from contacts.models import Meeting, Service
from samhandling.pdf import minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_nurse_finds_porsgrunns_tildelingskontor_from_the_front_page_in_two_clicks(page, allocation_office):
    page.goto("/")
    # Click 1: "Finn kontakt"; then the words she has in mind, in the search box.
    page.get_by_role("link", name="Finn kontakt").click()
    search = page.get_by_label("Søk etter navn, stilling, rolle, organisasjon eller region")
    search.fill("tildeling porsgrunn")
    search.press("Enter")
    units = page.get_by_role("region", name="Enheter")
    # The number is on the result already, ready to call.
    assert units.get_by_role("link", name="35 99 01 17").get_attribute("href") == "tel:+4735990117"
    # Click 2: the unit's page, with when to call and the PLO fallback.
    units.get_by_role("link", name="Tildelingskontoret").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tildelingskontoret"
    assert page.get_by_role("link", name="35 99 01 19").get_attribute("href") == "tel:+4735990119"
    assert page.get_by_text("Ring oss om pasienter som skal skrives ut").is_visible()


def test_the_unit_service_and_meeting_pages_are_accessible(page, allocation_office, hospital_units, steering_group):
    service = Service.objects.create(
        name="Døgnrehabilitering",
        kind=Service.Kind.REHABILITATION,
        target_group=Service.TargetGroup.ELDERLY,
        provider=allocation_office.organisation,
        provider_unit=allocation_office,
        summary="Opphold med trening etter sykehus.",
        how_to_refer="Sykehuset melder behov i PLO-meldingen.",
    )
    starts = timezone.now() - datetime.timedelta(days=20)
    held = Meeting.objects.create(body=steering_group, starts_at=starts, place="Rådhuset", agenda="1. Referat")
    held.minutes.save("referat.pdf", ContentFile(minimal_pdf("Referat")), save=True)
    Meeting.objects.create(body=steering_group, starts_at=starts + datetime.timedelta(days=40), agenda="1. Budsjett")
    for path in (
        allocation_office.get_absolute_url(),
        hospital_units["ward"].get_absolute_url(),
        "/kontakter/organisasjoner/sykehuset-telemark-hf/",
        "/tjenester/",
        "/tjenester/?kommune=atlantis",
        service.get_absolute_url(),
        steering_group.get_absolute_url(),
        f"/utvalg/{steering_group.slug}/referater/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
