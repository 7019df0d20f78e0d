"""The site-wide search's provider for learning summaries (portal.search.SEARCH_PROVIDERS).

They are few (tens a year): their vector is computed on the fly, without an index, as the
links' are.
"""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.utils.translation import gettext as _

from deviations.models import LearningSummary
from samhandling import search
from samhandling.search import SEARCH_CONFIG, Hit, Query


def site_search(query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    items = search.ranked(
        LearningSummary.objects.published().annotate(search_vector=vector),
        parsed,
        title_fields=["title"],
        then=["-published_at"],
        candidates=search.CANDIDATES,
    ).annotate(headline=search.headline(search.text_of("body"), parsed))[:limit]
    return [
        search.hit(
            "learning",
            _("Læring fra avvik"),
            item.title,
            item.get_absolute_url(),
            search.highlight(item.headline),
            item.rank,
            when=item.published_at,
        )
        for item in items
    ]
