"""Site search: Norwegian stemming, title matches first, highlighted snippets, grouped, only what may be seen."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from agreements.models import Agreement, Project, Routine
from contacts.models import Body, Organisation, Person
from deviations.models import LearningSummary
from portal import search
from portal.models import Link
from portal.tests.conftest import make_event, make_news, make_page

CONTRACT_KEYS = {"kind", "kind_label", "title", "url", "snippet", "rank"}


def _titles(client, query, kind):
    groups = client.get("/sok/", {"q": query}).context["groups"]
    return [result["title"] for group in groups if group["kind"] == kind for result in group["results"]]


def test_it_finds_by_stem_an_inflected_query_finds_the_base_form(client, db):
    make_news("Nye rutiner", body="Pasienten er utskrivningsklar når legen sier det.")
    assert _titles(client, "utskrivningsklare", "news") == ["Nye rutiner"]


def test_it_finds_by_stem_the_base_form_finds_an_inflected_text(client, db):
    make_news("Mottak i kommunen", body="Om utskrivningsklare pasienter og mottaket.")
    assert _titles(client, "utskrivningsklar pasient", "news") == ["Mottak i kommunen"]


def test_a_word_finds_the_compounds_it_begins(client, db):
    make_news("Digital avviksmelding", lead="Skjemaet er nytt.")
    assert _titles(client, "avvik", "news") == ["Digital avviksmelding"]


def test_every_word_is_required(client, db):
    make_news("Fagdag om prevensjon")
    make_news("Fagdag om demens")
    assert _titles(client, "fagdag demens", "news") == ["Fagdag om demens"]


def test_title_matches_rank_before_body_matches(client, db):
    make_news("Om mottak", body="Kort om legemidler i overgangene.")
    make_news("Legemidler ved utskrivning", body="Rutinen gjelder alle.")
    make_news("Referat", lead="Legemidler var ett av mange tema, legemidler igjen.")
    assert _titles(client, "legemidler", "news")[0] == "Legemidler ved utskrivning"


def test_snippets_highlight_the_match_and_escape_the_rest(client, db):
    make_news("Nyhet", body="Teksten <b>nevner</b> utskrivningsklare pasienter & mer.")
    result = search.news("utskrivningsklar", None)[0]
    assert "<mark>utskrivningsklare</mark>" in result["snippet"]
    assert "<b>" not in result["snippet"]
    page = client.get("/sok/", {"q": "utskrivningsklar"}).content.decode()
    assert "<mark>utskrivningsklare</mark>" in page


@pytest.mark.parametrize("query", ["", "   ", "!!!", "'&|:*()", "a' & b:* | !c", "x" * 5000, "og i på"])
def test_odd_queries_never_fail(client, db, query):
    make_news("Nyhet om samhandling")
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200


def test_results_are_grouped_by_kind_in_the_registry_order(client, db, hospital):
    make_news("Samhandling i Telemark")
    make_event("Samhandlingskonferansen")
    Link.objects.create(group=Link.Group.LAWS, title="Samhandling i loven", url="https://lovdata.no/")
    Body.objects.create(name="Samhandlingsutvalget", kind=Body.Kind.SSU, mandate="Leder samhandlingen.")
    Organisation.objects.create(name="Samhandlingssenteret", kind=Organisation.Kind.OTHER)
    groups = client.get("/sok/", {"q": "samhandling"}).context["groups"]
    # Providers in registry order; within the contacts provider, its own ranking decides.
    assert [group["kind"] for group in groups][:3] == ["news", "event", "link"]
    assert {group["kind"] for group in groups[3:]} == {"organisation", "body"}
    labels = {group["kind"]: group["label"] for group in groups}
    assert (labels["news"], labels["organisation"], labels["body"]) == ("Nyheter", "Organisasjoner", "Utvalg")


def test_it_searches_people_organisations_bodies_agreements_and_routines_too(db, hospital):
    body = Body.objects.create(
        name="Fagråd for kvalitet", kind=Body.Kind.PROFESSIONAL_COUNCIL, mandate="Pasientsikkerhet."
    )
    kinds = {hit["kind"] for group in search.search_everything("pasientsikkerhet", None) for hit in group["results"]}
    assert "body" in kinds
    titles = [
        hit["title"] for group in search.search_everything("sykehuset telemark", None) for hit in group["results"]
    ]
    assert "Sykehuset Telemark HF" in titles
    assert body.name not in titles


def test_every_registered_provider_keeps_the_contract(db, hospital):
    make_news("Samhandling", lead="Samhandling.")
    make_event("Samhandling")
    Link.objects.create(group=Link.Group.LAWS, title="Samhandling", url="https://lovdata.no/")
    Body.objects.create(name="Samhandlingsforum", kind=Body.Kind.OTHER)
    Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 12", title="Samhandling", law_point=12
    )
    make_page("Samhandling")
    Project.objects.create(title="Samhandling")
    LearningSummary.objects.create(
        title="Samhandling", body="Samhandling.", category="other", published_at=timezone.now()
    )
    for path in search.SEARCH_PROVIDERS:
        provider = import_string(path)
        results = provider("samhandling", None, limit=1)
        assert len(results) == 1, path
        assert CONTRACT_KEYS <= set(results[0]), path
        assert provider("", None) == [], path


def test_each_provider_returns_at_most_its_limit(db):
    for number in range(5):
        make_news(f"Samhandling {number}")
    assert len(search.news("samhandling", None, limit=3)) == 3


def test_the_search_box_in_the_header_is_on_every_page(client, db):
    page = client.get("/nyheter/").content.decode()
    assert 'action="/sok/"' in page and 'name="q"' in page


class _PageText(HTMLParser):
    """What a reader sees of a page: its text (not inside script or style) and the <mark> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.marked: list[str] = []
        self._hidden = 0
        self._in_mark = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "mark":
            self._in_mark = True

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1
        elif tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)
            if self._in_mark:
                self.marked.append(data)


