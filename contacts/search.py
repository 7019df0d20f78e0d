"""Contacts' part of the site-wide search (/sok/, built in the portal app).

`site_search()` finds people, organisations and bodies with the same matching as the
contact directory (contacts.matching), ranks them, and returns plain dicts the portal can
merge with its own hits.
"""

from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from contacts.matching import SEARCH_CONFIG, matches, prefix_query, search_terms
from contacts.models import Body, Organisation, Person

# Private-use characters mark the highlights inside ts_headline's output, so that the text
# itself can be escaped before they become <mark> tags: nothing typed into a name or a
# mandate reaches the page as HTML.
_START, _STOP = "\ue000", "\ue001"

_KINDS = (("person", Person), ("organisation", Organisation), ("body", Body))


def _highlighted(headline: str) -> str:
    return mark_safe(escape(headline).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def site_search(query: str, user, limit: int = 10) -> list[dict]:
    """The best `limit` people, organisations and bodies for `query`, best first.

    Each hit is {"kind", "kind_label", "title", "url", "snippet", "rank"}: `snippet` is safe
    HTML from PostgreSQL's ts_headline (norwegian configuration) with <mark> around the
    matched words; `rank` is ts_rank (0 to 1) plus 1 when the title (the name) itself
    matches, so title matches come first. Contacts are public, so `user` does not narrow
    anything; it is taken for the portal's common signature. Four queries: the stems, then
    one per kind.
    """
    terms = search_terms(query)
    if not terms or limit <= 0:
        return []
    tsquery = prefix_query(terms)
    condition = matches(terms)
    title_matches = Q(name_vector=tsquery) | Q(*(Q(name__icontains=term) for term in terms))
    hits = []
    for kind, model in _KINDS:
        rows = (
            model.objects.filter(condition)
            .annotate(
                name_vector=SearchVector("name", config=SEARCH_CONFIG),
                rank=SearchRank(F("search_vector"), tsquery, normalization=32),
                headline=SearchHeadline(
                    "search_document",
                    tsquery,
                    config=SEARCH_CONFIG,
                    start_sel=_START,
                    stop_sel=_STOP,
                    min_words=8,
                    max_words=25,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .annotate(
                title_hit=Case(When(title_matches, then=Value(True)), default=Value(False), output_field=BooleanField())
            )
            .defer("search_document", "search_text")
            .order_by("-title_hit", "-rank", "sort_key")[:limit]
        )
        label = str(capfirst(model._meta.verbose_name_plural))
        hits += [
            {
                "kind": kind,
                "kind_label": label,
                "title": row.name,
                "url": row.get_absolute_url(),
                "snippet": _highlighted(row.headline),
                "rank": float(row.rank) + (1.0 if row.title_hit else 0.0),
                "_sort_key": row.sort_key,
            }
            for row in rows
        ]
    hits.sort(key=lambda hit: (-hit["rank"], hit["_sort_key"]))
    for hit in hits:
        del hit["_sort_key"]
    return hits[:limit]
