"""gunicorn's logger with the receipt token redacted from the access and error logs.

Used by `make run` and the README's production command (--logger-class), so that the
access log can stay on without writing /avvik/kvittering/<token>/ to disk. With
LOG_FORMAT=json both logs are JSON lines (samhandling.jsonlog), the access log without the
client's address, user agent, referer or query string.
"""

import logging
import os
from typing import Any

from gunicorn.glogging import Logger

from samhandling.jsonlog import JsonFormatter, access_entry
from samhandling.log_redaction import RedactTokens, redact


def _json() -> bool:
    return os.environ.get("LOG_FORMAT") == "json"


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactTokens())
                if _json():
                    # access() below writes the access log's lines as JSON already.
                    handler.setFormatter(JsonFormatter() if log is self.error_log else logging.Formatter("%(message)s"))

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        if not _json():
            super().access(resp, req, environ, request_time)
            return
        if not self.access_log_enabled:
            return
        self.access_log.info(access_entry(self.atoms(resp, req, environ, request_time)))
