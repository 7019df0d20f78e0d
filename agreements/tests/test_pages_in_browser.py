"""Agreements and routines as people meet them, in Chromium under the real CSP, checked with axe."""

import re

import pytest

from agreements import demo
from agreements.documents import minimal_pdf
from agreements.models import Routine
from agreements.tests.conftest import png_bytes
from conftest import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISCHARGE = "Rutine for utskrivning av utskrivningsklare pasienter"


@pytest.fixture
def demo_data(db):
    demo.load()


def _download_routine(page):
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned rutinen (PDF)").click()
    download = info.value
    assert download.suggested_filename == "rutine-for-utskrivning-av-utskrivningsklare-pasienter.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_coordinator_finds_the_discharge_routine_from_the_front_page_in_three_steps(page, coordinator, demo_data):
    login(page, "koordinator")
    page.goto("/")
    # 1: the main menu's "Avtaler og rutiner"
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Avtaler og rutiner").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Avtaler og rutiner"
    assert_accessible(page)
    # 2: the routine, listed under tjenesteavtale 3 and 5
    page.get_by_role("link", name=DISCHARGE).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == DISCHARGE
    assert_accessible(page)
    # 3: its document
    _download_routine(page)


def test_the_routine_search_finds_discharge_with_the_keyboard(page, coordinator, demo_data):
    login(page, "koordinator")
    page.goto("/avtaler/")
    page.get_by_label("Søk i rutiner").fill("utskrivning")
    page.get_by_label("Søk i rutiner").press("Enter")
    page.wait_for_url(re.compile(r"/rutiner/\?q=utskrivning"))
    results = page.get_by_role("main").get_by_role("heading", level=2)
    assert results.first.inner_text().startswith(DISCHARGE)
    assert_accessible(page)
    results.first.get_by_role("link").click()
    _download_routine(page)


READER_PAGES = [
    "/avtaler/",
    "/avtaler/samarbeidsavtale/",
    "/avtaler/tjenesteavtale-5/",
    "/avtaler/saeravtale-4-1/",
    "/rutiner/",
    "/rutiner/?q=utskrivningsklare&malgruppe=sykehus",
    "/rutiner/?q=tannlegevakt",  # nothing found
    "/rutiner/?avtale=finnes-ikke",  # an invalid filter: the error summary
    "/rutiner/rutine-for-utskrivning-av-utskrivningsklare-pasienter/",
    "/rutiner/rutine-for-utskrivning-av-pasienter-2016/",  # archived
    "/avtaler/til-revisjon/",  # not found for readers
]


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_are_accessible(page, demo_data, path):
    page.goto(path)
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)


COORDINATOR_PAGES = [
    "/avtaler/",
    "/avtaler/tjenesteavtale-5/",
    "/avtaler/til-revisjon/",
    "/avtaler/tjenesteavtale-5/ny-versjon/",
    "/rutiner/?status=alle",
    "/rutiner/rutine-for-overforing-av-legemiddellister/",  # a draft
]


def test_coordinator_pages_are_accessible(page, coordinator, demo_data):
    login(page, "koordinator")
    for path in COORDINATOR_PAGES:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)


def test_a_coordinator_adds_a_version_after_a_refused_upload(page, coordinator, demo_data, tmp_path):
    fake = tmp_path / "avtale.pdf"
    fake.write_bytes(png_bytes())
    real = tmp_path / "signert.pdf"
    real.write_bytes(minimal_pdf("Tjenesteavtale 7 versjon 2026"))
    login(page, "koordinator")
    page.goto("/avtaler/tjenesteavtale-7/")
    page.get_by_role("link", name="Legg til ny versjon").click()

    page.get_by_label("Versjon").fill("2026")
    page.get_by_label("Vedtatt").fill("2026-05-01")
    page.get_by_label("Gjelder fra").fill("2026-06-01")
    page.get_by_label("Signert avtale (PDF)").set_input_files(str(fake))
    page.get_by_role("button", name="Lagre ny versjon").press("Enter")

    summary = page.get_by_role("alert")
    assert "Filen er ikke en PDF" in summary.inner_text()
    assert page.get_by_label("Versjon").input_value() == "2026"
    assert_accessible(page)
    summary.get_by_role("link").first.click()  # the summary leads to the field
    page.get_by_label("Signert avtale (PDF)").set_input_files(str(real))
    page.get_by_role("button", name="Lagre ny versjon").click()

    assert page.get_by_text("Versjon 2026 er lagt til").is_visible()
    assert page.get_by_role("heading", name=re.compile("Versjon 2019")).is_visible()  # the old one, replaced
    assert_accessible(page)


def test_a_routine_prints_without_navigation_or_buttons(page, demo_data):
    page.goto("/rutiner/rutine-for-utskrivning-av-utskrivningsklare-pasienter/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert not page.get_by_role("link", name="Last ned rutinen (PDF)").is_visible()
    assert page.get_by_text("Skrevet ut").is_visible()
    assert page.get_by_role("heading", name="Når pasienten er utskrivningsklar").is_visible()


def test_readers_never_see_the_draft_routine(page, demo_data):
    draft = Routine.objects.get(status=Routine.Status.DRAFT)
    page.goto("/rutiner/")
    assert not page.get_by_text(draft.title).count()
    response = page.goto(draft.get_absolute_url())
    assert response.status == 404
    assert_accessible(page)
