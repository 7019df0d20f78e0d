"""The organisation picker (contacts.fields) and its JSON search: one of 1,600 organisations
picked by typing part of the name, with or without JavaScript."""

import pytest
from django import forms

from contacts.fields import OrganisationField
from contacts.models import Organisation

SEARCH_URL = "/kontakter/organisasjonssok/"


@pytest.fixture
def telemark(hospital, skien, porsgrunn, grenland):
    Organisation.objects.create(name="Porsgrunn legesenter", kind=Organisation.Kind.GP_OFFICE, region=grenland)
    Organisation.objects.create(name="Brevik legekontor", kind=Organisation.Kind.GP_OFFICE, region=grenland)
    bo = Organisation.objects.create(name="Bø kommune", kind=Organisation.Kind.MUNICIPALITY)
    midt = Organisation.objects.create(name="Midt-Telemark kommune", kind=Organisation.Kind.MUNICIPALITY)
    bo.merged_into = midt
    bo.save()
    return {"bo": bo, "midt": midt}


class PickerForm(forms.Form):
    organisation = OrganisationField(queryset=Organisation.objects.current(), label="Organisasjon")


def names(response) -> list[str]:
    return [result["name"] for result in response.json()["results"]]


def test_typing_porsg_finds_porsgrunn_kommune(client, telemark):
    response = client.get(SEARCH_URL, {"q": "porsg"})
    assert response.status_code == 200
    assert names(response) == ["Porsgrunn kommune", "Porsgrunn legesenter"]
    first = response.json()["results"][0]
    assert first["slug"] == "porsgrunn-kommune" and first["detail"] == "kommune, Grenland"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_the_search_finds_names_without_norwegian_letters_and_leaves_out_merged_ones(client, telemark):
    assert names(client.get(SEARCH_URL, {"q": "bo kommune"})) == []
    assert names(client.get(SEARCH_URL, {"q": "bo kommune", "historiske": "1"})) == ["Bø kommune"]
    assert names(client.get(SEARCH_URL, {"q": "midt-tel"})) == ["Midt-Telemark kommune"]


@pytest.mark.parametrize("query", ["", "  ", "!!!", "x\x00y", "a" * 5000])
def test_odd_queries_give_an_empty_or_plain_answer_never_a_500(client, telemark, query):
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_the_search_returns_at_most_ten_in_two_queries(client, grenland, django_assert_num_queries):
    Organisation.objects.bulk_create(
        Organisation(name=f"Legekontor {n}", slug=f"legekontor-{n}", sort_key=f"legekontor {n:03}", kind="gp_office")
        for n in range(30)
    )
    Organisation.objects.update(search_text="legekontor")
    with django_assert_num_queries(2):  # the stems, then the rows with their regions
        assert len(names(client.get(SEARCH_URL, {"q": "legekontor"}))) == 10


@pytest.mark.parametrize(
    "typed, found",
    [
        ("Porsgrunn kommune", "Porsgrunn kommune"),  # the exact name
        ("porsgrunn KOMMUNE", "Porsgrunn kommune"),  # in any case
        ("brevik", "Brevik legekontor"),  # the only match
        ("sykehuset telemark", "Sykehuset Telemark HF"),
    ],
)
def test_a_typed_name_is_resolved_when_it_names_one_organisation(telemark, typed, found):
    form = PickerForm({"organisation": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"].name == found


def test_a_key_from_the_script_is_taken_as_it_is(porsgrunn, django_assert_num_queries):
    form = PickerForm({"organisation": str(porsgrunn.pk)})
    with django_assert_num_queries(1):
        assert form.is_valid()
    assert form.cleaned_data["organisation"] == porsgrunn


def test_an_ambiguous_name_comes_back_with_the_candidates_as_radio_buttons(telemark, porsgrunn):
    form = PickerForm({"organisation": "porsgrunn"})
    assert not form.is_valid()
    assert form.errors["organisation"] == [
        "Flere organisasjoner passer med «porsgrunn». Velg den riktige i listen, eller skriv mer av navnet."
    ]
    html = str(form["organisation"])
    assert 'value="porsgrunn"' in html  # what was typed is kept
    assert html.count('type="radio" name="organisation_valg"') == 2
    assert f'value="{porsgrunn.pk}"' in html and "Porsgrunn legesenter" in html

    # Choosing one of them sends the form on.
    chosen = PickerForm({"organisation": "porsgrunn", "organisation_valg": str(porsgrunn.pk)})
    assert chosen.is_valid() and chosen.cleaned_data["organisation"] == porsgrunn


def test_a_name_that_matches_nothing_is_told_plainly(telemark):
    form = PickerForm({"organisation": "Atlantis sykehus"})
    assert not form.is_valid()
    assert "Fant ingen organisasjon som passer med «Atlantis sykehus»" in form.errors["organisation"][0]
    assert 'value="Atlantis sykehus"' in str(form["organisation"])


def test_a_merged_organisation_is_not_offered_where_only_current_ones_count(telemark):
    form = PickerForm({"organisation": "Bø kommune"})
    assert not form.is_valid()
    assert "Fant ingen organisasjon" in form.errors["organisation"][0]


def test_the_box_shows_the_chosen_organisations_name_and_carries_its_key(porsgrunn):
    html = str(PickerForm(initial={"organisation": porsgrunn.pk})["organisation"])
    assert 'value="Porsgrunn kommune"' in html
    assert f'data-key="{porsgrunn.pk}"' in html and 'data-source="/kontakter/organisasjonssok/"' in html
    assert "<select" not in html and "<option" not in html
