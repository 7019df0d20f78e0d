"""The front page's content, cached.

The header shows who is logged in and every page carries the feedback widget's CSRF
token, so whole pages are never cached: only what the front page shows the same to
everyone, as two entries read with one query (`cache.get_many`):

- the lists (latest news, upcoming events), dropped whenever a news item or event is
  saved (publish, unpublish, edit) or deleted (`invalidate_on_change`), and expiring by
  themselves when a scheduled item's time comes or a shown event ends, at most after
  MAX_SECONDS;
- the coordinator block as rendered HTML (no form, no token: the same bytes for every
  reader), at most COORDINATOR_REGIONS regions with a link to the directory for the rest,
  dropped whenever a region, organisation, person or role is saved or deleted
  (`invalidate_coordinators`), and at most MAX_SECONDS old after a bulk update that sends
  no signal.

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
from portal.models import Event, NewsItem

CACHE_KEY = "portal:front-page:v1"
COORDINATORS_KEY = "portal:front-page:coordinators:v1"
MAX_SECONDS = 300
NEWS_COUNT = 5
EVENT_COUNT = 4
# A partnership has a handful of regions; the whole country has 70, which made the page 90 KB.
COORDINATOR_REGIONS = 12


def invalidate() -> None:
    cache.delete(CACHE_KEY)


def invalidate_on_change(sender: type[Model], **kwargs: Any) -> None:
    """post_save and post_delete of NewsItem and Event: the lists may have changed."""
    invalidate()


def _coordinators_key() -> str:
    return f"{COORDINATORS_KEY}:{translation.get_language()}"


def invalidate_coordinators(sender: type[Model], **kwargs: Any) -> None:
    """post_save and post_delete of Region, Organisation, Person and Role: the block may have changed."""
    cache.delete_many([f"{COORDINATORS_KEY}:{code}" for code, _name in settings.LANGUAGES])


def content() -> dict[str, Any]:
    """{"news", "events", "coordinators"}: one cache read when warm."""
    found = cache.get_many([CACHE_KEY, _coordinators_key()])
    lists = found.get(CACHE_KEY)
    if lists is None:
        lists = _lists()
    coordinators = found.get(_coordinators_key())
    if coordinators is None:
        coordinators = _coordinators()
    return {**lists, "coordinators": mark_safe(coordinators)}  # rendered by our own template


def _coordinators() -> SafeString:
    """The coordinator block as HTML, cached: two queries when cold."""
    regions = region_coordinators()
    html = render_to_string(
        "portal/includes/front_page_coordinators.html",
        {
            "region_coordinators": regions[:COORDINATOR_REGIONS],
            "more_regions": max(len(regions) - COORDINATOR_REGIONS, 0),
        },
    )
    cache.set(_coordinators_key(), str(html), MAX_SECONDS)
    return html


def _lists() -> dict[str, Any]:
    now = timezone.now()
    news = list(
        NewsItem.objects.published()
        .for_lists()
        .select_related("source_organisation")
        .order_by("-publish_at")[:NEWS_COUNT]
    )
    events = list(Event.objects.published().for_lists().upcoming()[:EVENT_COUNT])
    changes = [
        NewsItem.objects.next_publishing_time(),
        Event.objects.next_publishing_time(),
        *(event.ends_at for event in events),
    ]
    expires = min([change for change in changes if change] + [now + datetime.timedelta(seconds=MAX_SECONDS)])
    value = {"news": news, "events": events}
    # Rounded up: the database cache drops the fraction of a second, so the entry never outlives it.
    cache.set(CACHE_KEY, value, math.ceil((expires - now).total_seconds()) + 1)
    return value
