"""Keeps the reporter's secret receipt token out of every log record.

The receipt link /avvik/kvittering/<token>/ is the only key to an anonymous reporter's
case, so a log line holding it is a leak. Django writes request paths in several places
(django.security on a CSRF failure, django.request on a 4xx/5xx, django.server, the
server-error mail with the whole request), so rather than trusting each caller, every
handler carries RedactTokens, which rewrites the message, its arguments, a formatted
traceback and the request attached to the record. The server-error mail is redacted once
more as rendered text, because it is built from the request and the traceback's frames.
"""

import copy
import logging
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.log import AdminEmailHandler

# The receipt path, also percent-encoded (%2F) as it may appear in a logged Referer or query.
RECEIPT_TOKEN = re.compile(r"(kvittering(?:/|%2F))[^/\s?#&\"'<>%]+", re.IGNORECASE)
REDACTED = r"\1[skjult]"
REQUEST_META_KEYS = ("PATH_INFO", "REQUEST_URI", "RAW_URI", "HTTP_REFERER", "QUERY_STRING", "SCRIPT_URL", "SCRIPT_URI")


def redact(text: str) -> str:
    return RECEIPT_TOKEN.sub(REDACTED, text)


def redacted_request(request: HttpRequest) -> HttpRequest:
    """A shallow copy of the request whose path and path-bearing headers hide the token."""
    clean = copy.copy(request)
    clean.path = redact(request.path)
    clean.path_info = redact(request.path_info)
    clean.META = dict(request.META)
    for key in REQUEST_META_KEYS:
        if isinstance(clean.META.get(key), str):
            clean.META[key] = redact(clean.META[key])
    # The view's arguments hold the token too (a ResolverMatch cannot be copied).
    clean.resolver_match = None
    return clean


class RedactTokens(logging.Filter):
    """A handler filter: rewrites the record so no formatter can print a receipt token."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.request = redacted_request(request)
        return True


class RedactingAdminEmailHandler(AdminEmailHandler):
    """The server-error mail, with the token redacted from the rendered report as well."""

    def emit(self, record: logging.LogRecord) -> None:
        if not settings.ADMINS:
            return
        super().emit(record)

    def send_mail(self, subject: Any, message: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("html_message"):
            kwargs["html_message"] = redact(kwargs["html_message"])
        super().send_mail(redact(str(subject)), redact(str(message)), *args, **kwargs)
