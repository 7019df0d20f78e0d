"""Agreements and routines in the portal's site-wide search (/sok/, built in the portal app)."""

from django.contrib.postgres.search import SearchHeadline
from django.utils.text import capfirst

from agreements.models import SEARCH_CONFIG, Agreement, Routine, search_query
from agreements.richtext import safe_snippet

HEADLINE_OPTIONS = {
    "config": SEARCH_CONFIG,
    "start_sel": "<mark>",
    "stop_sel": "</mark>",
    "max_words": 30,
    "min_words": 12,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


def _hits(queryset, text_field, query, kind, limit):
    label = capfirst(queryset.model._meta.verbose_name_plural)
    rows = queryset.search_with(query).annotate(headline=SearchHeadline(text_field, query, **HEADLINE_OPTIONS))[:limit]
    return [
        {
            "kind": kind,
            "kind_label": str(label),
            "title": str(row) if kind == "agreement" else row.title,
            "url": row.get_absolute_url(),
            # ts_headline works on plain text; everything in it but <mark> is escaped here.
            "snippet": safe_snippet(row.headline),
            "rank": float(row.rank),
        }
        for row in rows
    ]


def site_search(query: str, user, limit: int = 10) -> list[dict]:
    """Agreements and routines matching query that user may see, best first, at most limit.

    Full text in PostgreSQL's `norwegian` configuration ("utskrivningsklare" finds
    "utskrivningsklar"). rank is in [1, 2) for a title match and [0, 1) otherwise, so title
    matches come first here and when merged with the portal's other searches. Readers
    never get drafts; archived routines are left out for everyone. Three queries.
    """
    tsquery = search_query(query)
    if tsquery is None or limit <= 0:
        return []
    routines = Routine.objects.visible_to(user).exclude(status=Routine.Status.ARCHIVED)
    hits = _hits(Agreement.objects.all(), "summary_text", tsquery, "agreement", limit)
    hits += _hits(routines, "body_text", tsquery, "routine", limit)
    hits.sort(key=lambda hit: -hit["rank"])
    return hits[:limit]
