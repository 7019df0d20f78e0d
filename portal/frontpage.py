"""The front page's content, cached.

Anonymous readers get the whole page from samhandling.readercache; logged-in users (whose
header differs) and the reader cache's misses get the page rendered around what it shows
the same to everyone, kept here in one entry: the lists (latest news, upcoming events) and the coordinator block
as rendered HTML (no form, no token: the same bytes for every reader; at most
COORDINATOR_REGIONS regions, with a link to the directory for the rest).

The entry is dropped whenever a news item, event, region, organisation, person or role is
saved (publish, unpublish, edit) or deleted, or an editor's page is, (`invalidate_on_change`), and it expires by
itself when a scheduled item's time comes or a shown event ends, at most after MAX_SECONDS
(which also bounds what a bulk update, sending no signal, leaves stale).

The handlers are connected in PortalConfig.ready. The cache is the database cache
(settings.CACHES): one table every gunicorn worker reads, so a delete in one worker is
seen by all at once; a per-process cache would need a version read from the database on
every request, the same one query that reading the entry costs here.
"""

import datetime
import math
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from contacts.selectors import region_coordinators
from portal.models import Event, NewsItem, Page, Publishable

CACHE_KEY = "portal:front-page:v2"
MAX_SECONDS = 300
NEWS_COUNT = 5
EVENT_COUNT = 4
PAGE_COUNT = 8
# A partnership has a handful of regions; the whole country has 70, which made the page 90 KB.
COORDINATOR_REGIONS = 12


def invalidate() -> None:
    cache.delete_many([_key(code) for code, _name in settings.LANGUAGES])


def _key(language: str | None) -> str:
    # One entry per language, since the coordinator block is rendered text; the site's own
    # language keeps the plain key.
    if not language or language == settings.LANGUAGE_CODE:
        return CACHE_KEY
    return f"{CACHE_KEY}:{language}"


def invalidate_on_change(sender: type[Model], **kwargs: Any) -> None:
    """post_save and post_delete of NewsItem, Event, Region, Organisation, Person and Role."""
    invalidate()


def content() -> dict[str, Any]:
    """{"news", "events", "pages", "coordinators"}: one cache read when warm, seven queries and a write when cold."""
    cached = cache.get(_key(translation.get_language()))
    if cached is not None:
        return {**cached, "coordinators": mark_safe(cached["coordinators"])}  # our own template's output
    now = timezone.now()
    news = list(
        NewsItem.objects.published()
        .for_lists()
        .select_related("source_organisation")
        .order_by("-publish_at")[:NEWS_COUNT]
    )
    events = list(Event.objects.published().for_lists().upcoming()[:EVENT_COUNT])
    # The editors' pages marked "vis på forsiden" (a page's publish time is not waited for here:
    # pages are published now, and the entry is dropped when one is saved).
    pages = list(Page.objects.on_front_page().for_lists()[:PAGE_COUNT])
    changes = [_next_publishing_time(now), *(event.ends_at for event in events)]
    expires = min([change for change in changes if change] + [now + datetime.timedelta(seconds=MAX_SECONDS)])
    value: dict[str, Any] = {"news": news, "events": events, "pages": pages, "coordinators": str(_coordinators())}
    # Rounded up: the database cache drops the fraction of a second, so the entry never outlives it.
    cache.set(_key(translation.get_language()), value, math.ceil((expires - now).total_seconds()) + 1)
    return {**value, "coordinators": mark_safe(value["coordinators"])}  # our own template's output


def _next_publishing_time(now: datetime.datetime) -> datetime.datetime | None:
    """When the next scheduled news item or event appears, or None: one query for both."""
    scheduled = [
        model.objects.filter(status=Publishable.Status.PUBLISHED, publish_at__gt=now).values_list("publish_at")
        for model in (NewsItem, Event)
    ]
    first = scheduled[0].union(scheduled[1], all=True).order_by("publish_at")[:1]
    return next((moment for (moment,) in first), None)


def _coordinators() -> SafeString:
    """The coordinator block as HTML, in the active language: two queries."""
    regions = region_coordinators()
    context = {
        "region_coordinators": regions[:COORDINATOR_REGIONS],
        "more_regions": max(len(regions) - COORDINATOR_REGIONS, 0),
    }
    return render_to_string("portal/includes/front_page_coordinators.html", context)
