"""Site-wide search (/sok/): a registry of providers, one per kind of content.

A provider is a samhandling.search.Provider, callable as

    site_search(query: str | samhandling.search.Query, user, limit: int = 10) -> list[Hit]

returning at most `limit` hits the user may see, best first (samhandling.search.Hit: kind,
kind_label, title, url, snippet, rank, optionally date), never raising on odd input. It
wraps a function (parsed query, user) -> [samhandling.search.Candidates]: per kind, the ranked
rows the user may see, not yet read. Every provider reads, matches, ranks and highlights
through samhandling.search, so a query means the same everywhere and every snippet is
escaped text with <mark> around the matches.

SEARCH_PROVIDERS lists the providers by dotted path, in the order their groups are shown;
the query is parsed (stemmed) once, and every provider's kinds are read in one UNION ALL
statement (samhandling.search.fetch): /sok/ costs two queries however many kinds there are.
"""

from typing import Any, TypedDict

from django.contrib.postgres.search import SearchVector
from django.db.models import Model, QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from portal.models import Event, Link, NewsItem, Page
from samhandling import search
from samhandling.search import MAX_QUERY_LENGTH, SEARCH_CONFIG, Candidates, Hit, Provider, Query

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


def _published(model: type[Model], query: Query, snippet_fields: list[str], date_field: str) -> Any:
    """Published items of a model with a stored search_vector, best match first, newest first among equals."""
    return search.ranked(
        model.objects.published(),  # type: ignore[attr-defined]
        query,
        title_fields=["title"],
        then=[f"-{date_field}"],
        candidates=search.CANDIDATES,
    ).annotate(headline=search.headline(search.text_of(*snippet_fields), query))


def _titled(model: type[NewsItem] | type[Event] | type[Page]) -> Any:
    """(title, url) of a row of model from its title and slug."""
    return lambda values: (values["title"], model(slug=values["slug"]).get_absolute_url())


_TITLE_AND_SLUG = {"title": "title", "slug": "slug"}


def _news(query: Query, user: Any) -> list[Candidates]:
    if not query.has_full_text:
        return []
    rows = _published(NewsItem, query, ["lead", "body_text"], "publish_at")
    return [Candidates("news", _("Nyheter"), rows, _TITLE_AND_SLUG, _titled(NewsItem), when="publish_at")]


def _events(query: Query, user: Any) -> list[Candidates]:
    if not query.has_full_text:
        return []
    rows = _published(Event, query, ["description_text", "location"], "starts_at")
    return [Candidates("event", _("Arrangementer"), rows, _TITLE_AND_SLUG, _titled(Event), when="starts_at")]


def _pages(query: Query, user: Any) -> list[Candidates]:
    """The editors' published pages (Om helsefellesskapet, For fastleger, ...)."""
    if not query.has_full_text:
        return []
    rows = _published(Page, query, ["lead", "body_text"], "publish_at")
    return [Candidates("page", _("Sider"), rows, _TITLE_AND_SLUG, _titled(Page))]


def _links(query: Query, user: Any) -> list[Candidates]:
    """Links are few (tens): their vector is computed on the fly, without an index."""
    if not query.has_full_text:
        return []
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "description", weight="B", config=SEARCH_CONFIG
    )
    rows: QuerySet[Any] = search.ranked(
        Link.objects.annotate(search_vector=vector),
        query,
        title_fields=["title"],
        then=["sort_key"],
        candidates=search.CANDIDATES,
    ).annotate(headline=search.headline(search.text_of("description", "url"), query))
    values = {"title": "title", "url": "url"}
    return [Candidates("link", _("Lenker"), rows, values, lambda row: (row["title"], row["url"]))]


news = Provider(_news)
events = Provider(_events)
pages = Provider(_pages)
links = Provider(_links)


def providers() -> list[Provider]:
    return [import_string(path) for path in SEARCH_PROVIDERS]


def search_everything(query: str, user: Any, limit: int = 10) -> list[Group]:
    """Every provider's best `limit` hits, read in one statement (plus the stems); returns groups
    [{"kind", "label", "results"}] in provider order."""
    parsed = search.parse(query)
    if not parsed:
        return []
    found = search.fetch([provider.candidates(parsed, user) for provider in providers()], limit)
    groups: dict[str, Group] = {}
    for hits in found:
        for hit in hits:
            group = groups.setdefault(hit["kind"], Group(kind=hit["kind"], label=hit["kind_label"], results=[]))
            group["results"].append(hit)
    for group in groups.values():
        group["results"].sort(key=lambda hit: hit["rank"], reverse=True)
    return list(groups.values())
