"""A person's page and vCard."""

import pytest
import vobject

from contacts.models import Body, Membership, Person
from contacts.tests.conftest import bulk_people


def test_the_person_page_shows_roles_organisation_and_working_links(client, people):
    ragna = people["ragna"]
    page = client.get(f"/kontakter/personer/{ragna.pk}/").content.decode()
    assert "<h1>Ragna Bitustøyl</h1>" in page
    assert "Samhandlingskoordinator" in page
    assert 'href="/kontakter/regioner/vest-telemark/"' in page
    assert 'href="/kontakter/organisasjoner/vinje-kommune/"' in page
    assert 'href="mailto:ragna.bitustoyl@vinje.kommune.example.org"' in page
    assert 'href="tel:+4735062010"' in page
    assert f'href="/kontakter/personer/{ragna.pk}/vcard/"' in page


def test_it_lists_current_bodies_and_keeps_past_ones_apart(client, people, steering_group):
    page = client.get(f"/kontakter/personer/{people['hanne'].pk}/").content.decode()
    current, past = page.split("Tidligere verv")
    assert "Styringsgruppe for samhandling i Grenland" not in current
    assert "Styringsgruppe for samhandling i Grenland" in past and "2018–2022" in past
    page = client.get(f"/kontakter/personer/{people['magnus'].pk}/").content.decode()
    assert "Styringsgruppe for samhandling i Grenland</a>: leder, representerer Sykehuset Telemark HF" in page


def test_an_unknown_person_is_a_404(client, db):
    assert client.get("/kontakter/personer/999999/").status_code == 404
    assert client.get("/kontakter/personer/999999/vcard/").status_code == 404


def test_the_vcard_parses_and_round_trips_norwegian_letters(client, people):
    ingrid = people["ingrid"]
    response = client.get(f"/kontakter/personer/{ingrid.pk}/vcard/")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ingrid-saeterstol.vcf"'
    card = vobject.readOne(response.content.decode("utf-8"))
    assert card.version.value == "3.0"
    assert card.fn.value == "Ingrid Sæterstøl"
    assert card.n.value.given == "Ingrid" and card.n.value.family == "Sæterstøl"
    assert card.org.value == ["Skien kommune"]
    assert card.title.value == "Rådgiver"
    assert card.email.value == "ingrid@skien.example.org"
    assert card.tel.value == "+4735581000"  # E.164, as address books want it
    assert "samhandlingskoordinator, Grenland" in card.note.value


def test_the_vcard_of_a_person_with_only_a_name_is_valid(client, db):
    person = Person.objects.create(name="Ærlig Åsheim Øvrebø")
    card = vobject.readOne(client.get(f"/kontakter/personer/{person.pk}/vcard/").content.decode())
    assert card.fn.value == "Ærlig Åsheim Øvrebø"
    assert card.n.value.family == "Øvrebø" and card.n.value.given == "Ærlig Åsheim"


@pytest.mark.parametrize("size", [10, 1000])
def test_the_person_page_and_vcard_have_a_query_budget(
    client, people, skien, grenland, size, django_assert_max_num_queries
):
    body = Body.objects.create(name="Fagråd", kind=Body.Kind.PROFESSIONAL_COUNCIL)
    ragna = people["ragna"]
    bulk_people(size, skien, grenland, body=body)
    Membership.objects.create(person=ragna, body=body)
    # person with organisation and region, roles, memberships with bodies
    with django_assert_max_num_queries(3):
        assert client.get(f"/kontakter/personer/{ragna.pk}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/kontakter/personer/{ragna.pk}/vcard/").status_code == 200
