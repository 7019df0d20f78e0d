"""Site-wide search (/sok/): a registry of providers, one per kind of content.

A provider is a function

    site_search(query: str | samhandling.search.Query, user, limit: int = 10) -> list[Hit]

returning at most `limit` hits the user may see, best first (samhandling.search.Hit: kind,
kind_label, title, url, snippet, rank, optionally date), never raising on odd input. Every
provider reads, matches, ranks and highlights through samhandling.search, so a query means
the same everywhere and every snippet is escaped text with <mark> around the matches.

SEARCH_PROVIDERS lists the providers by dotted path, in the order their groups are shown;
the query is parsed (stemmed) once and handed to each of them.
"""

from typing import Any, TypedDict

from django.contrib.postgres.search import SearchVector
from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.models import Event, Link, NewsItem, Page
from samhandling import search
from samhandling.search import MAX_QUERY_LENGTH, SEARCH_CONFIG, Hit, Provider, Query

SEARCH_PROVIDERS = [
    "portal.search.news",
    "portal.search.events",
    "portal.search.links",
    "portal.search.pages",
    "contacts.search.site_search",
    "agreements.search.site_search",
    "agreements.search.work_search",
    "deviations.search.site_search",
]

__all__ = ["MAX_QUERY_LENGTH", "SEARCH_PROVIDERS", "news", "events", "links", "pages", "search_everything", "terms"]


class Group(TypedDict):
    kind: str
    label: str
    results: list[Hit]


def terms(query: str) -> list[str]:
    """The words the engine would search for; none means nothing was searched."""
    return search.words(query)


def _published_matches(model: type[Model], query: Query, snippet_fields: list[str], date_field: str, limit: int) -> Any:
    """Published items of a model with a stored search_vector, best match first, newest first among equals."""
    return (
        search.ranked(
            model.objects.published(),  # type: ignore[attr-defined]
            query,
            title_fields=["title"],
            then=[f"-{date_field}"],
            candidates=search.CANDIDATES,
        )
        .annotate(headline=search.headline(search.text_of(*snippet_fields), query))
        .only("title", "slug", date_field)[:limit]
    )


def news(query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    items = _published_matches(NewsItem, parsed, ["lead", "body_text"], "publish_at", limit)
    return [
        search.hit(
            "news",
            _("Nyheter"),
            item.title,
            item.get_absolute_url(),
            search.highlight(item.headline),
            item.rank,
            when=item.publish_at,
        )
        for item in items
    ]


def events(query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    items = _published_matches(Event, parsed, ["description_text", "location"], "starts_at", limit)
    return [
        search.hit(
            "event",
            _("Arrangementer"),
            item.title,
            item.get_absolute_url(),
            search.highlight(item.headline),
            item.rank,
            when=item.starts_at,
        )
        for item in items
    ]


def pages(query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
    """The editors' published pages (Om helsefellesskapet, For fastleger, ...)."""
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    items = _published_matches(Page, parsed, ["lead", "body_text"], "publish_at", limit)
    return [
        search.hit("page", _("Sider"), item.title, item.get_absolute_url(), search.highlight(item.headline), item.rank)
        for item in items
    ]


def links(query: "str | Query", user: Any, limit: int = 10) -> list[Hit]:
    """Links are few (tens): their vector is computed on the fly, without an index."""
    parsed = search.parse(query)
    if not parsed.has_full_text or limit <= 0:
        return []
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )
    items: QuerySet[Any] = search.ranked(
        Link.objects.annotate(search_vector=vector),
        parsed,
        title_fields=["title"],
        then=["sort_key"],
        candidates=search.CANDIDATES,
    ).annotate(headline=search.headline(search.text_of("description", "url"), parsed))[:limit]
    return [
        search.hit("link", _("Lenker"), item.title, item.url, search.highlight(item.headline), item.rank)
        for item in items
    ]


def providers() -> list[Provider]:
    return [import_string(path) for path in SEARCH_PROVIDERS]


def search_everything(query: str, user: Any, limit: int = 10) -> list[Group]:
    """Runs every provider; returns groups [{"kind", "label", "results"}] in provider order."""
    parsed = search.parse(query)
    if not parsed:
        return []
    groups: dict[str, Group] = {}
    for provider in providers():
        for hit in provider(parsed, user, limit=limit):
            group = groups.setdefault(hit["kind"], Group(kind=hit["kind"], label=hit["kind_label"], results=[]))
            group["results"].append(hit)
    for group in groups.values():
        group["results"].sort(key=lambda hit: hit["rank"], reverse=True)
    return list(groups.values())
