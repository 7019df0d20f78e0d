"""Site-wide search: a registry of providers, one per app.

The provider contract: a function

    site_search(query: str, user, limit: int = 10) -> list[dict]

returning at most `limit` results, best first, each a dict with
    "kind"        a stable code ("news", "event", "routine", ...), used for grouping,
    "kind_label"  the group's heading for users, translated ("Nyheter"),
    "title"       plain text,
    "url"         where the result lives,
    "snippet"     safe HTML: escaped text with the matched words in <mark> (see `headline`),
    "rank"        a float, higher is better, comparable within one kind,
and optionally "date" (shown beside the title). It returns only what `user` may see, and never raises on odd input.

SEARCH_PROVIDERS lists the providers by dotted path, in the order their groups are shown.
The apps each add their own `<app>.search.site_search`.

Matching: PostgreSQL full-text search in the `norwegian` configuration, on a stored
tsvector for news and events (a GeneratedField with a GIN index: title weighted A, the
rest B, so title matches rank first). The query is every word typed, all required, each
as a prefix of a stemmed word (Norwegian compounds: "avvik" finds "avviksmelding"). Each
word is also stemmed twice, because Snowball stems an inflected form one step short of
its base form's stem ("utskrivningsklare" -> "utskrivningsklar", but "utskrivningsklar" ->
"utskrivningskl"); the stem's stem is the shorter one, whose prefix covers both.
"""

import functools
import operator
import re
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import F, TextField, Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SEARCH_PROVIDERS = [
    "portal.search.news",
    "portal.search.events",
    "portal.search.links",
    "contacts.search.site_search",
    "agreements.search.site_search",
]

CONFIG = "norwegian"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_TERM = re.compile(r"\w+")
# Markers that cannot occur in text, put around matches by ts_headline and turned into
# <mark> only after the text around them is escaped.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS: dict[str, Any] = {
    "start_sel": _START,
    "stop_sel": _STOP,
    "max_words": 30,
    "min_words": 12,
    "max_fragments": 2,
}


def terms(query: str) -> list[str]:
    """The words of a query, lower-cased; tsquery syntax cannot get through."""
    return _TERM.findall((query or "")[:MAX_QUERY_LENGTH].lower())[:MAX_TERMS]


def _word_query(word: str) -> SearchQuery:
    once = SearchQuery(f"{word}:*", config=CONFIG, search_type="raw")
    # Stemming the stem may give a stopword ("demens" -> "dem"): the OR keeps the first stem then.
    twice = SearchQuery(Cast(once, TextField()), config=CONFIG, search_type="raw")
    return once | twice


def search_query(query: str) -> SearchQuery | None:
    """Every word required, each a prefix of its stem or of its stem's stem. None if no words."""
    words = terms(query)
    if not words:
        return None
    return functools.reduce(operator.and_, (_word_query(word) for word in words))


def headline(expression, tsquery) -> SearchHeadline:
    return SearchHeadline(expression, tsquery, config=CONFIG, **_HEADLINE_OPTIONS)


def snippet(text: str) -> str:
    """A ts_headline result as safe HTML."""
    marked = escape(text or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # escaped above; only our <mark> tags added


def _text(*fields):
    """Fields joined with spaces, for ts_headline."""
    parts = [part for field in fields for part in (Value(" "), F(field))][1:]
    return Concat(*parts, output_field=TextField()) if len(parts) > 1 else F(fields[0])


def result(kind, kind_label, title, url, snippet_html, rank, **extra) -> dict:
    return {
        "kind": kind,
        "kind_label": kind_label,
        "title": title,
        "url": url,
        "snippet": snippet_html,
        "rank": rank,
        **extra,
    }


def _published_matches(model, query, snippet_fields, date_field, limit):
    """Published items of a model with a stored search_vector, best match first."""
    tsquery = search_query(query)
    if tsquery is None:
        return []
    return (
        model.objects.published()
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery), headline=headline(_text(*snippet_fields), tsquery))
        .only("title", "slug", date_field)
        .order_by("-rank", f"-{date_field}")[:limit]
    )


def news(query: str, user, limit: int = 10) -> list[dict]:
    from portal.models import NewsItem

    items = _published_matches(NewsItem, query, ["lead", "body_text"], "publish_at", limit)
    return [
        result(
            "news",
            _("Nyheter"),
            item.title,
            item.get_absolute_url(),
            snippet(item.headline),
            item.rank,
            date=item.publish_at,
        )
        for item in items
    ]


def events(query: str, user, limit: int = 10) -> list[dict]:
    from portal.models import Event

    items = _published_matches(Event, query, ["description_text", "location"], "starts_at", limit)
    return [
        result(
            "event",
            _("Arrangementer"),
            item.title,
            item.get_absolute_url(),
            snippet(item.headline),
            item.rank,
            date=item.starts_at,
        )
        for item in items
    ]


def links(query: str, user, limit: int = 10) -> list[dict]:
    """Links are few (tens): their vector is computed on the fly, without an index."""
    from portal.models import Link

    tsquery = search_query(query)
    if tsquery is None:
        return []
    vector = SearchVector("title", weight="A", config=CONFIG) + SearchVector("description", weight="B", config=CONFIG)
    items = (
        Link.objects.annotate(document=vector)
        .filter(document=tsquery)
        .annotate(rank=SearchRank(vector, tsquery), headline=headline(_text("description", "url"), tsquery))
        .order_by("-rank", "sort_key")[:limit]
    )
    return [result("link", _("Lenker"), item.title, item.url, snippet(item.headline), item.rank) for item in items]


def _url_or(obj, fallback: str) -> str:
    # The contacts pages come with the contacts issue; until then use the URL of DESIGN.md.
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return fallback


def providers():
    return [import_string(path) for path in SEARCH_PROVIDERS]


def search_everything(query: str, user, limit: int = 10) -> list[dict]:
    """Runs every provider; returns groups [{"kind", "label", "results"}] in provider order."""
    if not terms(query):
        return []
    groups: dict[str, dict] = {}
    for provider in providers():
        for result in provider(query, user, limit=limit):
            group = groups.setdefault(
                result["kind"], {"kind": result["kind"], "label": result["kind_label"], "results": []}
            )
            group["results"].append(result)
    for group in groups.values():
        group["results"].sort(key=lambda result: result["rank"], reverse=True)
    return list(groups.values())
