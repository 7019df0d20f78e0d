"""/kontakter/plo-telefonliste/: the numbers for manual routines when PLO messaging is down."""

import pytest

from contacts.models import Organisation
from contacts.tests.conftest import bulk_people


def test_it_lists_each_organisation_with_its_plo_phone_by_region(client, people, vinje, skien, hospital):
    page = client.get("/kontakter/plo-telefonliste/").content.decode()
    assert "<h1>Telefonliste ved PLO-brudd</h1>" in page
    assert 'href="tel:+4735062000"' in page  # Vinje's PLO phone
    # The hospital (no region) comes first, then the regions in Norwegian order.
    assert page.index("Helseforetak og sykehus") < page.index("Grenland") < page.index("Vest-Telemark")
    # A missing number is visible, so it gets fixed.
    assert "Ikke registrert: ring sentralbordet" in page


def test_merged_organisations_and_gp_offices_are_not_on_the_list(client, vinje):
    Organisation.objects.create(name="Gammel kommune", kind=Organisation.Kind.MUNICIPALITY, merged_into=vinje)
    Organisation.objects.create(name="Legesenteret", kind=Organisation.Kind.GP_OFFICE)
    page = client.get("/kontakter/plo-telefonliste/").content.decode()
    assert "Gammel kommune" not in page and "Legesenteret" not in page


def test_it_has_a_print_stylesheet_and_a_print_button_only_for_javascript(client, vinje):
    page = client.get("/kontakter/plo-telefonliste/").content.decode()
    assert "/static/contacts/contacts.css" in page
    assert "/static/contacts/print.js" in page
    assert '<button class="ds-button print-button" data-variant="secondary" type="button" hidden>' in page
    from django.contrib.staticfiles import finders

    css = open(finders.find("contacts/contacts.css"), encoding="utf-8").read()
    assert "@media print" in css and ".plo-phone-list" in css


@pytest.mark.parametrize("size", [10, 1000])
def test_the_phone_list_has_a_query_budget(client, skien, grenland, size, django_assert_max_num_queries):
    bulk_people(size, skien, grenland)
    with django_assert_max_num_queries(2):  # the organisations with their regions, their units
        assert client.get("/kontakter/plo-telefonliste/").status_code == 200
