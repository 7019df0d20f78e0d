"""A handler's inbox and deviation pages, kept in PostgreSQL and stale at once when what they show changes.

A handler opens the inbox and the cases in it again and again through the day, and most of
each visit's time is rendering the same page. So the page is kept, per handler and session,
and served again with one statement until anything on it changes.

What may be kept: a GET by a logged-in handler whose scope is one organisation (readers of
every deviation and administrators are served fresh), answered 200 with HTML by a view that
said the page is the organisation's (`keep_for_handler`, so a reporter's own report of another
organisation is never kept under it), with a CSRF cookie already set and no message waiting or
shown, and only if rendering it changed no session and set no header but Content-Type.

The key is the user, the session, the CSRF secret (the page's forms carry a token made from it),
the user's role groups, the language, the host, path and query, and today's date (what is
overdue). The entry holds two generations, read before rendering:

- the organisation's own (HandlerPageGeneration): PostgreSQL adds one to it in the changing
  transaction for every deviation to or from it, every event, measure and learning summary of
  one, and every change of one of its users or their roles (triggers of migration
  0018_handler_pages: the public form, every handler's step, the retention job's bulk updates
  and the admin alike);
- the reader pages' (samhandling.readercache), which every change of the directory, the
  agreements and the rest of the portal bumps: organisation and unit names, people.

A page rendered while a change commits was stamped with the older generation and is never
served again. No page outlives MAX_SECONDS.

Settings: HANDLER_PAGE_CACHE (on unless HANDLER_PAGE_CACHE=0; the test suite turns it off
except where a test asks for it).
"""

import datetime
import functools
import hashlib
import random
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation

from samhandling import access

MAX_SECONDS = 300
MAX_QUERY_LENGTH = 200
SWEEP_ONE_IN = 200
HIT_HEADER = "X-Handler-Cache"

LOOKUP = """
WITH stamp AS (
    SELECT coalesce((SELECT value FROM deviations_handlerpagegeneration WHERE organisation_id = %s), 0) AS own,
           coalesce((SELECT value FROM samhandling_readercachegeneration WHERE id = 1), 0) AS shared
)
SELECT stamp.own, stamp.shared, page.content
FROM stamp LEFT JOIN deviations_handlerpage page
    ON page.key = %s AND page.own_generation = stamp.own AND page.shared_generation = stamp.shared
    AND page.expires_at > %s
"""
STORE = """
INSERT INTO deviations_handlerpage (key, own_generation, shared_generation, expires_at, content)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (key) DO UPDATE SET own_generation = EXCLUDED.own_generation,
    shared_generation = EXCLUDED.shared_generation, expires_at = EXCLUDED.expires_at, content = EXCLUDED.content
"""
SWEEP = "DELETE FROM deviations_handlerpage WHERE expires_at <= %s"


def keep_for_handler(response: HttpResponse) -> HttpResponse:
    """Marks a page as showing only the handler's organisation's deviations: it may be kept."""
    response.keep_for_handler = True  # type: ignore[attr-defined]
    return response


def handler_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serves the handler a kept copy of the view's page while nothing on it has changed."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        found = _key(request)
        if found is None:
            return view(request, *args, **kwargs)
        organisation_id, key = found
        now = timezone.now()
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute(LOOKUP, [organisation_id, key, now])
            own, shared, content = cursor.fetchone()
        if content is not None:
            kept = HttpResponse(bytes(content))
            kept[HIT_HEADER] = "hit"
            return kept
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponse) and _keepable(request, response):
            local = timezone.localtime(now)
            midnight = timezone.make_aware(
                datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time.min)
            )
            expires = min(now + datetime.timedelta(seconds=MAX_SECONDS), midnight)
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute(STORE, [key, own, shared, expires, response.content])
                if random.randrange(SWEEP_ONE_IN) == 0:
                    cursor.execute(SWEEP, [now])
        return response

    return wrapped


def _key(request: HttpRequest) -> tuple[int, str] | None:
    """(organisation, key) for a request whose page may be kept or served kept; None otherwise."""
    if not settings.HANDLER_PAGE_CACHE or request.method != "GET":
        return None
    user = request.user
    if not user.is_authenticated:
        return None
    scope = access.deviation_scope(user)
    if scope.scope is not access.Scope.ORGANISATION or scope.organisation_id is None:
        return None
    csrf_secret = request.META.get("CSRF_COOKIE")
    session_key = request.session.session_key
    if not csrf_secret or not session_key:
        return None
    # (A shown message's cookie is deleted by sending it empty.)
    if request.COOKIES.get(CookieStorage.cookie_name) or SessionStorage.session_key in request.session:
        return None  # a message is waiting to be shown once
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    identity = "\n".join(
        [
            str(user.pk),
            session_key,
            csrf_secret,
            ",".join(sorted(user.role_names)),
            translation.get_language() or "",
            f"{request.scheme}://{request.get_host()}{request.path}?{query}",
            timezone.localdate().isoformat(),
        ]
    )
    return scope.organisation_id, hashlib.sha256(identity.encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if not getattr(response, "keep_for_handler", False) or response.status_code != 200 or response.cookies:
        return False
    if {name.lower() for name in response.headers} != {"content-type"}:
        return False
    if response["Content-Type"] != f"text/html; charset={settings.DEFAULT_CHARSET}":
        return False
    if request.session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and (messages.used or getattr(messages, "_queued_messages", None)))