# PostgreSQL's ts_headline drops whole tags, but an unclosed one passes through it as it is.
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)//'


@pytest.fixture
def one_hit_of_every_kind(db, hospital):
    """Something about discharge ("utskrivning") for every provider, each text with markup in it."""
    make_news("Nytt om utskrivning", body=f"Utskrivning {HOSTILE} skjer tidlig.")
    make_event("Fagdag om utskrivning", description=f"Vi snakker om utskrivning {HOSTILE} i dag.")
    Link.objects.create(
        group=Link.Group.LAWS,
        title="Utskrivning i loven",
        url="https://lovdata.no/",
        description=f"Utskrivning {HOSTILE}",
    )
    Person.objects.create(
        name="Kari Utskrivningsen", title=f"Koordinator for utskrivning {HOSTILE} i Telemark", organisation=hospital
    )
    Organisation.objects.create(name="Utskrivningsenheten", kind=Organisation.Kind.OTHER)
    Body.objects.create(
        name="Utskrivningsforum", kind=Body.Kind.OTHER, mandate=f"Følger opp utskrivning {HOSTILE} i Telemark."
    )
    Agreement.objects.create(
        kind=Agreement.Kind.SERVICE,
        identifier="Tjenesteavtale 5",
        title="Utskrivningsklare pasienter",
        law_point=5,
        summary=f"Om utskrivning {HOSTILE} av pasienter.",
    )
    Routine.objects.create(
        title="Rutine for utskrivning",
        status=Routine.Status.IN_FORCE,
        approved_on=datetime.date(2025, 1, 1),
        body=f"Ved utskrivning {HOSTILE} melder sykehuset fra.",
    )


ALL_KINDS = {"news", "event", "link", "person", "organisation", "body", "agreement", "routine"}


def test_every_providers_hits_show_highlights_as_marks_never_as_tag_text(client, one_hit_of_every_kind):
    response = client.get("/sok/", {"q": "utskrivning"})
    assert {group["kind"] for group in response.context["groups"]} == ALL_KINDS
    html = response.content.decode()
    page = _PageText()
    page.feed(html)
    text = " ".join(page.text)
    assert "<mark>" not in text and "</mark>" not in text
    assert "&lt;mark&gt;" not in html and "&amp;lt;mark" not in html
    # Every kind's snippet marks the word: news, event, link, person, body, agreement and routine.
    assert sum("utskrivning" in marked.lower() for marked in page.marked) >= len(ALL_KINDS) - 1


def test_markup_in_the_indexed_text_reaches_the_results_page_as_text(client, one_hit_of_every_kind):
    response = client.get("/sok/", {"q": "utskrivning"})
    html = response.content.decode()
    page = _PageText()
    page.feed(html)
    assert "<script>alert" not in html and "<img src=x" not in html  # never as a tag
    snippets = [str(hit["snippet"]) for group in response.context["groups"] for hit in group["results"]]
    assert sum("&lt;img src=x onerror=alert(1)//" in snippet for snippet in snippets) >= len(ALL_KINDS) - 2
    assert "<img src=x onerror=alert(1)//" in " ".join(page.text)  # but visible as the text it was


def test_a_title_with_markup_is_shown_as_text(client, db):
    make_news(f"Utskrivning {HOSTILE}")
    html = client.get("/sok/", {"q": "utskrivning"}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
