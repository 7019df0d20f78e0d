"""A report may name the unit it concerns (a sengepost, the tildelingskontor), chosen after the organisation."""

import pytest

from contacts.models import Unit
from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import make_deviation, report_data

URL = "/avvik/meld/"


@pytest.fixture
def wards(hospital, porsgrunn):
    clinic = Unit.objects.create(organisation=hospital, name="Medisinsk klinikk", kind=Unit.Kind.CLINIC)
    three = Unit.objects.create(organisation=hospital, parent=clinic, name="Sengepost 3", kind=Unit.Kind.WARD)
    Unit.objects.create(organisation=hospital, parent=clinic, name="Sengepost 5", kind=Unit.Kind.WARD)
    Unit.objects.create(organisation=porsgrunn, name="Sengepost 3", kind=Unit.Kind.WARD)  # same name elsewhere
    return {"clinic": clinic, "three": three}


def test_a_report_names_the_unit_typed_within_the_organisation_and_the_receipt_shows_it(client, skien, hospital, wards):
    response = client.post(URL, report_data(skien, hospital, concerned_unit="sengepost 3"), follow=True)
    deviation = Deviation.objects.get()
    assert deviation.concerned_unit == wards["three"]
    assert f'<a href="{wards["three"].get_absolute_url()}">Sengepost 3</a>' in response.content.decode()


def test_the_unit_is_optional(client, skien, hospital, wards):
    client.post(URL, report_data(skien, hospital, concerned_unit=""))
    assert Deviation.objects.get().concerned_unit is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Sengepost 9", "Sykehuset Telemark HF har ingen enhet som heter «Sengepost 9»"),
        ("Sengepost", "Flere enheter i Sykehuset Telemark HF passer med «Sengepost»: «Sengepost 3», «Sengepost 5»"),
        ("x" * 300, "Teksten er for lang: den kan ha høyst 200 tegn, men har nå 300."),
        ("Senge\x00post", "Teksten inneholder et usynlig kontrolltegn"),
    ],
)
def test_a_unit_the_organisation_does_not_have_is_told_in_norwegian_with_the_input_kept(
    client, skien, hospital, wards, typed, message
):
    response = client.post(URL, report_data(skien, hospital, concerned_unit=typed))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'href="#id_concerned_unit"' in html  # in the error summary, linked to the field
    assert "Pasienten kom hjem uten oppdatert legemiddelliste." in html  # the input kept
    assert not Deviation.objects.exists()


def test_the_handler_sees_the_unit_on_the_deviation(client, skien, hospital, wards, hospital_handler):
    deviation = make_deviation(skien, hospital, concerned_unit=wards["three"])
    client.force_login(hospital_handler)
    html = client.get(deviation.get_absolute_url()).content.decode()
    assert f'<a href="{wards["three"].get_absolute_url()}">Sengepost 3</a>' in html


def test_the_statistics_filter_by_a_unit_of_the_chosen_organisation(client, skien, hospital, wards, quality):
    make_deviation(skien, hospital, concerned_unit=wards["three"])
    make_deviation(skien, hospital)
    client.force_login(quality)
    response = client.get("/avvik/statistikk/", {"organisasjon": "sykehuset-telemark-hf", "enhet": "Sengepost 3"})
    assert response.context["stats"].total.count == 1
    assert ("Enhet som mottaker", "Sengepost 3") in response.context["chosen"]
    # Without the organisation, the unit cannot be told from Porsgrunn's "Sengepost 3".
    response = client.get("/avvik/statistikk/", {"enhet": "Sengepost 3"})
    assert response.status_code == 400
    assert "Velg organisasjonen enheten hører til." in response.content.decode()


def test_forwarding_to_another_organisation_drops_the_unit_of_the_first(
    skien, hospital, porsgrunn, wards, hospital_handler
):
    deviation = make_deviation(skien, hospital, concerned_unit=wards["three"])
    services.forward(deviation, hospital_handler, porsgrunn, "Gjelder hjemmetjenesten.")
    deviation.refresh_from_db()
    assert deviation.concerned_organisation == porsgrunn and deviation.concerned_unit is None
