"""A measure's owner can be a unit or a person of the receiving organisation, beside the free text."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from contacts.models import Person, Unit
from deviations import reminders, services
from deviations.models import Measure


@pytest.fixture
def handler_client(client, hospital_handler):
    client.force_login(hospital_handler)
    return client


@pytest.fixture
def ward(hospital):
    return Unit.objects.create(organisation=hospital, name="Sengepost 3", kind=Unit.Kind.WARD)


@pytest.fixture
def leader(hospital, ward):
    return Person.objects.create(organisation=hospital, unit=ward, name="Kari Nordmann")


def add(client, deviation, **data):
    fields = {"description": "Ny sjekkliste for utskrivning", "due_on": "2030-01-01"} | data
    return client.post(
        f"/avvik/{deviation.reference}/tiltak/", {f"measure-{key}": value for key, value in fields.items()}
    )


def test_a_measure_owned_by_a_unit_shows_on_the_case_page_and_the_receipt_without_the_free_text(
    handler_client, client, deviation, ward
):
    assert add(handler_client, deviation, owner_unit=ward.pk, owner="Seksjonsleder internt").status_code == 302
    measure = Measure.objects.get(deviation=deviation)
    assert (measure.owner_unit, measure.owner) == (ward, "Seksjonsleder internt")
    assert deviation.events.get(action="measure_added").data["owner_unit"] == {"id": ward.pk, "name": "Sengepost 3"}
    page = handler_client.get(deviation.get_absolute_url()).content.decode()
    assert "Ansvarlig: Sengepost 3, Seksjonsleder internt" in page
    handler_client.logout()
    receipt = client.get(deviation.receipt_path()).content.decode()
    assert "Ansvarlig: Sengepost 3" in receipt
    assert "Seksjonsleder internt" not in receipt


def test_a_measure_owned_by_a_person_in_a_unit_names_both(handler_client, deviation, ward, leader):
    assert add(handler_client, deviation, owner_unit=ward.pk, owner_person=leader.pk).status_code == 302
    page = handler_client.get(deviation.get_absolute_url()).content.decode()
    assert "Ansvarlig: Kari Nordmann (Sengepost 3)" in page


def test_a_measure_needs_an_owner_of_some_kind(handler_client, deviation):
    response = add(handler_client, deviation)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg en ansvarlig enhet eller person, eller skriv hvem som er ansvarlig." in html
    assert "Ny sjekkliste for utskrivning" in html
    assert not Measure.objects.exists()


def test_a_unit_of_another_organisation_is_refused_in_norwegian_with_the_input_kept(
    handler_client, deviation, porsgrunn
):
    elsewhere = Unit.objects.create(organisation=porsgrunn, name="Hjemmetjenesten", kind=Unit.Kind.HOME_CARE)
    response = add(handler_client, deviation, owner_unit=elsewhere.pk)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Velg en av enhetene i organisasjonen som har saken." in html
    assert "Ny sjekkliste for utskrivning" in html
    assert not Measure.objects.exists()


def test_the_overdue_reminder_names_the_unit_that_owns_the_measure(
    deviation, ward, hospital_handler, hospital, mailoutbox, django_capture_on_commit_callbacks
):
    due = timezone.localdate() - datetime.timedelta(days=3)
    services.add_measure(
        deviation, hospital_handler, description="Hemmelig tiltakstekst", owner="Intern", owner_unit=ward, due_on=due
    )
    mailoutbox.clear()
    with (
        mock.patch("deviations.reminders.local_today", return_value=timezone.localdate()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.send_overdue_reminders()
    mail = next(mail for mail in mailoutbox if mail.to == [hospital.deviation_email])
    assert f"{deviation.reference} · 3 dager over fristen · ansvarlig: Sengepost 3" in mail.body
    assert "Hemmelig tiltakstekst" not in mail.body and "Intern" not in mail.body
