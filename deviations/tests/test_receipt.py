"""/avvik/kvittering/<token>/: the reporter's status page behind the secret link."""

import pytest

from deviations import services
from deviations.models import Deviation, DeviationEvent
from deviations.tests.conftest import IDENTITY_NUMBER, make_deviation
from samhandling.models import OutboxEmail


@pytest.fixture
def receipt_url(deviation):
    return deviation.receipt_path()


def test_the_receipt_shows_status_deadline_and_the_secret_link(client, deviation, receipt_url):
    response = client.get(receipt_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert deviation.reference in page
    assert "Mottatt" in page
    assert f'value="http://testserver{receipt_url}"' in page
    assert "noindex" in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "token",
    ["wrong", "x" * 43, "x" * 500, "%00", "' OR '1'='1"],
)
def test_a_wrong_token_gives_404(client, deviation, token):
    assert client.get(f"/avvik/kvittering/{token}/").status_code == 404


def test_the_reporter_sees_the_answer_and_visible_comments_but_not_internal_ones(
    client, deviation, receipt_url, hospital_handler
):
    services.take(deviation, hospital_handler)
    services.comment(deviation, hospital_handler, "Vi undersøker internt med avdelingen.", visible_to_reporter=False)
    services.comment(deviation, hospital_handler, "Takk, vi ser på saken.", visible_to_reporter=True)
    services.answer(deviation, hospital_handler, "Rutinen for legemiddelliste er nå oppdatert.")
    page = client.get(receipt_url).content.decode()
    assert "Rutinen for legemiddelliste er nå oppdatert." in page
    assert "Takk, vi ser på saken." in page
    assert "Vi undersøker internt" not in page
    assert "Besvart" in page


def test_the_reporter_sees_where_a_case_was_forwarded_but_not_the_reason(
    client, deviation, receipt_url, hospital_handler, porsgrunn
):
    services.forward(deviation, hospital_handler, porsgrunn, "Gjelder egentlig hjemmetjenesten i Porsgrunn.")
    page = client.get(receipt_url).content.decode()
    assert "Sendt videre til Porsgrunn kommune" in page
    assert "hjemmetjenesten i Porsgrunn" not in page


def test_the_reporter_can_add_a_follow_up_comment_and_the_receiver_is_told(
    client, deviation, receipt_url, django_capture_on_commit_callbacks, mailoutbox
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(receipt_url, {"text": "Det gjaldt også forrige utskrivning."}, follow=True)
    assert "Kommentaren er sendt" in response.content.decode()
    event = deviation.events.get(action=DeviationEvent.Kind.COMMENT)
    assert event.by_reporter and event.visible_to_reporter and event.author is None
    assert [mail.to for mail in mailoutbox] == [["avvik@sthf.example.org"]]
    assert "Det gjaldt også" not in mailoutbox[0].body


def test_a_follow_up_with_an_identity_number_is_refused_and_kept(client, deviation, receipt_url):
    text = f"Pasienten har nummer {IDENTITY_NUMBER}"
    response = client.post(receipt_url, {"text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "fødselsnummer" in page and text in page
    assert not deviation.events.filter(action=DeviationEvent.Kind.COMMENT).exists()


@pytest.mark.parametrize("text", ["", "a\x00b", "x" * 4001])
def test_a_bad_follow_up_never_gives_a_500(client, deviation, receipt_url, text):
    assert client.post(receipt_url, {"text": text}).status_code == 400


def test_the_receipt_of_one_report_shows_nothing_of_another(client, skien, hospital, porsgrunn):
    mine = make_deviation(skien, hospital, description="Min egen melding.")
    make_deviation(porsgrunn, hospital, description="Noen andres melding.")
    page = client.get(mine.receipt_path()).content.decode()
    assert "Min egen melding." in page and "Noen andres melding." not in page


def test_a_retired_secret_key_still_opens_the_receipt_and_still_derives_the_link(client, deviation, settings):
    url = deviation.receipt_path()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-1234567890"
    assert client.get(url).status_code == 200
    assert Deviation.objects.get().receipt_path() == url


def test_the_token_is_never_logged(client, skien, hospital, caplog):
    from deviations.tests.conftest import report_data

    with caplog.at_level("DEBUG"):
        location = client.post("/avvik/meld/", report_data(skien, hospital))["Location"]
    token = location.split("/")[-2]
    assert token not in caplog.text
    assert OutboxEmail.objects.filter(kind="deviations.receipt").exists()


@pytest.mark.parametrize("text", ["", "for lang " * 1000])
def test_a_refused_follow_up_does_not_log_the_secret_path(client, receipt_url, text, caplog):
    with caplog.at_level("DEBUG"):
        response = client.post(receipt_url, {"text": text})
        client.get(receipt_url[:-5] + "xxxx/")
    assert response.status_code == 400
    token = receipt_url.split("/")[-2]
    assert token not in caplog.text
    assert token[:-4] not in caplog.text
