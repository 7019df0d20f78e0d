"""A case can be given to a unit of the receiving organisation, with or without a person in it."""

import pytest
from django.urls import reverse

from contacts.models import Unit
from deviations import services
from deviations.models import Deviation


@pytest.fixture
def handler_client(client, hospital_handler):
    client.force_login(hospital_handler)
    return client


@pytest.fixture
def ward(hospital):
    return Unit.objects.create(
        organisation=hospital, name="Sengepost 3", kind=Unit.Kind.WARD, email="sengepost3@sthf.example.org"
    )


@pytest.fixture
def other_ward(porsgrunn):
    return Unit.objects.create(organisation=porsgrunn, name="Sengepost 3 Porsgrunn", kind=Unit.Kind.WARD)


def assign(client, deviation, **data):
    return client.post(f"/avvik/{deviation.reference}/tildel/", {f"assign-{key}": value for key, value in data.items()})


def test_a_case_assigned_to_a_unit_is_shown_on_the_case_in_the_inbox_and_mailed_to_the_unit_without_text(
    handler_client, deviation, ward, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = assign(handler_client, deviation, unit=ward.pk)
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert (deviation.assigned_unit, deviation.assigned_to) == (ward, None)
    assert [mail.to for mail in mailoutbox] == [["sengepost3@sthf.example.org"]]
    assert "enheten deres" in mailoutbox[0].body and deviation.description not in mailoutbox[0].body
    assert deviation.events.get(action="assigned").data["to_unit"] == {"id": ward.pk, "name": "Sengepost 3"}
    page = handler_client.get(deviation.get_absolute_url()).content.decode()
    assert "Tildelt Sengepost 3" in page  # the timeline
    assert "<dt>Saksbehandler</dt><dd>Sengepost 3</dd>" in page  # the case's facts
    inbox = handler_client.get(reverse("deviations:inbox")).content.decode()
    assert "Sengepost 3" in inbox


def test_a_case_assigned_to_a_person_in_a_unit_names_both_and_mails_each_once(
    handler_client, deviation, ward, hospital_colleague, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a double submit
            assert assign(handler_client, deviation, assignee=hospital_colleague.pk, unit=ward.pk).status_code == 302
    deviation.refresh_from_db()
    assert (deviation.assigned_to, deviation.assigned_unit) == (hospital_colleague, ward)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([hospital_colleague.email, ward.email])
    assert deviation.events.filter(action="assigned").count() == 1
    page = handler_client.get(deviation.get_absolute_url()).content.decode()
    assert "Tildelt Hanne Kollega (Sengepost 3)" in page
    assert "<dd>Hanne Kollega (Sengepost 3)</dd>" in page
    inbox = handler_client.get(reverse("deviations:inbox")).content.decode()
    assert "Hanne Kollega (Sengepost 3)" in inbox


def test_forwarding_clears_the_unit_that_had_the_case(deviation, ward, hospital_handler, porsgrunn):
    services.assign(deviation, hospital_handler, None, ward)
    services.forward(Deviation.objects.get(pk=deviation.pk), hospital_handler, porsgrunn, "Gjelder kommunen.")
    deviation.refresh_from_db()
    assert deviation.concerned_organisation == porsgrunn
    assert deviation.assigned_unit is None


def test_a_unit_of_another_organisation_is_refused_in_norwegian_with_the_input_kept(
    handler_client, deviation, other_ward, hospital_colleague
):
    response = assign(handler_client, deviation, assignee=hospital_colleague.pk, unit=other_ward.pk)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg en av enhetene i organisasjonen som har saken." in html
    assert f'<option value="{hospital_colleague.pk}" selected>' in html  # the person chosen is kept
    deviation.refresh_from_db()
    assert deviation.assigned_unit is None and deviation.assigned_to is None
    assert not deviation.events.filter(action="assigned").exists()


def test_the_service_refuses_a_unit_of_another_organisation(deviation, other_ward, hospital_handler):
    with pytest.raises(services.ActionNotAllowed):
        services.assign(deviation, hospital_handler, None, other_ward)
