"""/avvik/<reference>/: the handler's actions, each a POST that writes a timeline event."""

import pytest

from deviations import services
from deviations.models import Deviation, DeviationEvent
from deviations.tests.conftest import IDENTITY_NUMBER


@pytest.fixture
def handler_client(client, hospital_handler):
    client.force_login(hospital_handler)
    return client


def url(deviation, action=""):
    return f"/avvik/{deviation.reference}/{action + '/' if action else ''}"


def test_the_detail_shows_the_report_the_timeline_and_the_actions(handler_client, deviation):
    page = handler_client.get(url(deviation)).content.decode()
    assert deviation.description in page
    assert "Meldingen ble mottatt" in page
    for label in ("Ta saken", "Svar melderen", "Kommenter", "Send videre"):
        assert label in page


def test_take_comment_answer_close_reopen_each_write_an_event(handler_client, deviation, hospital_handler):
    assert handler_client.post(url(deviation, "ta")).status_code == 302
    handler_client.post(
        url(deviation, "kommentar"), {"comment-text": "Intern notat.", "comment-visible_to_reporter": ""}
    )
    handler_client.post(
        url(deviation, "kommentar"), {"comment-text": "Til melderen.", "comment-visible_to_reporter": "on"}
    )
    handler_client.post(url(deviation, "svar"), {"answer-text": "Rutinen er endret."})
    deviation.refresh_from_db()
    assert deviation.status == Deviation.Status.ANSWERED
    assert deviation.answer == "Rutinen er endret."
    assert deviation.answered_by == hospital_handler
    assert deviation.assigned_to == hospital_handler
    handler_client.post(url(deviation, "lukk"))
    deviation.refresh_from_db()
    assert deviation.status == Deviation.Status.CLOSED and deviation.closed_at
    handler_client.post(url(deviation, "gjenapne"))
    deviation.refresh_from_db()
    assert deviation.status == Deviation.Status.IN_PROGRESS and deviation.closed_at is None

    events = list(deviation.events.values_list("action", "data__to_status", "visible_to_reporter", "user"))
    handler = hospital_handler.pk
    assert events == [
        ("created", "received", True, None),
        ("status_changed", "in_progress", True, handler),
        ("comment", None, False, handler),
        ("comment", None, True, handler),
        ("answered", "answered", True, handler),
        ("status_changed", "closed", True, handler),
        ("status_changed", "in_progress", True, handler),
    ]
    page = handler_client.get(url(deviation)).content.decode()
    assert "Intern kommentar" in page and "Intern notat." in page


def test_a_stale_action_is_refused_politely(handler_client, deviation):
    handler_client.post(url(deviation, "ta"))
    response = handler_client.post(url(deviation, "ta"), follow=True)
    assert "allerede tatt til behandling" in response.content.decode()
    response = handler_client.post(url(deviation, "lukk"), follow=True)
    assert "Bare besvarte avvik kan lukkes" in response.content.decode()
    assert deviation.events.count() == 2


def test_forwarding_starts_from_a_link_to_a_page_with_the_list_of_receivers(
    handler_client, deviation, hospital, porsgrunn
):
    detail = handler_client.get(url(deviation)).content.decode()
    assert f'href="{url(deviation, "videresend")}"' in detail
    assert "forward-organisation" not in detail  # the list of every organisation is not on the case's page
    response = handler_client.get(url(deviation, "videresend"))
    assert response.status_code == 200
    choices = [value for value, _label in response.context["form"].fields["organisation"].choices if value]
    assert porsgrunn.pk in [choice.value for choice in choices]
    assert hospital.pk not in [choice.value for choice in choices]  # it is already there
    assert 'name="forward-reason"' in response.content.decode()


def test_a_case_that_can_no_longer_be_forwarded_sends_the_handler_back_with_a_message(
    handler_client, deviation, hospital_handler
):
    services.answer(deviation, hospital_handler, "Svar.")
    response = handler_client.get(url(deviation, "videresend"), follow=True)
    assert response.redirect_chain[-1][0] == url(deviation)
    assert "Dette kan ikke gjøres med avviket" in response.content.decode()


def test_forward_needs_a_reason_and_another_organisation(handler_client, deviation, hospital, porsgrunn):
    response = handler_client.post(
        url(deviation, "videresend"), {"forward-organisation": porsgrunn.pk, "forward-reason": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_forward-reason"' in response.content.decode()
    response = handler_client.post(
        url(deviation, "videresend"), {"forward-organisation": hospital.pk, "forward-reason": "x"}
    )
    assert response.status_code == 400  # not in the list: it is already here
    response = handler_client.post(
        url(deviation, "videresend"), {"forward-organisation": porsgrunn.pk, "forward-reason": "Hjemmetjenesten."}
    )
    assert response.status_code == 302
    deviation.refresh_from_db()
    event = deviation.events.get(action=DeviationEvent.Kind.FORWARDED)
    assert (event.data["from_organisation"], event.data["to_organisation"], event.text) == (
        {"id": hospital.pk, "name": str(hospital)},
        {"id": porsgrunn.pk, "name": str(porsgrunn)},
        "Hjemmetjenesten.",
    )
    assert deviation.concerned_organisation == porsgrunn and deviation.status == Deviation.Status.RECEIVED


@pytest.mark.parametrize(
    "action, data, message, kept",
    [
        ("kommentar", {"comment-text": f"Pasient {IDENTITY_NUMBER}"}, "fødselsnummer", f"Pasient {IDENTITY_NUMBER}"),
        ("kommentar", {"comment-text": ""}, "påkrevet", None),
        ("kommentar", {"comment-text": "Før\x00etter"}, "null-tegn", "etter"),
        ("svar", {"answer-text": f"Gjelder {IDENTITY_NUMBER}"}, "fødselsnummer", f"Gjelder {IDENTITY_NUMBER}"),
        ("svar", {"answer-text": "x" * 4001}, "høyst 4000 tegn", "x" * 4001),
        (
            "videresend",
            {"forward-organisation": "abc", "forward-reason": "Begrunnet"},
            "Velg en organisasjon fra listen",
            "Begrunnet",
        ),
        (
            "videresend",
            {"forward-organisation": "99999", "forward-reason": "Begrunnet"},
            "Velg en organisasjon fra listen",
            "Begrunnet",
        ),
    ],
)
def test_bad_input_on_the_detail_page_is_shown_with_the_input_kept(
    handler_client, deviation, action, data, message, kept
):
    response = handler_client.post(url(deviation, action), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Skjemaet har feil som må rettes" in page
    if kept:
        assert kept in page
    assert deviation.events.count() == 1


def test_answering_again_after_reopening_keeps_the_first_answer_in_the_timeline(handler_client, deviation):
    handler_client.post(url(deviation, "svar"), {"answer-text": "Første svar."})
    handler_client.post(url(deviation, "gjenapne"))
    handler_client.post(url(deviation, "svar"), {"answer-text": "Andre svar."})
    deviation.refresh_from_db()
    assert deviation.answer == "Andre svar."
    assert list(deviation.events.filter(action="answered").values_list("data__text", flat=True)) == [
        "Første svar.",
        "Andre svar.",
    ]


def test_the_quality_committee_reads_without_action_buttons(client, quality, deviation):
    client.force_login(quality)
    page = client.get(url(deviation)).content.decode()
    assert deviation.description in page
    assert "Ta saken" not in page and "Send svaret" not in page
