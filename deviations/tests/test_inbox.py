"""/avvik/: the handler's inbox, its filters, counts and overdue cases."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from agreements.models import Agreement
from contacts.models import Person, Unit
from deviations import services
from deviations.models import ANSWERED_IN_TIME, ANSWERED_LATE, Deviation
from deviations.tests.conftest import bulk_deviations, make_deviation

URL = "/avvik/"


def references(response):
    return [deviation.reference for deviation in response.context["page"].object_list]


def make_overdue(deviation, days=3):
    Deviation.objects.filter(pk=deviation.pk).update(respond_by=timezone.localdate() - datetime.timedelta(days=days))


def test_a_handler_sees_the_open_cases_of_their_organisation_overdue_first_then_oldest(
    client, hospital_handler, skien, porsgrunn, hospital
):
    older = make_deviation(skien, hospital)
    newer = make_deviation(porsgrunn, hospital)
    overdue = make_deviation(porsgrunn, hospital)
    make_overdue(overdue)
    answered = make_deviation(skien, hospital)
    services.answer(answered, hospital_handler, "Svar.")
    make_deviation(hospital, skien)  # from the hospital: not in its inbox
    make_deviation(skien, porsgrunn)  # between two others: never
    client.force_login(hospital_handler)
    response = client.get(URL)
    assert references(response) == [overdue.reference, older.reference, newer.reference]
    assert "Avvik til Sykehuset Telemark HF" in response.content.decode()
    # Every status, newest first, one click away.
    assert references(client.get(URL, {"status": "alle"})) == [
        answered.reference,
        overdue.reference,
        newer.reference,
        older.reference,
    ]


def test_a_handler_can_look_at_what_their_organisation_sent(client, hospital_handler, skien, hospital):
    sent = make_deviation(hospital, skien)
    make_deviation(skien, hospital)
    client.force_login(hospital_handler)
    assert references(client.get(URL, {"direction": "fra"})) == [sent.reference]


def test_the_quality_committee_sees_all(client, quality, skien, porsgrunn, hospital):
    make_deviation(skien, hospital)
    make_deviation(skien, porsgrunn)
    client.force_login(quality)
    response = client.get(URL)
    assert len(references(response)) == 2
    assert "Alle avvik" in response.content.decode()


@pytest.fixture
def mixed_inbox(skien, porsgrunn, hospital, hospital_handler):
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 5", title="Utskrivning", law_point=5
    )
    a = make_deviation(skien, hospital, category=Deviation.Category.DISCHARGE, agreement=agreement)
    b = make_deviation(porsgrunn, hospital, kind=Deviation.Kind.IMPROVEMENT, category=Deviation.Category.MEDICATION)
    c = make_deviation(porsgrunn, hospital, category=Deviation.Category.DISCHARGE)
    services.take(c, hospital_handler)
    make_overdue(a)
    return {"a": a, "b": b, "c": c, "agreement": agreement}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "in_progress"}, ["c"]),
        ({"status": "received"}, ["a", "b"]),
        ({"kind": "improvement"}, ["b"]),
        ({"category": "discharge"}, ["a", "c"]),
        ({"overdue": "on"}, ["a"]),
        ({"category": "discharge", "status": "received"}, ["a"]),
    ],
)
def test_the_filters(client, hospital_handler, mixed_inbox, params, expected):
    client.force_login(hospital_handler)
    assert references(client.get(URL, params)) == [mixed_inbox[key].reference for key in expected]


def test_the_agreement_and_reporting_organisation_filters(client, hospital_handler, mixed_inbox, porsgrunn):
    client.force_login(hospital_handler)
    assert references(client.get(URL, {"agreement": mixed_inbox["agreement"].pk})) == [mixed_inbox["a"].reference]
    assert references(client.get(URL, {"reporter_organisation": porsgrunn.pk})) == [
        mixed_inbox["b"].reference,
        mixed_inbox["c"].reference,
    ]


def test_counts_per_status_and_overdue_ones_stand_out(client, hospital_handler, mixed_inbox):
    client.force_login(hospital_handler)
    response = client.get(URL)
    counts = response.context["counts"]
    assert (counts["received"], counts["in_progress"], counts["answered"], counts["overdue"], counts["total"]) == (
        2,
        1,
        0,
        1,
        3,
    )
    page = response.content.decode()
    assert "Mottatt: 2" in page and "Under behandling: 1" in page and "Forfalt: 1" in page
    assert page.count('<tr class="overdue">') == 1
    # The counts stay those of the whole inbox while a status is chosen.
    assert client.get(URL, {"status": "in_progress"}).context["counts"]["received"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"agreement": "abc"},
        {"reporter_organisation": "999999"},
        {"category": "x\x00"},
        {"side": "999"},
        {"side": "-1"},
        {"side": "abc"},
        {"direction": "sideways"},
        {"overdue": "\x00"},
    ],
)
def test_a_tampered_filter_is_reported_and_never_gives_a_500(client, hospital_handler, mixed_inbox, params):
    client.force_login(hospital_handler)
    response = client.get(URL, params)
    assert response.status_code == 200


def test_the_inbox_is_paginated(client, hospital_handler, skien, hospital):
    bulk_deviations(30, skien, hospital)
    client.force_login(hospital_handler)
    first = client.get(URL)
    assert len(references(first)) == 25
    assert "Side 1 av 2" in first.content.decode()
    assert len(references(client.get(URL, {"side": 2}))) == 5


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 3),
        ({"status": "received"}, 2),
        ({"status": "answered"}, 0),
        ({"overdue": "on"}, 1),
        ({"overdue": "on", "status": "in_progress"}, 0),
        ({"category": "discharge", "status": "received"}, 1),
        ({"status": "bogus"}, 3),  # an invalid filter is ignored, in the list and its count alike
        ({"direction": "fra"}, 0),
    ],
)
def test_the_number_of_cases_shown_is_the_number_listed_whatever_the_filter(
    client, hospital_handler, mixed_inbox, params, expected
):
    """The paginator takes its count from the counts per status: it must be the list's own."""
    client.force_login(hospital_handler)
    response = client.get(URL, params)
    assert response.context["page"].paginator.count == len(references(response)) == expected
    assert f"{expected} avvik</h2>" in response.content.decode()


