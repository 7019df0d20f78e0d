"""The per-address limit: exact under concurrency, never counting a double submit, polite,
and the input kept; receipts to one address are limited per day."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from deviations.models import Deviation
from deviations.notifications import Kind, outbox_kind
from deviations.tests.conftest import make_deviation, report_data
from samhandling import ratelimit
from samhandling.models import OutboxEmail

URL = "/avvik/meld/"


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


def test_a_double_submit_uses_no_slot_and_still_lands_on_the_receipt(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "2/h"
    data = report_data(skien, hospital)
    first = client.post(URL, data)
    assert first.status_code == 302
    assert client.post(URL, data)["Location"] == first["Location"]
    assert ratelimit.used("deviations.report", "127.0.0.1", "2/h") == 1
    assert client.post(URL, report_data(skien, hospital)).status_code == 302
    # The window is full now, and the same form posted a third time still finds its receipt.
    assert client.post(URL, data)["Location"] == first["Location"]
    assert client.post(URL, report_data(skien, hospital)).status_code == 429
    assert Deviation.objects.count() == 2


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


def test_both_limits_of_a_report_cost_one_statement(client, skien, hospital):
    with CaptureQueriesContext(connection) as queries:
        assert client.post(URL, report_data(skien, hospital)).status_code == 302
    limiter = [
        query["sql"] for query in queries.captured_queries if ratelimit.RateCounter._meta.db_table in query["sql"]
    ]
    # The sender's slot and the receipt mail's daily slot, counted together.
    assert len(limiter) == 1
    assert ratelimit.used("deviations.report", "127.0.0.1", "30/h") == 1
    assert ratelimit.used("deviations.receipt-mail", "kari.nordmann@skien.kommune.example.org", "10/d") == 1


def test_a_report_refused_by_the_limit_uses_no_receipt_slot(client, skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "1/h"
    data = report_data(skien, hospital, reporter_email="kari@example.org")
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, report_data(skien, hospital, reporter_email="kari@example.org")).status_code == 429
    assert ratelimit.used("deviations.receipt-mail", "kari@example.org", "10/d") == 1


def test_an_address_gets_at_most_the_daily_number_of_receipts_and_the_reports_are_all_saved(
    client, skien, hospital, settings
):
    settings.RECEIPT_MAIL_LIMIT = "3/d"
    for number in range(5):
        response = client.post(URL, report_data(skien, hospital, reporter_email="Offer@Example.org"))
        assert response.status_code == 302, number
    assert Deviation.objects.count() == 5
    receipts = OutboxEmail.objects.filter(kind=outbox_kind(Kind.RECEIPT))
    assert list(receipts.values_list("recipient", flat=True)) == ["Offer@Example.org"] * 3
    # Another address is not affected.
    client.post(URL, report_data(skien, hospital, reporter_email="annen@example.org"))
    assert receipts.filter(recipient="annen@example.org").count() == 1


def _burst(posts: list[dict], address: str = "10.9.8.7") -> list[int]:
    """Posts every form at the same moment, each from its own thread and database connection."""
    barrier = threading.Barrier(len(posts))
    statuses: list[int] = []

    def post(data):
        try:
            client = Client()
            barrier.wait()
            statuses.append(client.post(URL, data, REMOTE_ADDR=address).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(data,)) for data in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_sixty_reports_against_a_limit_of_thirty_accepts_exactly_thirty(skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "30/h"
    statuses = _burst([report_data(skien, hospital) for _ in range(60)])
    assert sorted(statuses) == [302] * 30 + [429] * 30
    assert Deviation.objects.count() == 30


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_many_times_at_once_uses_one_slot(skien, hospital, settings):
    settings.DEVIATION_RATE_LIMIT = "30/h"
    data = report_data(skien, hospital)
    statuses = _burst([data] * 8)
    assert statuses == [302] * 8
    assert Deviation.objects.count() == 1
    assert ratelimit.used("deviations.report", "10.9.8.7", "30/h") == 1
