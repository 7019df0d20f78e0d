"""The action plan and a pathway as a coordinator reaches them from the front page, in Chromium with axe."""

import pytest

from agreements import demo
from conftest import assert_accessible, login
from contacts import demo as contacts_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(db):
    """The demo partnership; its accounts have the demo password."""
    contacts_demo.load()
    demo.load()
    demo.load_work()


def test_a_coordinator_reaches_the_2025_2026_plan_in_one_click_and_a_pathway_in_two(page, demo_data):
    login(page, "koordinator", "demo")
    page.goto("/")
    main = page.get_by_role("main")
    # 1: "Handlingsplan" under the front page's "Helsefellesskapets arbeid" opens the plan in force
    main.get_by_role("link", name="Handlingsplan", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Handlingsplan 2025–2026"
    assert page.get_by_role("heading", name="Barn og unge").is_visible()
    assert_accessible(page)
    # The coordinator's own view: which measures are past their deadline
    page.get_by_role("link", name="Tiltak over frist").click()
    assert page.get_by_role("main").get_by_role("row").count() > 1
    assert_accessible(page)

    page.goto("/")
    # 1: "Pasientforløp", 2: the home-to-home pathway
    page.get_by_role("main").get_by_role("link", name="Pasientforløp", exact=True).click()
    page.get_by_role("link", name="Samhandlingsforløpet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Samhandlingsforløpet"
    assert page.get_by_text("PLO: Melding om utskrivningsklar pasient").is_visible()
    assert_accessible(page)


def test_a_reader_prints_the_whole_plan_without_the_menu(page, demo_data):
    page.goto("/handlingsplan/")
    page.get_by_role("link", name="Utskriftsvennlig versjon av hele planen").click()
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()
    assert page.get_by_role("heading", name="Riktig legemiddelliste ved alle overganger").is_visible()
