"""Units (enheter) inside organisations: their pages, vCards, phones, and where people find them."""

import pytest
import vobject
from django.core.exceptions import ValidationError
from django.db import connection

from contacts.models import Person, Unit
from contacts.tests.conftest import bulk_people, bulk_units


def test_a_phone_number_is_stored_once_in_e164_whatever_way_it_was_typed(allocation_office):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, direct_phone, plo_fallback_phone FROM contacts_unit WHERE id = %s", [allocation_office.pk]
        )
        assert cursor.fetchone() == ("+4735990117", "+4735990118", "+4735990119")


def test_it_refuses_a_phone_number_that_cannot_be_called_in_norwegian(porsgrunn):
    unit = Unit(organisation=porsgrunn, name="Legevakt", kind=Unit.Kind.EMERGENCY_ROOM, phone="ring sentralbordet")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "«ring sentralbordet» er ikke et gyldig telefonnummer" in str(error.value.message_dict["phone"])


def test_the_unit_page_shows_the_numbers_the_norwegian_way_and_calls_them_with_plus_47(client, allocation_office):
    response = client.get(allocation_office.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="tel:+4735990117">35 99 01 17</a>' in html
    assert '<a href="tel:+4735990119">35 99 01 19</a>' in html  # the PLO fallback
    assert "Hverdager 08.00–15.30" in html
    assert "Ring oss om pasienter som skal skrives ut" in html
    assert allocation_office.slug == "tildelingskontoret-porsgrunn-kommune"


def test_the_units_vcard_carries_the_numbers_in_e164_and_names_the_organisation(client, allocation_office):
    response = client.get(f"/kontakter/enheter/{allocation_office.slug}/vcard/")
    card = vobject.readOne(response.content.decode())
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert card.fn.value == "Tildelingskontoret, Porsgrunn kommune"
    assert card.org.value == ["Porsgrunn kommune", "Tildelingskontoret"]
    assert sorted(tel.value for tel in card.tel_list) == ["+4735990117", "+4735990118"]


def test_units_form_a_tree_shown_on_the_organisation_page_and_in_the_breadcrumbs(client, hospital_units, hospital):
    html = client.get(hospital.get_absolute_url()).content.decode()
    clinic_at = html.index(">Medisinsk klinikk</a>")
    assert html.index(">Sengepost 3</a>", clinic_at) > clinic_at  # nested under its clinic
    ward_page = client.get(hospital_units["ward"].get_absolute_url()).content.decode()
    assert f'<a href="{hospital_units["clinic"].get_absolute_url()}">Medisinsk klinikk</a>' in ward_page


def test_it_refuses_a_parent_unit_of_another_organisation(hospital_units, porsgrunn):
    unit = Unit(organisation=porsgrunn, parent=hospital_units["clinic"], name="Legevakt", kind=Unit.Kind.OTHER)
    with pytest.raises(ValidationError, match="samme organisasjon"):
        unit.full_clean()


def test_it_refuses_a_unit_under_its_own_sub_unit(hospital_units):
    clinic = hospital_units["clinic"]
    clinic.parent = hospital_units["ward"]
    with pytest.raises(ValidationError, match="under seg selv"):
        clinic.full_clean()


def test_the_region_page_lists_each_municipalitys_units(client, allocation_office, grenland):
    html = client.get(grenland.get_absolute_url()).content.decode()
    assert f'<a href="{allocation_office.get_absolute_url()}">Tildelingskontoret</a>' in html


def test_a_directory_search_names_the_unit_before_the_people(client, allocation_office):
    html = client.get("/kontakter/", {"q": "tildeling porsgrunn"}).content.decode()
    assert f'href="{allocation_office.get_absolute_url()}">Tildelingskontoret</a>, Porsgrunn kommune' in html


def test_people_belong_to_a_unit_and_are_listed_on_its_page(client, allocation_office, porsgrunn):
    person = Person.objects.create(name="Tone Vassli", organisation=porsgrunn, unit=allocation_office)
    assert client.get(allocation_office.get_absolute_url()).context["page"].object_list[0] == person
    # The unit's name is searchable on the person.
    assert list(Person.objects.search("tildelingskontoret")) == [person]


def test_renaming_a_unit_updates_the_search_of_its_people(allocation_office, porsgrunn):
    person = Person.objects.create(name="Tone Vassli", organisation=porsgrunn, unit=allocation_office)
    allocation_office.name = "Forvaltningskontoret"
    allocation_office.save()
    assert list(Person.objects.search("forvaltningskontoret")) == [person]


def test_the_plo_list_has_a_row_per_unit_with_the_switchboard(client, allocation_office, porsgrunn):
    porsgrunn.phone = "35 99 09 00"
    porsgrunn.save()
    html = client.get("/kontakter/plo-telefonliste/").content.decode()
    row = html[html.index(f'href="{allocation_office.get_absolute_url()}"') :]
    row = row[: row.index("</tr>")]
    assert '<a href="tel:+4735990119">35 99 01 19</a>' in row  # the unit's PLO number
    assert '<a href="tel:+4735990900">35 99 09 00</a>' in row  # the switchboard, filled


@pytest.mark.parametrize("size", [10, 1000])
def test_unit_and_organisation_pages_have_a_query_budget(
    client, porsgrunn, grenland, allocation_office, size, django_assert_max_num_queries
):
    people = bulk_people(size, porsgrunn, grenland)
    Person.objects.filter(pk__in=[person.pk for person in people]).update(unit=allocation_office)
    bulk_units(size, porsgrunn, parent=allocation_office)
    # unit with organisation, the organisation's units (breadcrumbs, sub-units), services,
    # count, page of people, their roles
    with django_assert_max_num_queries(6):
        response = client.get(allocation_office.get_absolute_url())
    assert response.context["page"].paginator.count == size
    with django_assert_max_num_queries(2):  # the unit with its organisation
        assert client.get(f"/kontakter/enheter/{allocation_office.slug}/vcard/").status_code == 200
    with django_assert_max_num_queries(2):  # organisations with regions, their units
        assert client.get("/kontakter/plo-telefonliste/").status_code == 200


def test_the_unit_suggestions_list_one_organisations_units_by_key_or_slug(client, allocation_office, porsgrunn):
    expected = {"results": [{"name": "Tildelingskontoret", "detail": "tildelingskontor"}]}
    assert client.get("/kontakter/enhetsforslag/", {"organisasjon": porsgrunn.pk}).json() == expected
    assert client.get("/kontakter/enhetsforslag/", {"organisasjon": "porsgrunn-kommune"}).json() == expected
    for odd in ("", "9" * 40, "ø" * 3, "x" * 300):
        assert client.get("/kontakter/enhetsforslag/", {"organisasjon": odd}).json() == {"results": []}


def test_a_coordinator_adds_a_unit_in_the_admin_and_a_bad_number_is_told_in_norwegian(client, coordinator, porsgrunn):
    client.force_login(coordinator)
    data = {
        "organisation": porsgrunn.pk,
        "name": "Legevakt",
        "kind": Unit.Kind.EMERGENCY_ROOM,
        "phone": "ring oss",
        "direct_phone": "",
        "plo_fallback_phone": "",
        "sort_order": "0",
    }
    response = client.post("/admin/contacts/unit/add/", data)
    assert response.status_code == 200
    assert "«ring oss» er ikke et gyldig telefonnummer" in response.content.decode()
    response = client.post("/admin/contacts/unit/add/", data | {"phone": "35 99 05 00"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="Legevakt")
    assert unit.phone.as_e164 == "+4735990500"
    # The change form shows it as it was typed, the Norwegian way.
    assert 'value="35 99 05 00"' in client.get(f"/admin/contacts/unit/{unit.pk}/change/").content.decode()
