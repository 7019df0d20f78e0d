"""Region and organisation pages: coordinators, municipalities and their history, inboxes."""

import datetime

import pytest

from contacts.models import Organisation, Region
from contacts.tests.conftest import bulk_people


@pytest.fixture
def midt_telemark(db):
    region = Region.objects.create(name="Midt-Telemark")
    new = Organisation.objects.create(
        name="Midt-Telemark kommune",
        kind=Organisation.Kind.MUNICIPALITY,
        region=region,
        valid_from=datetime.date(2020, 1, 1),
    )
    for old in ("Sauherad kommune", "Bø kommune"):
        Organisation.objects.create(
            name=old,
            kind=Organisation.Kind.MUNICIPALITY,
            region=region,
            merged_into=new,
            valid_to=datetime.date(2019, 12, 31),
        )
    Organisation.objects.create(name="Nome kommune", kind=Organisation.Kind.MUNICIPALITY, region=region)
    return region


def test_the_region_page_shows_its_coordinator_municipalities_and_bodies(client, people, steering_group, skien):
    page = client.get("/kontakter/regioner/grenland/").content.decode()
    assert "<h1>Region Grenland</h1>" in page
    coordinators = page.split('id="coordinators-heading"')[1].split("</section>")[0]
    assert "Ingrid Sæterstøl" in coordinators and "Ragna" not in coordinators
    assert 'href="mailto:ingrid@skien.example.org"' in coordinators
    assert 'href="/kontakter/organisasjoner/skien-kommune/"' in page
    assert f'href="{steering_group.get_absolute_url()}"' in page
    assert 'href="/kontakter/?region=grenland"' in page


def test_merged_municipalities_are_shown_as_history(client, midt_telemark):
    page = client.get("/kontakter/regioner/midt-telemark/").content.decode()
    organisations = page.split('id="organisations-heading"')[1]
    assert "Bø og Sauherad ble Midt-Telemark i 2020." in organisations
    # Only the municipalities that exist are listed as such.
    listed = organisations.split("Sammenslåtte kommuner")[0]
    assert "Midt-Telemark kommune" in listed and "Nome kommune" in listed and "Bø kommune" not in listed


def test_a_merged_municipality_says_so_and_links_its_successor(client, midt_telemark):
    page = client.get("/kontakter/organisasjoner/bo-kommune/").content.decode()
    assert "Bø kommune finnes ikke lenger: den ble en del av Midt-Telemark kommune i 2020." in page
    assert 'href="/kontakter/organisasjoner/midt-telemark-kommune/"' in page
    page = client.get("/kontakter/organisasjoner/midt-telemark-kommune/").content.decode()
    assert "Bø og Sauherad ble Midt-Telemark i 2020." in page


def test_the_organisation_page_shows_contacts_deviation_inbox_and_plo_phone(client, people, vinje):
    page = client.get("/kontakter/organisasjoner/vinje-kommune/").content.decode()
    assert 'href="mailto:avvik@vinje.kommune.example.org"' in page
    assert "Telefon ved PLO-brudd" in page and 'href="tel:+4735062000"' in page
    assert "Ragna Bitustøyl" in page and "Åse Li" in page and "Ingrid" not in page


def test_unknown_regions_and_organisations_are_404(client, db):
    assert client.get("/kontakter/regioner/narnia/").status_code == 404
    assert client.get("/kontakter/organisasjoner/narnia/").status_code == 404


@pytest.mark.parametrize("size", [10, 1000])
def test_region_and_organisation_pages_have_a_query_budget(
    client, people, steering_group, skien, grenland, size, django_assert_max_num_queries
):
    bulk_people(size, skien, grenland)
    # region, its roles with people, its organisations, their predecessors, their top units, its bodies
    with django_assert_max_num_queries(6):
        assert client.get("/kontakter/regioner/grenland/").status_code == 200
    # organisation, its predecessors, its units, its services, count, page of people, their roles
    with django_assert_max_num_queries(7):
        response = client.get("/kontakter/organisasjoner/skien-kommune/")
    assert response.context["page"].paginator.count == size + 2
