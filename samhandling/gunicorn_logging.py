"""gunicorn's logger with the receipt token redacted from the access and error logs.

Used by `make run` and the README's production command (--logger-class), so that the
access log can stay on without writing /avvik/kvittering/<token>/ to disk.
"""

from typing import Any

from gunicorn.glogging import Logger

from samhandling.log_redaction import RedactTokens, redact


class RedactingLogger(Logger):
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(RedactTokens())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }
