"""The front page's content, cached.

The header shows who is logged in, so whole pages are never cached: only the lists the
front page shows (latest news, upcoming events), the same for everyone. The entry is
dropped whenever a news item or event is saved (publish, unpublish, edit) or deleted
(`invalidate_on_change`, connected in PortalConfig.ready), and it expires
by itself when a scheduled item's time comes or a shown event ends, at most after
MAX_SECONDS.
"""

import datetime
import math
from typing import Any

from django.core.cache import cache
from django.db.models import Model
from django.utils import timezone

from portal.models import Event, NewsItem

CACHE_KEY = "portal:front-page:v1"
MAX_SECONDS = 300
NEWS_COUNT = 5
EVENT_COUNT = 4


def invalidate() -> None:
    cache.delete(CACHE_KEY)


def invalidate_on_change(sender: type[Model], **kwargs: Any) -> None:
    """post_save and post_delete of NewsItem and Event: the lists may have changed."""
    invalidate()


def content() -> dict[str, Any]:
    """{"news": [...], "events": [...]}: one cache read when warm, five queries when cold."""
    cached = cache.get(CACHE_KEY)
    if cached is not None:
        return cached
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
