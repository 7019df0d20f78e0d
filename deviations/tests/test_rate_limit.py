"""The per-address limit: shared by all workers (database cache), polite, and the input is kept."""

from django.core.cache import caches

from deviations.models import Deviation
from deviations.tests.conftest import make_deviation, report_data

URL = "/avvik/meld/"


def test_the_limit_uses_the_shared_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert caches["default"].__class__.__name__ == "DatabaseCache"


def test_past_the_limit_the_form_comes_back_politely_with_the_input_kept(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert client.post(URL, report_data(skien, hospital)).status_code == 302
    data = report_data(skien, hospital, description="Den tredje meldingen i dag.")
    response = client.post(URL, data)
    assert response.status_code == 429
    page = response.content.decode()
    assert "prøv å sende igjen om litt" in page
    assert "Den tredje meldingen i dag." in page
    assert Deviation.objects.count() == 2


def test_correcting_errors_does_not_count_against_the_limit(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.post(URL, report_data(skien, hospital, description="")).status_code == 400
    assert client.post(URL, report_data(skien, hospital)).status_code == 302


def test_the_limit_is_per_address(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "1/h"
    assert client.post(URL, report_data(skien, hospital), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(URL, report_data(skien, hospital), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(URL, report_data(skien, hospital), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_follow_up_comments_share_the_limit(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "1/h"
    deviation = make_deviation(skien, hospital)
    assert client.post(deviation.receipt_path(), {"text": "Første."}).status_code == 302
    response = client.post(deviation.receipt_path(), {"text": "Andre kommentar."})
    assert response.status_code == 429
    assert "Andre kommentar." in response.content.decode()
