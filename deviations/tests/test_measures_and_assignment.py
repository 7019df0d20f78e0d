"""Causes, the case number, measures (tiltak) and assignment: each a step in the timeline."""

import datetime

import pytest
from django.utils import timezone

from deviations import services
from deviations.models import Deviation, Measure
from deviations.tests.conftest import IDENTITY_NUMBER, make_deviation


@pytest.fixture
def handler_client(client, hospital_handler):
    client.force_login(hospital_handler)
    return client


def test_the_case_number_and_causes_are_saved_and_logged(handler_client, deviation):
    response = handler_client.post(
        f"/avvik/{deviation.reference}/utredning/",
        {"investigation-case_number": "2026/01234", "investigation-causes": ["communication", "ict"]},
    )
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.case_number == "2026/01234"
    assert deviation.causes == ["communication", "ict"]
    assert deviation.events.filter(action="investigated").count() == 1
    page = handler_client.get(deviation.get_absolute_url()).content.decode()
    assert "2026/01234" in page and "IKT-system eller meldingsutveksling" in page


def test_an_identity_number_in_the_case_number_is_refused(handler_client, deviation):
    response = handler_client.post(
        f"/avvik/{deviation.reference}/utredning/", {"investigation-case_number": IDENTITY_NUMBER}
    )
    assert response.status_code == 400
    deviation.refresh_from_db()
    assert deviation.case_number == ""


def test_a_measure_is_added_changed_and_done(handler_client, deviation, hospital_handler):
    due = timezone.localdate() + datetime.timedelta(days=30)
    response = handler_client.post(
        f"/avvik/{deviation.reference}/tiltak/",
        {
            "measure-description": "Ny sjekkliste for utskrivning",
            "measure-owner": "Seksjonsleder, medisinsk sengepost",
            "measure-due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(deviation=deviation)
    assert (measure.status, measure.due_on) == (Measure.Status.PLANNED, due)
    handler_client.post(
        f"/avvik/{deviation.reference}/tiltak/{measure.pk}/",
        {f"measure-{measure.pk}-status": "done", f"measure-{measure.pk}-due_on": due.isoformat()},
    )
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE and measure.completed_on == timezone.localdate()
    assert list(deviation.events.filter(action__startswith="measure").values_list("action", flat=True)) == [
        "measure_added",
        "measure_changed",
    ]


def test_a_measure_without_owner_or_date_is_refused_with_the_input_kept(handler_client, deviation):
    response = handler_client.post(
        f"/avvik/{deviation.reference}/tiltak/", {"measure-description": "Ny sjekkliste", "measure-due_on": "i morgen"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ny sjekkliste" in page
    assert not Measure.objects.exists()


def test_another_deviations_measure_is_not_found(handler_client, deviation, skien, hospital, hospital_handler):
    other = make_deviation(skien, hospital)
    measure = services.add_measure(
        other, hospital_handler, description="Tiltak", owner="Enhet", due_on=timezone.localdate()
    )
    response = handler_client.post(
        f"/avvik/{deviation.reference}/tiltak/{measure.pk}/",
        {f"measure-{measure.pk}-status": "done", f"measure-{measure.pk}-due_on": "2030-01-01"},
    )
    assert response.status_code == 404


def test_a_case_is_assigned_to_a_colleague_who_is_told_by_email(
    handler_client, deviation, hospital_colleague, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = handler_client.post(
            f"/avvik/{deviation.reference}/tildel/", {"assign-assignee": hospital_colleague.pk}
        )
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.assigned_to == hospital_colleague
    assert [mail.to for mail in mailoutbox] == [[hospital_colleague.email]]
    assert deviation.description not in mailoutbox[0].body
    assert deviation.events.get(action="assigned").data["to_user"]["name"] == "Hanne Kollega"


def test_only_the_receivers_handlers_can_be_chosen(handler_client, deviation, skien_handler):
    response = handler_client.post(f"/avvik/{deviation.reference}/tildel/", {"assign-assignee": skien_handler.pk})
    assert response.status_code == 400
    assert "Velg en saksbehandler fra listen." in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.assigned_to is None


def test_closing_mails_the_reporter_the_number_of_measures_and_no_text(
    deviation, hospital_handler, mailoutbox, django_capture_on_commit_callbacks
):
    services.add_measure(
        deviation, hospital_handler, description="Hemmelig tekst", owner="Enhet", due_on=timezone.localdate()
    )
    services.answer(deviation, hospital_handler, "Svar.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close(Deviation.objects.get(pk=deviation.pk), hospital_handler)
    assert [mail.to for mail in mailoutbox] == [[deviation.reporter_email]]
    body = mailoutbox[0].body
    assert "1 tiltak" in body and "Hemmelig tekst" not in body and "Svar." not in body
    assert deviation.receipt_path() in body


def test_a_double_submit_makes_one_measure_one_assignment_and_one_classification(
    handler_client, deviation, hospital_colleague, mailoutbox, django_capture_on_commit_callbacks
):
    measure = {
        "measure-description": "Ny sjekkliste",
        "measure-owner": "Sengepost",
        "measure-due_on": "2030-01-01",
    }
    classify = {"classify-category": "medication", "classify-consequence": "minor"}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert handler_client.post(f"/avvik/{deviation.reference}/tiltak/", measure).status_code == 302
            assign = {"assign-assignee": hospital_colleague.pk}
            assert handler_client.post(f"/avvik/{deviation.reference}/tildel/", assign).status_code == 302
            assert handler_client.post(f"/avvik/{deviation.reference}/klassifisering/", classify).status_code == 302
    assert Measure.objects.filter(deviation=deviation).count() == 1
    assert len(mailoutbox) == 1
    assert deviation.events.filter(action="classified").count() == 1
    assert deviation.events.filter(action="assigned").count() == 1
    assert deviation.events.filter(action="measure_added").count() == 1
