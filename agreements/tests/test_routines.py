"""/rutiner/: filters, search, drafts hidden from readers, and the routine page."""

import datetime

import pytest
from django.core.files.base import ContentFile

from agreements.documents import minimal_pdf
from agreements.models import Routine
from agreements.tests.conftest import make_routine, make_service

pytestmark = pytest.mark.django_db


def _titles(response):
    return [routine.title for routine in response.context["page"].object_list]


@pytest.fixture
def routines(discharge_agreement):
    admission = make_service(3)
    return {
        "discharge": make_routine(
            "Rutine for utskrivning av utskrivningsklare pasienter",
            agreements=[admission, discharge_agreement],
            audience=["sykehus", "hjemmetjeneste"],
            body="Sykehuset melder utskrivningsklar pasient til kommunen.",
        ),
        "admission": make_routine("Rutine for innleggelse", agreements=[admission], audience=["fastlege"]),
        "draft": make_routine(
            "Ålesund-utkast om utskrivning", status=Routine.Status.DRAFT, agreements=[discharge_agreement]
        ),
        "archived": make_routine(
            "Gammel rutine for utskrivning", status=Routine.Status.ARCHIVED, agreements=[discharge_agreement]
        ),
    }


def test_readers_see_routines_in_force_in_norwegian_order(client, routines):
    make_routine("Ærlig rutine")
    make_routine("Zebra-rutine")
    assert _titles(client.get("/rutiner/")) == [
        "Rutine for innleggelse",
        "Rutine for utskrivning av utskrivningsklare pasienter",
        "Zebra-rutine",
        "Ærlig rutine",
    ]


@pytest.mark.parametrize("persona", [None, "plain_user", "editor", "hospital_handler", "quality"], indirect=True)
def test_readers_never_see_drafts(client, routines, persona):
    if persona:
        client.force_login(persona)
    draft = routines["draft"]
    assert draft.title not in client.get("/rutiner/?status=draft").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_document_url()).status_code == 404
    assert draft.title not in client.get("/avtaler/tjenesteavtale-5/").content.decode()
    assert draft.title not in client.get("/avtaler/").content.decode()


def test_coordinators_filter_by_status(client, coordinator, routines):
    client.force_login(coordinator)
    assert _titles(client.get("/rutiner/?status=draft")) == ["Ålesund-utkast om utskrivning"]
    assert _titles(client.get("/rutiner/?status=archived")) == ["Gammel rutine for utskrivning"]
    assert len(_titles(client.get("/rutiner/?status=alle"))) == 4
    assert "Ålesund-utkast om utskrivning" in client.get("/avtaler/tjenesteavtale-5/").content.decode()


def test_readers_are_offered_no_status_filter(client, routines):
    response = client.get("/rutiner/?status=archived")
    assert 'name="status"' not in response.content.decode()
    assert "Gammel rutine for utskrivning" not in _titles(response)


def test_an_archived_routine_stays_readable_by_its_link_marked_as_archived(client, routines):
    page = client.get(routines["archived"].get_absolute_url()).content.decode()
    assert "Arkivert: rutinen gjelder ikke lenger" in page


def test_routines_filter_by_agreement_and_audience(client, routines):
    assert _titles(client.get("/rutiner/?avtale=tjenesteavtale-5")) == [
        "Rutine for utskrivning av utskrivningsklare pasienter"
    ]
    assert _titles(client.get("/rutiner/?malgruppe=fastlege")) == ["Rutine for innleggelse"]
    assert _titles(client.get("/rutiner/?avtale=tjenesteavtale-3&malgruppe=hjemmetjeneste")) == [
        "Rutine for utskrivning av utskrivningsklare pasienter"
    ]


def test_an_unknown_filter_value_shows_a_message_not_a_500(client, routines):
    response = client.get("/rutiner/?avtale=finnes-ikke&malgruppe=tannlege")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skjemaet har feil som må rettes" in page
    assert len(_titles(response)) == 2  # invalid filters are ignored


def test_the_search_box_finds_inflected_and_compound_words(client, routines):
    assert _titles(client.get("/rutiner/?q=utskrivningsklar")) == [
        "Rutine for utskrivning av utskrivningsklare pasienter"
    ]
    assert _titles(client.get("/rutiner/?q=kommunene")) == ["Rutine for utskrivning av utskrivningsklare pasienter"]
    assert _titles(client.get("/rutiner/?q=innleggelser")) == ["Rutine for innleggelse"]
    assert _titles(client.get("/rutiner/?q=tannlege")) == []
    assert "Ingen rutiner passer med søket." in client.get("/rutiner/?q=tannlege").content.decode()


def test_the_search_box_survives_odd_input(client, routines):
    for query in ["'", "&|!:*()", "<script>", "og", "x" * 200, "utskriv & (|"]:
        assert client.get("/rutiner/", {"q": query}).status_code == 200


def test_the_list_is_paginated(client):
    for number in range(30):
        make_routine(f"Rutine {number:02d}")
    first = client.get("/rutiner/")
    assert len(_titles(first)) == 25
    assert "Side 1 av 2" in first.content.decode()
    assert _titles(client.get("/rutiner/?side=2")) == [f"Rutine {n}" for n in range(25, 30)]
    assert client.get("/rutiner/?side=999").status_code == 200


def test_the_routine_page_shows_owner_dates_and_document_and_prints_cleanly(client, routines, hospital, today):
    routine = routines["discharge"]
    routine.owner_organisation = hospital
    routine.next_review_due = datetime.date(2026, 7, 1)
    routine.document.save("rutine.pdf", ContentFile(minimal_pdf("Rutine")))
    page = client.get(routine.get_absolute_url()).content.decode()
    assert "Sykehuset Telemark HF" in page
    assert "1. januar 2025" in page  # approved
    assert "1. juli 2026" in page and "snart" in page  # review due within 90 days
    assert routine.get_document_url() in page
    assert "agreements/agreements.css" in page  # carries the print stylesheet
    assert 'class="print-only small"' in page  # the printed copy says where it came from


def test_an_in_force_routine_needs_an_approval_date():
    from django.core.exceptions import ValidationError

    routine = Routine(title="Uten dato", status=Routine.Status.IN_FORCE)
    with pytest.raises(ValidationError, match="godkjenningsdato"):
        routine.full_clean()


def test_a_routine_has_at_most_one_owner(hospital, db):
    from django.db import IntegrityError

    from contacts.models import Body

    body = Body.objects.create(name="FSU Grenland", kind=Body.Kind.FSU)
    with pytest.raises(IntegrityError):
        make_routine(owner_body=body, owner_organisation=hospital)


def test_routines_with_the_same_title_get_their_own_addresses(db):
    assert make_routine("Rutine for ø").slug == "rutine-for-o"
    assert make_routine("Rutine for ø").slug == "rutine-for-o-2"


def test_the_agreement_page_lists_25_routines_and_links_to_the_rest(client, discharge_agreement):
    for number in range(26):
        make_routine(f"Rutine {number:02d}", agreements=[discharge_agreement])
    page = client.get(discharge_agreement.get_absolute_url()).content.decode()
    assert "Rutine 24" in page and "Rutine 25" not in page
    assert "Se flere rutiner under Tjenesteavtale 5" in page
