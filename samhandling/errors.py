"""The portal's answer when PostgreSQL does not answer: 503 and a page that needs no database.

Installed as the 500 handler's first question (samhandling/urls.py): Django calls the 500
handler for every uncaught exception, in a view, a template or a middleware, so a lost
database gives every page the same honest answer instead of "something went wrong".
"""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client (or a proxy's health check) is asked to wait before trying again.
RETRY_AFTER = 120


def is_database_down(error: BaseException | None) -> bool:
    """True if the error, or one it was raised from, is a lost or refused database connection."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable(request: HttpRequest) -> HttpResponse:
    # No request and so no context processors: they read the session and the user.
    page = render_to_string("503.html", {"portal_name": settings.PORTAL_NAME})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
