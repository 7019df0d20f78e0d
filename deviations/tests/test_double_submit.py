"""The same form posted twice (back button, double click, retry after a time-out) gives one report."""

import threading
import uuid

import pytest
from django.db import connection

from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import make_deviation, report_data
from samhandling.models import OutboxEmail

URL = "/avvik/meld/"


def test_posting_the_same_form_twice_gives_the_same_receipt_and_one_report(client, skien, hospital):
    data = report_data(skien, hospital)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Deviation.objects.count() == 1
    assert OutboxEmail.objects.count() == 2  # arrival and receipt, once


def test_a_retry_from_a_browser_that_never_got_the_first_answer_lands_on_the_same_receipt(client, skien, hospital):
    """No session or cookie carries the token: a fresh client with the same form gets it too."""
    from django.test import Client

    data = report_data(skien, hospital)
    first = client.post(URL, data)
    second = Client().post(URL, data, follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Denne meldingen var allerede sendt inn" in second.content.decode()


def test_a_changed_form_posted_with_the_same_key_still_gives_the_first_report(client, skien, hospital):
    data = report_data(skien, hospital)
    client.post(URL, data)
    client.post(URL, data | {"description": "Noe helt annet."})
    assert Deviation.objects.get().description == data["description"]


def test_two_forms_give_two_reports(client, skien, hospital):
    client.post(URL, report_data(skien, hospital))
    client.post(URL, report_data(skien, hospital))
    assert Deviation.objects.count() == 2


def test_the_plain_token_is_stored_nowhere(client, skien, hospital):
    data = report_data(skien, hospital)
    token = client.post(URL, data)["Location"].split("/")[-2]
    deviation = Deviation.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(d)::text FROM deviations_deviation d")
        stored = cursor.fetchone()[0]
    assert token not in stored
    assert data["submission_key"] not in stored
    assert deviation.matches_token(token)
    assert len(token) >= 43


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_at_the_same_moment_gives_one_report(skien, hospital):
    key = uuid.uuid4()
    data = {
        "kind": Deviation.Kind.DEVIATION,
        "reporter_name": "Kari",
        "reporter_title": "",
        "reporter_email": "kari@example.org",
        "reporter_phone": "",
        "reporter_organisation": skien,
        "concerned_organisation": hospital,
        "agreement": None,
        "category": Deviation.Category.OTHER,
        "occurred_on": "2026-01-05",
        "description": "Samtidig",
        "consequence": "",
        "immediate_action": "",
        "suggestion": "",
    }
    results = []
    barrier = threading.Barrier(6)

    def submit():
        try:
            barrier.wait()
            results.append(services.submit_deviation(data=data, submission_key=key))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Deviation.objects.count() == 1
    assert len({deviation.pk for deviation, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    # The losers rolled back their reference number: the next report gets number 2.
    assert make_deviation(skien, hospital).reference.endswith("-000002")
