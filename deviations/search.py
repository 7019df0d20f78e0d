"""The site-wide search's provider for learning summaries (portal.search.SEARCH_PROVIDERS).

They are few (tens a year): their vector is computed on the fly, without an index, as the
links' are.
"""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.utils.translation import gettext as _

from deviations.models import LearningSummary
from samhandling import search
from samhandling.search import SEARCH_CONFIG, Query


def _candidates(query: Query, user: Any) -> list[search.Candidates]:
    if not query.has_full_text:
        return []
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    rows = search.ranked(
        LearningSummary.objects.published().annotate(search_vector=vector),
        query,
        title_fields=["title"],
        then=["-published_at"],
        candidates=search.CANDIDATES,
    ).annotate(headline=search.headline(search.text_of("body"), query))
    values = {"title": "title", "pk": "pk"}
    return [
        search.Candidates(
            "learning",
            _("Læring fra avvik"),
            rows,
            values,
            lambda v: (v["title"], LearningSummary(pk=v["pk"]).get_absolute_url()),
            when="published_at",
        )
    ]


site_search = search.Provider(_candidates)
