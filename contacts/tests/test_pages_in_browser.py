"""The contacts pages in Chromium, under the real CSP: accessible, and a coordinator's journey."""

import pytest

from conftest import assert_accessible, login
from contacts.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def merged(db, vinje):
    return Organisation.objects.create(
        name="Rauland kommune", kind=Organisation.Kind.MUNICIPALITY, merged_into=vinje, region=vinje.region
    )


def page_paths(people, steering_group, merged):
    return [
        "/kontakter/",
        "/kontakter/?q=bitus",
        "/kontakter/?q=finnesikke",  # no hits
        "/kontakter/?q=ragna&region=narnia&role=konge",  # an error summary
        f"/kontakter/personer/{people['ragna'].pk}/",
        f"/kontakter/personer/{people['hanne'].pk}/",  # with a past seat
        "/kontakter/regioner/grenland/",
        "/kontakter/organisasjoner/vinje-kommune/",
        f"/kontakter/organisasjoner/{merged.slug}/",  # a merged municipality
        "/kontakter/plo-telefonliste/",
        "/utvalg/",
        f"/utvalg/{steering_group.slug}/",
    ]


def test_every_contacts_page_is_accessible(page, people, steering_group, merged):
    for path in page_paths(people, steering_group, merged):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_a_coordinator_finds_a_person_from_the_front_page_in_two_steps(page, coordinator, people):
    login(page, "koordinator")
    page.goto("/")
    # Step 1: the main menu's "Kontakter", and a part of the name in its search box.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kontakter").click()
    search = page.get_by_label("Søk etter navn, stilling, rolle, organisasjon eller region")
    search.fill("bitus")
    search.press("Enter")
    assert page.get_by_role("heading", name="1 kontakt").is_visible()
    # Step 2: the person, with working links to call or write.
    page.get_by_role("link", name="Ragna Bitustøyl").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ragna Bitustøyl"
    assert page.get_by_role("link", name="35 06 20 10").get_attribute("href") == "tel:+4735062010"
    assert page.get_by_role("link", name="ragna.bitustoyl@vinje.kommune.example.org").is_visible()


def test_the_search_and_filters_work_with_the_keyboard_alone(page, people):
    page.goto("/kontakter/")
    page.get_by_label("Søk etter navn, stilling, rolle, organisasjon eller region").focus()
    page.keyboard.type("koordinat")
    page.keyboard.press("Tab")  # region
    page.keyboard.press("Tab")  # organisation
    page.keyboard.press("Tab")  # role
    page.keyboard.press("Tab")  # the button
    assert page.evaluate("document.activeElement.textContent") == "Søk"
    page.keyboard.press("Enter")
    page.wait_for_url("**/kontakter/?q=koordinat*")
    assert page.get_by_role("heading", name="3 kontakter").is_visible()


def test_the_phone_list_prints_without_the_page_chrome(page, vinje):
    page.goto("/kontakter/plo-telefonliste/")
    button = page.get_by_role("button", name="Skriv ut listen")
    assert button.is_visible()  # shown because JavaScript runs
    page.emulate_media(media="print")
    assert not page.locator(".portal-header").is_visible()
    assert not button.is_visible()
    assert page.get_by_role("cell", name="35 06 20 00").is_visible()


def test_the_vcard_downloads(page, people):
    page.goto(f"/kontakter/personer/{people['ingrid'].pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kontaktkort (vCard)").click()
    assert download.value.suggested_filename == "ingrid-saeterstol.vcf"
