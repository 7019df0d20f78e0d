"""Whole reader pages for anonymous readers, kept in PostgreSQL and stale at once when what they show changes.

Most of a reader page's time is rendering its templates, not its queries, so the whole
HTML is kept: `@reader_page("q", "side")` on a view serves a kept copy with one query.

Only what is the same for every reader is kept or served:

- GET, answered 200 with HTML, by a view that set no header but Content-Type;
- to a request without a session cookie (so never a logged-in user) and without a messages
  cookie (so never a page showing "Takk for tilbakemeldingen!"), whose query parameters are
  all among those the view names (anything else is served fresh and not kept);
- and only if rendering it set no cookie: a page that used a CSRF token (the cookie must
  be set with it), changed the session or showed a message is served but not kept. The
  feedback widget on every page therefore carries no token (portal.views.page_feedback
  checks the request's origin instead).

Staleness. The key includes the scheme and host, the language and the query; the entry holds the
generation (samhandling.models.ReaderCacheGeneration) it was rendered at, read before
rendering. Every save, delete or many-to-many change of a model readers may see (every model
outside IGNORED_APPS and IGNORED_MODELS, so a new app's models count without anyone
remembering) adds one to the generation in the changing transaction: at its commit every
kept page is stale, on every app node, as they share the database. A page rendered from the
old data while the change commits was stamped with the old generation and is never served.
Time changes pages too: entries never outlive the generation's `next_change`, the earliest
of the time boundaries apps register (`add_time_boundary`: a scheduled news item appears, an
event ends) and the next local midnight (versions in force, review dates, "today"), and
never MAX_SECONDS, which also bounds what a signal-less QuerySet.update() leaves stale and
the deviation count on an agreement page (deviations are not watched: a report every few
seconds would empty the cache for everyone).

Cost: a hit is one statement (the generation and the page together); a miss adds one write,
and once per generation and time boundary the boundaries' queries. Settings: READER_CACHE
(on unless READER_CACHE=0; the test suite turns it off except where a test asks for it).
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
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation

MAX_SECONDS = 300
# Longer query strings (pasted text, probes) are served fresh: they would only fill the table.
MAX_QUERY_LENGTH = 200
# About one write in this many also deletes the expired and stale pages.
SWEEP_ONE_IN = 200
HIT_HEADER = "X-Reader-Cache"

# Models no reader page shows; their writes are frequent (logins, sessions, reports and the
# task queued for each, the audit trail and outbox, rate counters, this cache's own tables,
# the migration recorder).
IGNORED_APPS = frozenset(
    {
        "admin",
        "auth",
        "axes",
        "contenttypes",
        "deviations",
        "django_tasks_database",
        "migrations",
        "samhandling",
        "sessions",
    }
)
IGNORED_MODELS = frozenset({"contacts.user", "portal.pagefeedback"})

TimeBoundary = Callable[[], datetime.datetime | None]
_time_boundaries: list[TimeBoundary] = []

BUMP = """
INSERT INTO samhandling_readercachegeneration (id, value, next_change) VALUES (1, 1, NULL)
ON CONFLICT (id) DO UPDATE SET value = samhandling_readercachegeneration.value + 1, next_change = NULL
"""
LOOKUP = """
SELECT g.value, g.next_change, p.content_type, p.content
FROM samhandling_readercachegeneration g
LEFT JOIN samhandling_readercachepage p ON p.key = %s AND p.generation = g.value AND p.expires_at > %s
WHERE g.id = 1
"""
RECREATE = "INSERT INTO samhandling_readercachegeneration (id, value) VALUES (1, 1) ON CONFLICT DO NOTHING"
# Never blocks a reader behind an editor's open transaction (which holds the row): skipped then.
SET_NEXT_CHANGE = """
UPDATE samhandling_readercachegeneration SET next_change = %s
WHERE id = (SELECT id FROM samhandling_readercachegeneration WHERE id = 1 AND value = %s FOR UPDATE SKIP LOCKED)
"""
STORE = """
INSERT INTO samhandling_readercachepage (key, generation, expires_at, content_type, content)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, expires_at = EXCLUDED.expires_at,
    content_type = EXCLUDED.content_type, content = EXCLUDED.content
