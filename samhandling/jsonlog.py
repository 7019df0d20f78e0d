"""JSON log lines (LOG_FORMAT=json), without tokens or personal data.

A log collector reads one JSON object a line: time, level, logger, message and, when there is
one, the traceback. Only those fields are written, never the request attached to a record (it
holds cookies, the client's address and form data). The message is redacted twice over: the
receipt link's secret token (as every handler does, samhandling.log_redaction) and any e-mail
address, since a reporter's or user's address in a log line is personal data the log
collector must not keep.
"""

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from samhandling.log_redaction import redact

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    """Receipt tokens and e-mail addresses out of a text."""
    return EMAIL_ADDRESS.sub("[e-post]", redact(text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = scrub(record.exc_text)
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        return json.dumps(entry, ensure_ascii=False)


def access_entry(atoms: dict[str, Any]) -> str:
    """One gunicorn access-log line as JSON: what was asked and how it went, not who asked.

    The client's address, user agent, referer and query string are left out: they identify
    a person or may carry what a form sent.
    """
    return json.dumps(
        {
            "time": datetime.now(tz=UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "method": atoms.get("m"),
            "path": scrub(str(atoms.get("U", ""))),
            "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
            "bytes": atoms.get("B"),
            "duration_ms": round(int(atoms.get("D") or 0) / 1000, 1),
        },
        ensure_ascii=False,
    )
