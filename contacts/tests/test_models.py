"""Validation rules of the contacts models and the front page's coordinators."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.template.loader import render_to_string

from contacts.models import Membership, Organisation, Person, Role, validate_organisation_number
from contacts.phones import tel_uri, validate_phone
from contacts.selectors import region_coordinators
from contacts.tests.conftest import bulk_people


@pytest.mark.parametrize("number", ["974558386", "974 558 386", "983971636"])
def test_valid_organisation_numbers_pass(number):
    validate_organisation_number(number)


@pytest.mark.parametrize("number", ["974558387", "12345678", "97455838A", "9745583861"])
def test_invalid_organisation_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        validate_organisation_number(number)


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("35 50 10 00", "tel:+4735501000"),
        ("+47 915 55 555", "tel:+4791555555"),
        ("0047 91555555", "tel:+4791555555"),
        ("(+47) 35.50.10.00", "tel:+4735501000"),
        ("+46 8 123 456 78", "tel:+46812345678"),
    ],
)
def test_phone_numbers_as_people_write_them_pass_and_become_tel_links(number, uri):
    validate_phone(number)
    assert tel_uri(number) == uri


@pytest.mark.parametrize("number", ["123", "3550100", "355010001", "ring sentralbordet", "+47 12"])
def test_phone_numbers_that_cannot_be_called_are_refused(number):
    with pytest.raises(ValidationError, match="ikke et gyldig telefonnummer"):
        validate_phone(number)
    assert tel_uri(number) == ""


def test_a_person_needs_a_valid_email_and_phone(db):
    person = Person(name="Kari", email="kari@", phone="12")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert set(error.value.message_dict) == {"email", "phone"}


def test_a_coordinator_role_needs_a_region(people):
    role = Role(person=people["åse"], kind=Role.Kind.COORDINATOR)
    with pytest.raises(ValidationError, match="må ha en region"):
        role.full_clean()
    with pytest.raises(IntegrityError):
        role.save()


def test_a_person_has_a_role_once_per_place(people, skien):
    Role.objects.create(person=people["åse"], kind=Role.Kind.WEB_EDITOR)
    with pytest.raises(ValidationError, match="allerede denne rollen"):
        Role(person=people["åse"], kind=Role.Kind.WEB_EDITOR).full_clean()
    Role(person=people["åse"], kind=Role.Kind.WEB_EDITOR, organisation=skien).full_clean()


def test_a_membership_cannot_end_before_it_starts(steering_group, people):
    membership = Membership(
        person=people["åse"],
        body=steering_group,
        started_on=datetime.date(2024, 1, 1),
        ended_on=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError, match="Sluttdatoen"):
        membership.full_clean()


def test_seats_not_ended_and_past_follow_one_rule(steering_group, people):
    assert set(steering_group.memberships.not_ended().values_list("person__name", flat=True)) == {
        "Magnus Ørbekk",
        "Ingrid Sæterstøl",
    }
    assert list(steering_group.memberships.past().values_list("person__name", flat=True)) == ["Hanne Skjærvø"]


def test_slugs_transliterate_and_stay_unique(db):
    first = Organisation.objects.create(name="Bø kommune", kind=Organisation.Kind.MUNICIPALITY)
    second = Organisation.objects.create(name="Bo kommune", kind=Organisation.Kind.MUNICIPALITY)
    assert (first.slug, second.slug) == ("bo-kommune", "bo-kommune-2")


# --- The front page's coordinators per region ------------------------------------------


@pytest.mark.parametrize("size", [10, 1000])
def test_region_coordinators_costs_one_query_at_any_size(people, skien, grenland, size, django_assert_num_queries):
    bulk_people(size, skien, grenland)
    with django_assert_num_queries(1):  # regions joined to coordinator roles with people and organisations
        regions = region_coordinators()
        rendered = render_to_string("contacts/includes/region_coordinators.html", {"region_coordinators": regions})
    assert [region.name for region in regions] == ["Grenland", "Vest-Telemark"]
    assert [role.person.name for role in regions[0].coordinator_roles] == ["Ingrid Sæterstøl"]
    assert 'href="/kontakter/regioner/grenland/"' in rendered
    assert f'href="/kontakter/personer/{people["ragna"].pk}/"' in rendered
    assert 'href="mailto:ingrid@skien.example.org"' in rendered


def test_a_region_without_a_coordinator_says_so(db, grenland):
    rendered = render_to_string(
        "contacts/includes/region_coordinators.html", {"region_coordinators": region_coordinators()}
    )
    assert "Ingen koordinator registrert." in rendered


def test_a_phone_becomes_a_link_only_when_it_can_be_called():
    from contacts.templatetags.contacts_tags import tel_link

    assert tel_link("35 50 10 00") == '<a href="tel:+4735501000">35 50 10 00</a>'
    assert tel_link("<b>ring</b>") == "&lt;b&gt;ring&lt;/b&gt;"
    assert tel_link("") == ""


def test_renaming_a_region_updates_the_search_of_its_people_and_organisations(people, vest_telemark):
    vest_telemark.name = "Vestre Telemark"
    vest_telemark.save()
    assert sorted(p.name for p in Person.objects.search("vestre")) == ["Ragna Bitustøyl", "Åse Li"]
    assert [o.name for o in Organisation.objects.filter(search_text__contains="vestre")] == ["Vinje kommune"]


def test_a_person_with_roles_and_seats_can_be_deleted(people, steering_group):
    people["magnus"].delete()
    assert not Role.objects.filter(person__name="Magnus Ørbekk").exists()
    assert steering_group.memberships.count() == 2
