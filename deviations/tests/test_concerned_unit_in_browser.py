"""The unit field of the report form in Chromium: with JavaScript it suggests the chosen organisation's units."""

import pytest

from conftest import assert_accessible
from contacts.models import Unit
from deviations.models import Deviation
from deviations.tests.test_organisation_picker_in_browser import fill_the_rest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_with_javascript_the_unit_box_suggests_the_chosen_organisations_units(page, skien, hospital):
    ward = Unit.objects.create(organisation=hospital, name="Sengepost 3", kind=Unit.Kind.WARD)
    Unit.objects.create(organisation=skien, name="Tildelingskontoret", kind=Unit.Kind.ALLOCATION_OFFICE)
    page.goto("/avvik/meld/")
    for box, typed, name in (
        ("#id_reporter_organisation", "skien", "Skien kommune"),
        ("#id_concerned_organisation", "sykehuset", "Sykehuset Telemark HF"),
    ):
        page.locator(box).focus()
        page.keyboard.type(typed)
        page.get_by_role("option", name=name).wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
    unit = page.get_by_label("Enheten det gjelder (valgfritt)")
    unit.focus()
    options = page.locator("#id_concerned_unit_forslag option")
    options.first.wait_for(state="attached")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["Sengepost 3"]
    assert_accessible(page)
    unit.fill("Sengepost 3")
    fill_the_rest(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send meldingen").click()
    assert Deviation.objects.get().concerned_unit == ward
