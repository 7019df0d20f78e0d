"""The service catalogue (/tjenester/): what people refer patients to, filtered by municipality and target group."""

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Service
from contacts.search import site_search


@pytest.fixture
def services(hospital, porsgrunn, skien, allocation_office):
    team = Service.objects.create(
        name="Ambulant akutteam",
        kind=Service.Kind.AMBULANT_TEAM,
        target_group=Service.TargetGroup.MENTAL_HEALTH,
        provider=hospital,
        summary="Akutt vurdering hjemme for voksne i psykisk krise.",
        how_to_refer="Legen ringer teamet direkte.",
        phone="35 99 03 00",
    )
    team.municipalities.set([skien])
    course = Service.objects.create(
        name="Kurs for deg med diabetes type 2",
        kind=Service.Kind.LEARNING_AND_COPING,
        target_group=Service.TargetGroup.ADULTS,
        provider=hospital,
        summary="Dagskurs fra lærings- og mestringssenteret.",
    )
    rehabilitation = Service.objects.create(
        name="Døgnrehabilitering",
        kind=Service.Kind.REHABILITATION,
        target_group=Service.TargetGroup.ELDERLY,
        provider=porsgrunn,
        provider_unit=allocation_office,
        summary="Opphold med trening etter sykehus.",
    )
    rehabilitation.municipalities.set([porsgrunn])
    return {"team": team, "course": course, "rehabilitation": rehabilitation}


def names(response):
    return [service.name for service in response.context["page"].object_list]


def test_the_catalogue_lists_every_service_in_norwegian_order(client, services):
    assert names(client.get("/tjenester/")) == [
        "Ambulant akutteam",
        "Døgnrehabilitering",
        "Kurs for deg med diabetes type 2",
    ]


def test_a_municipality_sees_its_own_services_and_those_for_the_whole_area(client, services):
    response = client.get("/tjenester/", {"kommune": "porsgrunn-kommune"})
    assert names(response) == ["Døgnrehabilitering", "Kurs for deg med diabetes type 2"]
    # Typed by name, as without JavaScript.
    assert names(client.get("/tjenester/", {"kommune": "Porsgrunn"})) == names(response)


def test_the_target_group_filter_keeps_the_group_asked_for(client, services):
    assert names(client.get("/tjenester/", {"malgruppe": "elderly"})) == ["Døgnrehabilitering"]


def test_an_unknown_municipality_or_group_is_told_in_norwegian_with_the_input_kept(client, services):
    response = client.get("/tjenester/", {"kommune": "Atlantis", "malgruppe": "martians"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fant ingen organisasjon som passer med «Atlantis»" in html
    assert 'value="Atlantis"' in html
    assert len(names(response)) == 3  # an invalid filter narrows nothing


def test_the_service_page_says_who_provides_it_for_whom_and_how_to_refer(client, services, allocation_office):
    html = client.get(services["rehabilitation"].get_absolute_url()).content.decode()
    assert f'<a href="{allocation_office.get_absolute_url()}">Tildelingskontoret</a>' in html
    assert ">Porsgrunn kommune</a>" in html
    team = client.get(services["team"].get_absolute_url()).content.decode()
    assert "Legen ringer teamet direkte." in team
    assert '<a href="tel:+4735990300">35 99 03 00</a>' in team
    assert "Hele opptaksområdet" in client.get(services["course"].get_absolute_url()).content.decode()


def test_the_site_search_finds_services_and_units_by_a_part_of_a_word(services, allocation_office):
    assert [hit["title"] for hit in site_search("ambulant", None)] == ["Ambulant akutteam"]
    assert "Kurs for deg med diabetes type 2" in [hit["title"] for hit in site_search("lærings- og mestring", None)]
    assert "Tildelingskontoret, Porsgrunn kommune" in [hit["title"] for hit in site_search("tildeling", None)]


def test_it_refuses_a_provider_unit_of_another_organisation(services, hospital):
    rehabilitation = services["rehabilitation"]
    rehabilitation.provider = hospital
    with pytest.raises(ValidationError, match="høre til organisasjonen"):
        rehabilitation.full_clean()


@pytest.mark.parametrize("size", [10, 300])
def test_the_catalogue_has_a_query_budget(client, services, hospital, porsgrunn, size, django_assert_max_num_queries):
    Service.objects.bulk_create(
        Service(
            name=f"Tjeneste {number:04d}",
            slug=f"tjeneste-{number}",
            kind=Service.Kind.OTHER,
            target_group=Service.TargetGroup.EVERYONE,
            provider=hospital,
            summary="Et tilbud.",
        )
        for number in range(size)
    )
    # municipality, count, page of services with providers
    with django_assert_max_num_queries(3):
        response = client.get("/tjenester/", {"kommune": "porsgrunn-kommune", "malgruppe": "elderly"})
    assert response.context["page"].paginator.count == size + 1
    # the service with provider and contact, its municipalities
    with django_assert_max_num_queries(2):
        assert client.get(services["team"].get_absolute_url()).status_code == 200
