"""The statistics in Chromium: axe-clean in every state, and the quality committee's question
answered from one page, then exported."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from conftest import assert_accessible
from conftest import login as _login
from deviations.models import Deviation
from deviations.tests.statistics_data import Case, add, service_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_YEAR = timezone.localdate().year - 1
C = Deviation.Category


@pytest.fixture(autouse=True)
def opens_at_once(page):
    """The filters are folded in a Designsystemet <details> whose content grows over 0.4 s; a
    link in it below the fold is clicked by Playwright while it is still being revealed, and the
    click can miss (no navigation). A reader who asked for reduced motion sees it open at once,
    as these tests need; the tests are about the figures, not the animation."""
    page.emulate_media(reduced_motion="reduce")


def login(page, username):
    page.context.clear_cookies()
    _login(page, username)


def on(month, day):
    return timezone.make_aware(datetime.datetime(LAST_YEAR, month, day, 12))


@pytest.fixture
def last_year(skien, porsgrunn, hospital):
    """Last year: Tjenesteavtale 5 had most deviations (9, of which 6 answered on time)."""
    ta3 = service_agreement(3, "Innleggelse i sykehus")
    ta5 = service_agreement(5, "Utskrivningsklare pasienter")
    add(
        [Case(skien, hospital, received_at=on(3, 1 + n), agreement=ta5, answered_after_days=4) for n in range(6)]
        + [Case(porsgrunn, hospital, received_at=on(8, 1 + n), agreement=ta5, answered_after_days=45) for n in range(3)]
        + [
            Case(hospital, skien, received_at=on(10, 1 + n), agreement=ta3, category=C.ADMISSION, answered_after_days=2)
            for n in range(7)
        ]
        # This year's, which the question is not about.
        + [Case(skien, hospital, days_ago=5 + n, agreement=ta3, category=C.ADMISSION) for n in range(12)]
    )
    return {"ta3": ta3, "ta5": ta5}


def test_the_quality_committee_finds_last_years_worst_agreement_and_exports_it(page, quality, last_year):
    login(page, "kvalitet")
    page.goto("/avvik/")
    with page.expect_navigation():
        page.get_by_role("link", name="Statistikk", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Avviksstatistikk"
    page.get_by_text("Filter og periode").click()  # the filters are folded, so the figures come first
    # Wait for the new page itself: the old one is already "loaded", so a load-state wait
    # alone can return before the link's page has arrived.
    with page.expect_navigation():
        page.get_by_role("link", name=f"I fjor ({LAST_YEAR})").click()
    page.get_by_text("Filter og periode").click()
    assert page.get_by_label("Fra og med").input_value() == f"{LAST_YEAR}-01-01"

    table = page.get_by_role("table", name="Per tjenesteavtale")
    header = [cell.inner_text() for cell in table.get_by_role("columnheader").all()]
    first = table.get_by_role("row").nth(1)
    cells = [cell.inner_text() for cell in first.get_by_role("cell").all()]
    assert first.get_by_role("rowheader").inner_text() == "Tjenesteavtale 5: Utskrivningsklare pasienter"
    assert cells[header.index("Antall") - 1] == "9"
    assert cells[header.index("Besvart innen fristen") - 1] == "6"
    assert cells[header.index("Andel innen fristen") - 1] == "66,7 %"
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tallene som CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"avviksstatistikk_{LAST_YEAR}-01-01_{LAST_YEAR}-12-31.csv"
    content = open(download.path(), encoding="utf-8-sig").read()
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    ta5 = next(row for row in rows if row[:2] == ["Tjenesteavtale", "Tjenesteavtale 5: Utskrivningsklare pasienter"])
    assert ta5[2:4] == ["9", "6"]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tallene som Excel-fil (XLSX)").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")


def test_every_state_of_the_statistics_page_is_accessible(page, quality, coordinator, last_year):
    login(page, "kvalitet")
    page.goto("/avvik/statistikk/")
    assert page.locator("svg.chart").count() == 6
    assert_accessible(page)

    # Filters, chosen with the keyboard-friendly form controls once the filter panel is open.
    page.get_by_text("Filter og periode").click()
    page.get_by_label("Kategori", exact=True).select_option(label="Innleggelse")
    page.get_by_label("Retning", exact=True).select_option(label="Fra helseforetak til kommune")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis statistikk").click()
    assert "kategori=admission" in page.url
    assert_accessible(page)

    # The error state: the summary is announced and links to the field.
    page.get_by_text("Filter og periode").click()
    page.get_by_label("Fra og med").fill(f"{LAST_YEAR}-06-01")
    page.get_by_label("Til og med").fill(f"{LAST_YEAR}-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis statistikk").click()
    summary = page.get_by_role("alert")
    assert "kan ikke være før" in summary.inner_text()
    assert_accessible(page)

    # A coordinator's view, with small counts hidden and said so.
    login(page, "koordinator")
    page.goto("/avvik/statistikk/?fra=2000-01-01")
    assert page.get_by_text("Antall fra 1 til 4 vises som «<5»").is_visible()
    assert page.get_by_role("cell", name="<5").count() > 0
    assert_accessible(page)


def test_the_annual_report_is_accessible_and_prints(page, quality, last_year):
    login(page, "kvalitet")
    page.goto(f"/avvik/statistikk/arsrapport/{LAST_YEAR}/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Årsrapport samhandlingsavvik {LAST_YEAR}"
    assert_accessible(page)
    # The year picker works without JavaScript: a GET form and a redirect.
    page.locator("#id_ar").select_option(str(LAST_YEAR + 1))
    with page.expect_navigation():
        page.get_by_role("button", name="Vis året").click()
    assert page.url.endswith(f"/avvik/statistikk/arsrapport/{LAST_YEAR + 1}/")
    assert_accessible(page)
    # Printed, the menus, the breadcrumbs and the form are gone; the tables and charts stay.
    page.goto(f"/avvik/statistikk/arsrapport/{LAST_YEAR}/")
    page.emulate_media(media="print")
    assert not page.locator(".portal-header").is_visible()
    assert not page.locator("form.year-picker").is_visible()
    assert page.get_by_role("table", name="Per tjenesteavtale").is_visible()
    assert page.locator("svg.chart").first.is_visible()
