"""/kontakter/: one search box, filters for region, organisation and role, pages of 25."""

import pytest

from contacts.models import Person, Region
from contacts.tests.conftest import bulk_people


def result_names(response):
    return [person.name for person in response.context["page"].object_list]


def test_it_lists_everyone_in_norwegian_order(client, people):
    response = client.get("/kontakter/")
    assert response.status_code == 200
    assert result_names(response) == ["Hanne Skjærvø", "Ingrid Sæterstøl", "Magnus Ørbekk", "Ragna Bitustøyl", "Åse Li"]
    assert "5 kontakter" in response.content.decode()


def test_the_search_box_finds_by_part_of_a_name(client, people):
    response = client.get("/kontakter/", {"q": "bitus"})
    assert result_names(response) == ["Ragna Bitustøyl"]
    assert "1 kontakt" in response.content.decode()
    # The query stays in the box.
    assert 'value="bitus"' in response.content.decode()


def test_it_filters_by_region_organisation_and_role(client, people, hospital):
    assert result_names(client.get("/kontakter/", {"region": "vest-telemark"})) == ["Ragna Bitustøyl", "Åse Li"]
    assert result_names(client.get("/kontakter/", {"organisation": "skien-kommune"})) == [
        "Hanne Skjærvø",
        "Ingrid Sæterstøl",
    ]
    assert result_names(client.get("/kontakter/", {"role": "coordinator"})) == ["Ingrid Sæterstøl", "Ragna Bitustøyl"]
    assert result_names(client.get("/kontakter/", {"role": "coordinator", "q": "ragna"})) == ["Ragna Bitustøyl"]


def test_the_region_filter_includes_people_with_a_role_for_the_region(client, people, hospital, vest_telemark):
    # Magnus works at the hospital (no region) but is the samhandlingslege for Vest-Telemark too.
    people["magnus"].roles.create(kind="collaboration_doctor", region=vest_telemark)
    assert "Magnus Ørbekk" in result_names(client.get("/kontakter/", {"region": "vest-telemark"}))


def test_an_unknown_filter_is_a_clear_error_not_a_500(client, people):
    response = client.get("/kontakter/", {"q": "bitus", "region": "narnia", "role": "konge"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skjemaet har feil som må rettes" in page
    assert 'href="#id_region"' in page and 'href="#id_role"' in page
    # The valid part of the search still applies and is kept.
    assert result_names(response) == ["Ragna Bitustøyl"]
    assert 'value="bitus"' in page


@pytest.mark.parametrize("query", ["\x00", "a" * 201, "' & | !:*", "%", "_"])
def test_odd_queries_never_give_a_500(client, people, query):
    assert client.get("/kontakter/", {"q": query}).status_code == 200


def test_no_hits_says_so_and_suggests_what_to_do(client, people):
    page = client.get("/kontakter/", {"q": "finnesikke"}).content.decode()
    assert "Ingen kontakter passer med søket." in page
    assert "0 kontakter" in page


def test_results_are_paginated_and_a_bad_page_number_is_harmless(client, skien, grenland):
    bulk_people(60, skien, grenland)
    response = client.get("/kontakter/", {"q": "testperson", "side": "2"})
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].number == 2
    assert "q=testperson&amp;side=3" in response.content.decode()
    assert client.get("/kontakter/", {"side": "x"}).context["page"].number == 1
    assert client.get("/kontakter/", {"side": "999"}).context["page"].number == 3


def test_each_person_shows_working_mailto_and_tel_links(client, people):
    page = client.get("/kontakter/", {"q": "ragna"}).content.decode()
    assert 'href="mailto:ragna.bitustoyl@vinje.kommune.example.org"' in page
    assert 'href="tel:+4735062010"' in page
    assert 'href="tel:+4740000001"' in page
    assert f'href="/kontakter/personer/{people["ragna"].pk}/"' in page


def test_the_page_links_the_regions_the_phone_list_and_the_bodies(client, people):
    page = client.get("/kontakter/").content.decode()
    for href in [
        "/kontakter/regioner/grenland/",
        "/kontakter/regioner/vest-telemark/",
        "/kontakter/plo-telefonliste/",
        "/utvalg/",
    ]:
        assert f'href="{href}"' in page


@pytest.mark.parametrize("size", [10, 1000])
def test_the_directory_has_a_query_budget_that_holds_at_any_size(
    client, coordinator, people, skien, grenland, size, django_assert_max_num_queries
):
    bulk_people(size, skien, grenland)
    client.force_login(coordinator)
    url = "/kontakter/?q=kreft&region=grenland&organisation=skien-kommune&role=cancer_coordinator"
    # session, user, the user's groups (header), the regions (the select, the sidebar's links
    # and the chosen one, read once), the organisation of the filter, stems of the query (read
    # once, for the people and the units), count, page of people, their roles, the units the
    # query names with their organisations.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["page"].paginator.count == size + 1
    assert Person.objects.count() == size + 5


def test_it_refuses_an_unknown_region_with_a_form_error_and_still_lists_the_regions(client, people, grenland):
    response = client.get("/kontakter/?region=finnes-ikke")
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert list(response.context["regions"]) == list(Region.objects.order_by("sort_key"))
    response = client.get("/kontakter/?region=grenland")
    assert response.context["form"].cleaned_data["region"] == grenland
