"""Password reset reveals nothing and is throttled; password spraying is locked out, for a while."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samhandling import accounts
from samhandling.models import OutboxEmail, RateCounter

RESET = "/konto/glemt-passord/"
LOGIN = "/konto/logg-inn/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def known(db):
    return get_user_model().objects.create_user("kjent", "kjent@example.org", PASSWORD)


@pytest.fixture
def queued_tasks(settings):
    """Tasks kept in the queue, as in production (the tests otherwise run them at once)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def _reset(client, email, address="10.1.1.1"):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(RESET, {"email": email}, REMOTE_ADDR=address)
    # The statements without their values (the address, the time).
    return response, [re.sub(r"'[^']*'", "?", query["sql"]) for query in queries.captured_queries]


def test_a_known_and_an_unknown_address_get_the_same_answer_from_the_same_work(client, known, queued_tasks):
    known_response, known_queries = _reset(client, "kjent@example.org")
    unknown_response, unknown_queries = _reset(client, "ukjent@example.org")
    assert known_response.status_code == unknown_response.status_code == 302
    assert known_response["Location"] == unknown_response["Location"] == "/konto/glemt-passord/sendt/"
    # The same statements (the users table is not even read in the request): nothing to time.
    assert known_queries == unknown_queries
    assert not any("contacts_user" in sql for sql in known_queries)
    assert mail.outbox == []
    assert [result.args for result in queued_tasks.results] == [["kjent@example.org"], ["ukjent@example.org"]]


def test_the_queued_task_sends_the_link_to_a_known_address_only(known, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://samhandling.example.org"
    # The task queues the mail in the one outbox, which sends it once the queueing commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert accounts.send_password_reset.call("ukjent@example.org") == 0
        assert accounts.send_password_reset.call("KJENT@example.org") == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kjent@example.org"]
    assert "https://samhandling.example.org/konto/nytt-passord/" in mail.outbox[0].body


def test_the_link_comes_through_the_task_queue_and_works(client, known, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": "kjent@example.org"})
    # The token is made when the mail is sent: the outbox never stores it.
    assert OutboxEmail.objects.get().body == ""
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/nytt-passord/" in line).strip()
    response = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]), follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


def test_one_address_gets_at_most_the_limit_of_reset_mails(client, known, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = "3/h"
    for number in range(6):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESET, {"email": "kjent@example.org"}, REMOTE_ADDR=f"10.2.0.{number}")
        assert response.status_code == 302  # the same answer past the limit: it tells nothing
    assert len(mail.outbox) == 3


def test_one_client_is_refused_politely_past_its_limit(client, db, settings):
    settings.PASSWORD_RESET_CLIENT_LIMIT = "4/h"
    for number in range(4):
        assert client.post(RESET, {"email": f"person{number}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "person9@example.org"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Vent en time og prøv igjen" in page
    assert 'value="person9@example.org"' in page


def test_an_invalid_address_is_shown_with_a_message_and_counts_nothing(client, db):
    response = client.post(RESET, {"email": "ikke-en-adresse"})
    assert response.status_code == 400
    assert 'value="ikke-en-adresse"' in response.content.decode()
    assert not RateCounter.objects.exists()


def test_password_spraying_from_one_client_is_locked_out(client, db, settings):
    """One password tried over many usernames never trips the username + address pair."""
    settings.LOGIN_CLIENT_FAILURE_LIMIT = "10/15m"
    for number in range(10):
        get_user_model().objects.create_user(f"ansatt{number}", f"ansatt{number}@example.org", PASSWORD)
    for number in range(10):
        response = client.post(LOGIN, {"username": f"ansatt{number}", "password": "Sommer2026!"})
        assert response.status_code == 200, number  # the form again, no lock for any one username
    response = client.post(LOGIN, {"username": "ansatt0", "password": PASSWORD})
    assert response.status_code == 429, "even the right password is refused while the client is locked"
    assert "_auth_user_id" not in client.session
    # Another client is not affected.
    other = client.__class__()
    assert other.post(LOGIN, {"username": "ansatt1", "password": PASSWORD}, REMOTE_ADDR="10.3.3.3").status_code == 302


def test_the_spraying_lock_expires_by_itself(client, db, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = "3/15m"
    user = get_user_model().objects.create_user("ansatt", "ansatt@example.org", PASSWORD)
    for number in range(3):
        client.post(LOGIN, {"username": f"finnes-ikke-{number}", "password": "Sommer2026!"})
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 429
    # A quarter of an hour later the window has ended.
    RateCounter.objects.update(window_start=timezone.now() - datetime.timedelta(minutes=16))
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}).status_code == 302
