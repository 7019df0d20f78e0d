"""The reporter's side: the receipt's "what happens now" follows the status, and one reply to the answer."""

from deviations import services
from deviations.models import Deviation
from deviations.statistics import Labels
from deviations.statistics.handling import handling_figures
from deviations.tests.conftest import IDENTITY_NUMBER


def test_what_happens_now_follows_the_status(client, deviation, hospital_handler):
    receipt = deviation.receipt_path()
    assert "skal svare innen" in client.get(receipt).content.decode()
    services.take(deviation, hospital_handler)
    assert "behandler saken nå" in client.get(receipt).content.decode()
    services.answer(deviation, hospital_handler, "Rutinen er endret.")
    page = client.get(receipt).content.decode()
    assert "har svart" in page and "skal svare innen" not in page
    services.close(Deviation.objects.get(pk=deviation.pk), hospital_handler)
    assert "Saken er lukket" in client.get(receipt).content.decode()
    services.reopen(Deviation.objects.get(pk=deviation.pk), hospital_handler)
    assert "Saken er gjenåpnet" in client.get(receipt).content.decode()


def test_the_reporter_replies_once_and_the_statistics_count_it(client, deviation, hospital_handler, quality):
    receipt = deviation.receipt_path()
    assert "Løste svaret problemet?" not in client.get(receipt).content.decode()  # no answer yet
    services.answer(deviation, hospital_handler, "Rutinen er endret.")
    assert "Løste svaret problemet?" in client.get(receipt).content.decode()
    response = client.post(f"{receipt}vurdering/", {"verdict": "delvis", "text": "Bedre, men ikke helt."})
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.reporter_verdict == "delvis" and deviation.reporter_replied_at
    event = deviation.events.get(action="reporter_replied")
    assert event.visible_to_reporter and event.data["text"] == "Bedre, men ikke helt."
    # Once: a second post (a double submit) changes nothing and is told so.
    again = client.post(f"{receipt}vurdering/", {"verdict": "nei", "text": ""})
    assert again.status_code == 302
    deviation.refresh_from_db()
    assert deviation.reporter_verdict == "delvis"
    assert deviation.events.filter(action="reporter_replied").count() == 1
    page = client.get(receipt).content.decode()
    assert "Du svarte at svaret løste problemet: Delvis." in page
    figures = handling_figures(Deviation.objects.all(), labels=Labels.from_lists([], []), suppress=False)
    assert dict(figures.verdicts) == {"Ja": 0, "Delvis": 1, "Nei": 0}


def test_a_reply_without_a_verdict_or_with_an_identity_number_is_refused_with_the_text_kept(
    client, deviation, hospital_handler
):
    services.answer(deviation, hospital_handler, "Svar.")
    receipt = deviation.receipt_path()
    response = client.post(f"{receipt}vurdering/", {"text": "Takk for svaret."})
    assert response.status_code == 400
    assert "Svar ja, delvis eller nei." in response.content.decode()
    assert "Takk for svaret." in response.content.decode()
    response = client.post(f"{receipt}vurdering/", {"verdict": "ja", "text": f"Gjelder {IDENTITY_NUMBER}"})
    assert response.status_code == 400
    deviation.refresh_from_db()
    assert deviation.reporter_verdict == ""


def test_a_wrong_token_is_not_found(client, db):
    assert client.post("/avvik/kvittering/feil/vurdering/", {"verdict": "ja"}).status_code == 404