def test_the_overdue_query_set_rule(skien, hospital, hospital_handler):
    late = make_deviation(skien, hospital)
    answered_late = make_deviation(skien, hospital)
    on_time = make_deviation(skien, hospital)
    make_overdue(late)
    make_overdue(answered_late)
    services.answer(Deviation.objects.get(pk=answered_late.pk), hospital_handler, "Svar.")
    services.answer(on_time, hospital_handler, "Svar.")
    assert list(Deviation.objects.overdue()) == [Deviation.objects.get(pk=late.pk)]
    assert list(Deviation.objects.filter(ANSWERED_IN_TIME)) == [Deviation.objects.get(pk=on_time.pk)]
    assert list(Deviation.objects.filter(ANSWERED_LATE)) == [Deviation.objects.get(pk=answered_late.pk)]
    assert Deviation.objects.get(pk=late.pk).is_overdue


def test_the_views_mine_and_unassigned(client, hospital_handler, hospital_colleague, mixed_inbox):
    services.assign(mixed_inbox["b"], hospital_handler, hospital_colleague)
    client.force_login(hospital_handler)
    assert references(client.get(URL, {"vis": "mine"})) == [mixed_inbox["c"].reference]
    assert references(client.get(URL, {"vis": "utildelt"})) == [mixed_inbox["a"].reference]
    client.force_login(hospital_colleague)
    assert references(client.get(URL, {"vis": "mine"})) == [mixed_inbox["b"].reference]


def test_the_rows_show_a_summary_where_it_came_from_and_the_assignee_by_name(
    client, hospital_handler, hospital_colleague, mixed_inbox
):
    services.assign(mixed_inbox["b"], hospital_handler, hospital_colleague)
    client.force_login(hospital_handler)
    page = client.get(URL).content.decode()
    assert "Pasienten kom hjem uten oppdatert legemiddelliste." in page
    assert "Porsgrunn kommune" in page
    assert "Hanne Kollega" in page
    assert "Ikke tildelt" in page


def test_overdue_measures_show_in_the_inbox(client, hospital_handler, mixed_inbox):
    services.add_measure(
        mixed_inbox["c"],
        hospital_handler,
        description="Oppdatere sjekklisten for utskrivning",
        owner="Seksjonsleder sengepost",
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(hospital_handler)
    page = client.get(URL).content.decode()
    assert "Tiltak som har passert fristen" in page
    assert "Oppdatere sjekklisten for utskrivning" in page


def test_the_rows_speak_nynorsk_to_a_nynorsk_reader(client, hospital_handler, mixed_inbox):
    """The rows are written in Python (deviations/templatetags/deviation_table.py): still in the reader's language."""
    client.force_login(hospital_handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    page = client.get(URL).content.decode()
    assert 'data-label="Saksbehandlar"' in page
    assert ">Utskriving</td>" in page
    assert 'data-label="Saksbehandler"' not in page


def test_a_case_given_to_my_unit_with_nobody_named_is_mine_and_not_unassigned(
    client, hospital, hospital_handler, hospital_colleague, mixed_inbox
):
    ward = Unit.objects.create(organisation=hospital, name="Medisinsk sengepost")
    Person.objects.create(name="Kari Behandler", organisation=hospital, unit=ward, user=hospital_handler)
    services.assign(mixed_inbox["a"], hospital_colleague, None, unit=ward)  # the ward, nobody named
    services.assign(mixed_inbox["b"], hospital_colleague, hospital_colleague, unit=ward)  # the ward, a colleague
    client.force_login(hospital_handler)
    mine = references(client.get(URL, {"vis": "mine", "status": "alle"}))
    assert sorted(mine) == sorted([mixed_inbox["a"].reference, mixed_inbox["c"].reference])
    assert references(client.get(URL, {"vis": "utildelt", "status": "alle"})) == []
    client.force_login(hospital_colleague)  # in no unit: only what names them
    assert references(client.get(URL, {"vis": "mine", "status": "alle"})) == [mixed_inbox["b"].reference]
