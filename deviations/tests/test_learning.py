"""Learning summaries: Kvalitetsutvalget publishes an anonymised summary of a closed case;
clinicians find it under the deviation pages and in the site search."""

from deviations import services
from deviations.models import Deviation, LearningSummary
from deviations.tests.conftest import IDENTITY_NUMBER


def closed(deviation, handler):
    services.answer(deviation, handler, "Svar.")
    return services.close(Deviation.objects.get(pk=deviation.pk), handler)


def test_the_committee_publishes_a_summary_that_everyone_reads_and_finds(client, quality, hospital_handler, deviation):
    closed(deviation, hospital_handler)
    client.force_login(quality)
    assert "Skriv et læringssammendrag" in client.get(deviation.get_absolute_url()).content.decode()
    response = client.post(
        f"/avvik/{deviation.reference}/laering/",
        {"title": "Legemiddellisten følger pasienten hjem", "body": "Sengepostene skriver nå ut listen før hjemreise."},
    )
    summary = LearningSummary.objects.get()
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    assert deviation.events.filter(action="learning_published", user=quality).exists()
    client.logout()
    listing = client.get("/avvik/laering/").content.decode()
    assert "Legemiddellisten følger pasienten hjem" in listing
    page = client.get(summary.get_absolute_url()).content.decode()
    assert deviation.reference not in page and deviation.reporter_name not in page
    found = client.get("/sok/", {"q": "legemiddellisten"}).content.decode()
    assert "Læring fra avvik" in found and summary.get_absolute_url() in found


def test_a_summary_naming_the_reporter_or_with_an_identity_number_or_a_phone_is_refused(
    client, quality, hospital_handler, deviation
):
    closed(deviation, hospital_handler)
    client.force_login(quality)
    for body in (
        f"Meldt av {deviation.reporter_name}.",
        f"Gjelder {IDENTITY_NUMBER}.",
        "Ring 35 00 35 00 for mer.",
    ):
        response = client.post(f"/avvik/{deviation.reference}/laering/", {"title": "Læring", "body": body})
        assert response.status_code == 400, body
        assert body in response.content.decode()
    assert not LearningSummary.objects.exists()


def test_only_closed_cases_and_only_once(client, quality, hospital_handler, deviation):
    client.force_login(quality)
    data = {"title": "Læring", "body": "Ny rutine for utskrivning."}
    client.post(f"/avvik/{deviation.reference}/laering/", data)
    assert not LearningSummary.objects.exists()
    closed(deviation, hospital_handler)
    client.post(f"/avvik/{deviation.reference}/laering/", data)
    client.post(f"/avvik/{deviation.reference}/laering/", data)  # a double submit
    assert LearningSummary.objects.count() == 1


def test_a_handler_may_not_publish(client, hospital_handler, deviation):
    closed(deviation, hospital_handler)
    client.force_login(hospital_handler)
    assert client.get(f"/avvik/{deviation.reference}/laering/").status_code == 403
