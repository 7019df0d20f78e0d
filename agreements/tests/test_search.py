"""agreements.search.site_search: what the portal's /sok/ gets from agreements and routines."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements.models import Routine
from agreements.search import site_search
from agreements.tests.conftest import make_routine, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    discharge = make_service(5, summary="Kommunen varsles når pasienten er utskrivningsklar.")
    make_service(3, summary="Om innleggelse. Utskrivning er omtalt i tjenesteavtale 5.")
    make_routine(
        "Rutine for utskrivning",
        agreements=[discharge],
        body="Sykehuset melder **utskrivningsklar** pasient *samme dag*.<script>x</script>",
    )
    make_routine("Legemidler ved overføring", body="Gjelder også utskrivningsklare pasienter.")
    make_routine("Utkast om utskrivningsklare", status=Routine.Status.DRAFT)
    make_routine("Arkivert om utskrivningsklare", status=Routine.Status.ARCHIVED)


def test_an_inflected_word_finds_its_other_forms(content):
    titles = {hit["title"] for hit in site_search("utskrivningsklare", AnonymousUser())}
    assert titles == {
        "Tjenesteavtale 5: Utskrivningsklare pasienter",
        "Rutine for utskrivning",  # "utskrivningsklar" in its text
        "Legemidler ved overføring",
    }


def test_title_matches_come_first(content):
    hits = site_search("utskrivning", AnonymousUser())
    ranks = [hit["rank"] for hit in hits]
    assert ranks == sorted(ranks, reverse=True)
    title_hits = [hit["title"] for hit in hits if hit["rank"] >= 1]
    assert set(title_hits) == {"Tjenesteavtale 5: Utskrivningsklare pasienter", "Rutine for utskrivning"}
    assert hits[-1]["rank"] < 1  # the body-only matches come after
    assert {hit["title"] for hit in hits[: len(title_hits)]} == set(title_hits)


def test_hits_carry_kind_url_and_a_safe_highlighted_snippet(content):
    hit = next(h for h in site_search("melder pasienter", AnonymousUser()) if h["kind"] == "routine")
    assert hit["kind_label"] == "Rutiner"
    assert hit["url"] == "/rutiner/rutine-for-utskrivning/"
    assert "<mark>melder</mark> utskrivningsklar <mark>pasient</mark>" in hit["snippet"]
    assert "<strong>" not in hit["snippet"] and "<script" not in hit["snippet"]
    agreement = site_search("varsles", AnonymousUser())[0]
    assert (agreement["kind"], agreement["kind_label"], agreement["url"]) == (
        "agreement",
        "Avtaler",
        "/avtaler/tjenesteavtale-5/",
    )
    assert isinstance(agreement["rank"], float)


def test_readers_never_get_drafts_and_nobody_gets_archived_routines(content, coordinator, plain_user):
    def titles(user):
        return {hit["title"] for hit in site_search("utskrivningsklare", user)}

    assert "Utkast om utskrivningsklare" not in titles(AnonymousUser())
    assert "Utkast om utskrivningsklare" not in titles(plain_user)
    assert "Utkast om utskrivningsklare" in titles(coordinator)
    assert "Arkivert om utskrivningsklare" not in titles(coordinator)


def test_the_limit_holds_and_empty_or_stopword_queries_find_nothing(content):
    assert len(site_search("utskrivning", AnonymousUser(), limit=2)) == 2
    assert site_search("", AnonymousUser()) == []
    assert site_search("og for i", AnonymousUser()) == []
    assert site_search("!!! ''' &&", AnonymousUser()) == []


def test_it_costs_a_bounded_number_of_queries(content, coordinator, django_assert_max_num_queries):
    # stems, the user's groups, agreements, routines
    with django_assert_max_num_queries(4):
        site_search("utskrivningsklare pasienter", coordinator)