WHERE samhandling_readercachepage.generation <= EXCLUDED.generation
"""
SWEEP = "DELETE FROM samhandling_readercachepage WHERE expires_at <= %s OR generation < %s"


def add_time_boundary(boundary: TimeBoundary) -> None:
    """Registers a function giving the next moment time alone changes a reader page (or None)."""
    if boundary not in _time_boundaries:
        _time_boundaries.append(boundary)


def invalidate(using: str = DEFAULT_DB_ALIAS) -> None:
    """Makes every kept page stale when the current transaction commits."""
    with connections[using].cursor() as cursor:
        cursor.execute(BUMP)


def model_changed(sender: type[Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_save, post_delete and m2m_changed of every model (connected in SamhandlingConfig.ready)."""
    # Migrations' historical models: the cache's tables may not exist yet, and no page is served.
    if sender.__module__ == "__fake__":
        return
    if kwargs.get("action", "post") not in ("post", "post_add", "post_remove", "post_clear"):
        return
    meta = sender._meta
    if meta.app_label in IGNORED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    invalidate(using)


def reader_page(*parameters: str) -> Callable:
    """Keeps the view's page for anonymous readers; `parameters` are the query parameters it reads."""
    allowed = frozenset(parameters)

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            key = _key(request, allowed)
            if key is None:
                return view(request, *args, **kwargs)
            now = timezone.now()
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.execute(LOOKUP, [key, now])
                row = cursor.fetchone()
                if row is None:  # the migration's row was flushed (tests that empty the database)
                    cursor.execute(RECREATE)
                    cursor.execute(LOOKUP, [key, now])
                    row = cursor.fetchone()
            generation, next_change, content_type, content = row
            if content is not None:
                kept = HttpResponse(bytes(content), content_type=content_type)
                kept[HIT_HEADER] = "hit"
                return kept
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponse) and _keepable(request, response):
                expires = min(now + datetime.timedelta(seconds=MAX_SECONDS), _next_change(generation, next_change, now))
                _store(key, generation, expires, response, now)
            return response

        return wrapped

    return decorator


def _key(request: HttpRequest, allowed: frozenset[str]) -> str | None:
    if not settings.READER_CACHE or request.method != "GET":
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES:
        return None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH or not set(request.GET) <= allowed:
        return None
    query = urlencode(sorted((name, value) for name, values in request.GET.lists() for value in values))
    identity = f"{request.scheme}://{request.get_host()}\n{translation.get_language()}\n{request.path}\n{query}"
    return hashlib.sha256(identity.encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.cookies:
        return False
    if not getattr(response, "is_rendered", True):
        return False
    if {name.lower() for name in response.headers} != {"content-type"}:
        return False
    if not response["Content-Type"].startswith("text/html"):
        return False
    # The CSRF middleware sets its cookie after the view whenever the page used a token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and (messages.used or getattr(messages, "_queued_messages", None)))


def _next_change(generation: int, stored: datetime.datetime | None, now: datetime.datetime) -> datetime.datetime:
    if stored is not None and stored > now:
        return stored
    local = timezone.localtime(now)
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time.min)
    candidates = [timezone.make_aware(midnight)]
    candidates += [moment for moment in (boundary() for boundary in _time_boundaries) if moment and moment > now]
    next_change = min(candidates)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(SET_NEXT_CHANGE, [next_change, generation])
    return next_change


def _store(
    key: str, generation: int, expires: datetime.datetime, response: HttpResponse, now: datetime.datetime
) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(STORE, [key, generation, expires, response["Content-Type"], response.content])
        if random.randrange(SWEEP_ONE_IN) == 0:
            cursor.execute(SWEEP, [now, generation])
