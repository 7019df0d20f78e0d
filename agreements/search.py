"""Agreements' provider for the site-wide search (/sok/): agreements and routines.

Matching, ranking and highlighting are samhandling.search's, on the stored tsvectors
(identifier and title weighted A, the plain-text copy of the rich text B).
"""

from typing import Any

from django.utils.text import capfirst

from agreements.models import Agreement, Routine, SearchableQuerySet
from samhandling import search


def _hits(
    queryset: SearchableQuerySet, text_field: str, query: search.Query, kind: str, limit: int
) -> list[search.Hit]:
    label = str(capfirst(queryset.model._meta.verbose_name_plural))
    shown = ("identifier", "title", "slug") if kind == "agreement" else ("title", "slug")
    best = search.ranked(queryset, query, title_fields=queryset.title_fields, candidates=search.CANDIDATES)
    rows = best.annotate(headline=search.headline(text_field, query)).only(*shown)[:limit]
    return [
        search.hit(
            kind,
            label,
            str(row) if kind == "agreement" else row.title,
            row.get_absolute_url(),
            search.highlight(row.headline),
            row.rank,
        )
        for row in rows
    ]


def site_search(query: "str | search.Query", user: Any, limit: int = 10) -> list[search.Hit]:
    """Agreements and routines matching query that user may see, best first, at most limit.

    Readers never get drafts; archived routines are left out for everyone. Two queries,
    plus the stems when given a string and the user's groups when not yet loaded.
    """
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    routines = Routine.objects.visible_to(user).exclude(status=Routine.Status.ARCHIVED)
    hits = _hits(Agreement.objects.all(), "summary_text", parsed, "agreement", limit)
    hits += _hits(routines, "body_text", parsed, "routine", limit)
    hits.sort(key=lambda hit: -hit["rank"])
    return hits[:limit]
