"""LOG_FORMAT=json: one JSON object a line, with no receipt token and no personal data."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from samhandling.jsonlog import JsonFormatter, access_entry
from samhandling.log_redaction import RedactTokens

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "Jq3kV9xWm2LrT8pZ"


def formatted(record: logging.LogRecord) -> dict:
    RedactTokens().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_record_becomes_one_json_object_with_time_level_logger_and_message():
    record = logging.LogRecord(
        "deviations.services", logging.INFO, __file__, 1, "Deviation %s received", ("SA-2026-000001",), None
    )
    entry = formatted(record)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "deviations.services"
    assert entry["message"] == "Deviation SA-2026-000001 received"
    assert entry["time"].endswith("+00:00")


def test_it_drops_the_receipt_token_and_e_mail_addresses_from_message_and_traceback():
    try:
        raise ValueError(f"mail to kari.nordmann@skien.kommune.example.org failed for /avvik/kvittering/{TOKEN}/")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Error at %s for %s",
            (f"/avvik/kvittering/{TOKEN}/", "ola@example.org"),
            sys.exc_info(),
        )
    line = JsonFormatter().format(record)
    assert TOKEN not in line
    assert "example.org" not in line
    entry = json.loads(line)
    assert entry["message"] == "Error at /avvik/kvittering/[skjult]/ for [e-post]"
    assert "ValueError" in entry["exception"]


def test_it_never_writes_the_request_attached_to_a_record():
    request = RequestFactory().post("/avvik/meld/", {"reporter_email": "kari@example.org"}, REMOTE_ADDR="10.1.2.3")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request: /avvik/meld/", (), None)
    record.request = request
    record.status_code = 400
    entry = formatted(record)
    assert entry == {**entry, "status": 400}
    assert "10.1.2.3" not in json.dumps(entry)
    assert "kari@example.org" not in json.dumps(entry)


def test_the_access_log_line_leaves_out_who_asked():
    atoms = {
        "h": "10.1.2.3",
        "m": "GET",
        "U": f"/avvik/kvittering/{TOKEN}/",
        "q": "email=kari@example.org",
        "s": "200",
        "B": 512,
        "D": 2500,
        "a": "Mozilla",
        "f": "https://x/",
    }
    entry = json.loads(access_entry(atoms))
    assert entry["path"] == "/avvik/kvittering/[skjult]/"
    assert (entry["method"], entry["status"], entry["duration_ms"]) == ("GET", 200, 2.5)
    assert "10.1.2.3" not in json.dumps(entry)
    assert "kari" not in json.dumps(entry)


def test_the_setting_turns_the_console_log_into_json():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(LOG_FORMAT="json", DJANGO_SETTINGS_MODULE="samhandling.settings")
    code = (
        "import django, logging; django.setup(); "
        f"logging.getLogger('deviations').warning('No e-mail for ola@example.org at /avvik/kvittering/{TOKEN}/')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines, result.stderr
    entry = json.loads(lines[-1])
    assert entry["message"] == "No e-mail for [e-post] at /avvik/kvittering/[skjult]/"
    assert entry["level"] == "WARNING"
