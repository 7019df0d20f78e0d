"""The contact search: Norwegian full text with prefixes, compounds, folding, and the site search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Body, Organisation, Person, Role
from contacts.search import site_search


def names(queryset):
    return sorted(person.name for person in queryset)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bitus", ["Ragna Bitustøyl"]),  # a part of a name (the example)
        ("Ragna", ["Ragna Bitustøyl"]),
        ("helsesykepleier", ["Åse Li"]),  # a title
        ("fastlege", ["Magnus Ørbekk"]),
        ("kreftkoordinator", ["Hanne Skjærvø"]),  # a role
        ("PKO", ["Magnus Ørbekk"]),  # samhandlingslege was called PKO before 2024
        ("praksiskonsulent", ["Magnus Ørbekk"]),
        ("vinje", ["Ragna Bitustøyl", "Åse Li"]),  # an organisation
        ("Vest-Telemark", ["Ragna Bitustøyl", "Åse Li"]),  # a region
        ("grenland", ["Hanne Skjærvø", "Ingrid Sæterstøl"]),
    ],
)
def test_it_finds_people_by_name_part_title_role_organisation_and_region(people, query, expected):
    assert names(Person.objects.search(query)) == expected


def test_a_word_inside_a_compound_finds_it(people):
    # "koordinat" is neither a word nor a prefix of "samhandlingskoordinator".
    assert names(Person.objects.search("koordinat")) == ["Hanne Skjærvø", "Ingrid Sæterstøl", "Ragna Bitustøyl"]


def test_an_inflected_word_finds_the_compound_through_its_stem(people):
    assert names(Person.objects.search("koordinatorer")) == ["Hanne Skjærvø", "Ingrid Sæterstøl", "Ragna Bitustøyl"]


def test_stemming_finds_other_forms_of_a_word(people):
    assert names(Person.objects.search("kommunen")) == names(Person.objects.search("kommune"))
    assert len(Person.objects.search("kommunen")) == 4


def test_it_finds_norwegian_letters_typed_without_them(people):
    assert names(Person.objects.search("bitustoyl")) == ["Ragna Bitustøyl"]
    assert names(Person.objects.search("saetersto")) == ["Ingrid Sæterstøl"]


def test_it_is_case_insensitive_and_every_word_must_match(people):
    assert names(Person.objects.search("BITUS vinje")) == ["Ragna Bitustøyl"]
    assert names(Person.objects.search("bitus grenland")) == []


def test_an_empty_or_punctuation_only_query_lists_everyone(people):
    assert Person.objects.search("").count() == 5
    assert Person.objects.search(" ' & :* ").count() == 5


def test_query_syntax_cannot_break_the_search(people):
    for query in ["'", "a & | !", "kreft:*", "(koordinator", "\\", "a" * 500]:
        list(Person.objects.search(query))


def test_the_search_follows_a_role_added_and_an_organisation_renamed(people, vinje):
    ragna = people["ragna"]
    Role.objects.create(person=ragna, kind=Role.Kind.WEB_EDITOR)
    assert names(Person.objects.search("webredaktør")) == ["Ragna Bitustøyl"]
    vinje.name = "Vinjar kommune"
    vinje.save()
    assert names(Person.objects.search("vinjar")) == ["Ragna Bitustøyl", "Åse Li"]
    Role.objects.filter(person=ragna, kind=Role.Kind.WEB_EDITOR).delete()
    assert names(Person.objects.search("webredaktør")) == []


def test_people_sort_the_norwegian_way_whatever_the_collation(db):
    for name in ["Åse", "Ørjan", "Zorro", "Ærlig", "alf", "Bjørn", "Øystein", "aase"]:
        Person.objects.create(name=name)
    assert [p.name for p in Person.objects.all()] == [
        "aase",
        "alf",
        "Bjørn",
        "Zorro",
        "Ærlig",
        "Ørjan",
        "Øystein",
        "Åse",
    ]


# --- site_search, for the portal's /sok/ ---------------------------------------------


def test_site_search_returns_people_organisations_and_bodies_as_dicts(people, steering_group, vinje):
    hits = site_search("grenland", user=None)
    kinds = {hit["kind"] for hit in hits}
    assert kinds == {"person", "organisation", "body"}  # Skien kommune is in Grenland
    body_hit = next(hit for hit in hits if hit["kind"] == "body")
    assert body_hit == {
        "kind": "body",
        "kind_label": "Utvalg",
        "title": "Styringsgruppe for samhandling i Grenland",
        "url": steering_group.get_absolute_url(),
        "snippet": body_hit["snippet"],
        "rank": body_hit["rank"],
    }
    assert "<mark>Grenland</mark>" in body_hit["snippet"]
    assert {hit["kind_label"] for hit in site_search("vinje", None)} == {"Personer", "Organisasjoner"}


def test_site_search_puts_title_matches_first(people, steering_group):
    Body.objects.create(name="Fagråd for fastleger", kind=Body.Kind.PROFESSIONAL_COUNCIL)
    hits = site_search("fastlege", user=None)
    # The body named after GPs comes before the person whose title is fastlege.
    assert [hit["title"] for hit in hits] == ["Fagråd for fastleger", "Magnus Ørbekk"]
    assert hits[0]["rank"] >= 1 > hits[1]["rank"]


def test_site_search_uses_norwegian_stemming(people):
    assert [hit["title"] for hit in site_search("fastlegene", None)] == ["Magnus Ørbekk"]


def test_site_search_snippets_escape_what_people_typed(db):
    Organisation.objects.create(name="<script>alert(1)</script> legekontor", kind=Organisation.Kind.GP_OFFICE)
    Body.objects.create(name="Fagråd", kind=Body.Kind.OTHER, mandate="Om <b>legekontor</b> & <script>x</script>")
    hits = site_search("legekontor", None)
    assert len(hits) == 2
    for hit in hits:
        assert "<script>" not in hit["snippet"] and "<b>" not in hit["snippet"]
        assert "<mark>" in hit["snippet"]


def test_site_search_respects_the_limit_and_costs_two_queries(people, steering_group):
    with CaptureQueriesContext(connection) as queries:
        hits = site_search("a", None, limit=3)
    assert len(hits) == 3
    assert len(queries) == 2  # the stems, then people, organisations, units, services, bodies in one
    assert site_search("", None) == []
    assert site_search("finnesikke", None) == []
