"""The receipt token reaches no log: CSRF failure, 404, 500, server-error mail, gunicorn's access log.

Each test forces a path that writes the request path, captures what the configured handlers
(and the admins' mail) would write, and searches it for the token.
"""

import io
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from deviations import services, views
from deviations.tests.conftest import make_deviation

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_output(settings):
    """Everything the portal's log handlers write, as text, plus the server-error mails."""
    settings.ADMINS = ["drift@example.org"]
    streams = []
    handlers = [*logging.getLogger().handlers, *logging.getLogger("django.server").handlers]
    swapped = []
    for handler in handlers:
        if isinstance(handler, logging.StreamHandler) and type(handler).__module__ == "logging":
            stream = io.StringIO()
            swapped.append((handler, handler.setStream(stream)))
            streams.append(stream)
    assert swapped, "the root logger has no console handler"

    def text() -> str:
        mails = [
            f"{m.subject}\n{m.body}\n{''.join(str(a[0]) for a in getattr(m, 'alternatives', []))}" for m in mail.outbox
        ]
        return "\n".join([stream.getvalue() for stream in streams] + mails)

    yield text
    for handler, old_stream in swapped:
        handler.setStream(old_stream)


def token_of(deviation) -> str:
    return deviation.receipt_path().rstrip("/").rsplit("/", 1)[1]


def test_a_csrf_failure_on_a_receipt_page_logs_no_token(log_output, skien, hospital):
    deviation = make_deviation(skien, hospital)
    response = Client(enforce_csrf_checks=True).post(deviation.receipt_path(), {"text": "Hei"})
    assert response.status_code == 403
    written = log_output()
    assert "Forbidden" in written and "kvittering/[skjult]" in written
    assert token_of(deviation) not in written


def test_a_receipt_url_with_a_bad_token_logs_no_token(log_output, client, db):
    bad = "b4dT0kenThatMatchesNothing_xyzxyzxyzxyzxyzxyz"
    assert client.get(f"/avvik/kvittering/{bad}/").status_code == 404
    assert client.post(f"/avvik/kvittering/{bad}/", {"text": "Hei"}).status_code == 404
    assert bad not in log_output()


def test_a_server_error_on_a_receipt_page_logs_and_mails_no_token(log_output, skien, hospital, monkeypatch):
    deviation = make_deviation(skien, hospital)
    token = token_of(deviation)

    def broken(deviation, text):
        raise RuntimeError("the comment could not be saved")

    monkeypatch.setattr(services, "add_reporter_comment", broken)
    monkeypatch.setattr(views, "_rate_full", lambda request: False)
    client = Client(raise_request_exception=False)
    response = client.post(
        deviation.receipt_path(), {"text": "Hei"}, HTTP_REFERER=f"https://x{deviation.receipt_path()}"
    )
    assert response.status_code == 500
    written = log_output()
    assert "Internal Server Error" in written
    assert len(mail.outbox) == 1, "the admins get the server-error mail"
    assert "the comment could not be saved" in mail.outbox[0].body
    assert token not in written


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_gunicorns_access_log_holds_no_token(tmp_path, skien, hospital, settings):
    deviation = make_deviation(skien, hospital)
    token = token_of(deviation)
    port = _free_port()
    access_log = tmp_path / "access.log"
    error_log = tmp_path / "error.log"
    # The test database, by the URL the portal was given (the embedded server's socket is in its query).
    database_url = urllib.parse.urlsplit(settings.DATABASE_URL)._replace(path="/" + connection.settings_dict["NAME"])
    env = os.environ | {
        "DATABASE_URL": urllib.parse.urlunsplit(database_url),
        "HTTPS": "0",
        "CONN_MAX_AGE": "0",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "samhandling.wsgi",
            "--config",
            "samhandling/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(access_log),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=error_log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/helse/", timeout=5)
                break
            except urllib.error.HTTPError as error:
                raise AssertionError(error_log.read_text()) from error
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert server.poll() is None and time.monotonic() < deadline, error_log.read_text()
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}{deviation.receipt_path()}?from=mail", timeout=30) as response:
            assert response.status == 200
        try:
            urllib.request.urlopen(f"{base}/avvik/kvittering/{token}x/", timeout=30)
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = access_log.read_text() + error_log.read_text()
    assert "GET /avvik/kvittering/[skjult]/?from=mail" in written
    assert token not in written
