"""Contacts' provider for the site-wide search (/sok/): people, organisations, units, services and bodies.

Matching, ranking and highlighting are samhandling.search's, with the folded `search_text`
column for substring matches, as in the contact directory.
"""

from typing import Any

from django.utils.text import capfirst

from contacts.models import Body, Organisation, Person, Service, Unit
from samhandling import search

# (kind, model, what the title needs besides the row itself)
_KINDS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("person", Person, ()),
    ("organisation", Organisation, ()),
    ("unit", Unit, ("organisation",)),
    ("service", Service, ()),
    ("body", Body, ()),
)


def _title(row: Any) -> str:
    """A unit is named with its organisation ('Tildelingskontoret, Porsgrunn kommune'): many share a name."""
    return row.full_name if isinstance(row, Unit) else row.name


def site_search(query: "str | search.Query", user: Any, limit: int = 10) -> list[search.Hit]:
    """The best `limit` people, organisations, units, services and bodies for `query`, best first.

    Contacts are public, so `user` narrows nothing. One query per kind, plus the stems when
    given a string.
    """
    parsed = search.parse(query)
    if not parsed or limit <= 0:
        return []
    ranked: list[tuple[search.Hit, str]] = []
    for kind, model, related in _KINDS:
        candidates = model.objects.select_related(*related) if related else model.objects.all()
        rows = (
            search.ranked(
                candidates,
                parsed,
                title_fields=["name"],
                folded="search_text",
                then=["sort_key"],
                candidates=search.CANDIDATES,
            )
            .annotate(headline=search.headline("search_document", parsed, min_words=8, max_words=25))
            .defer("search_document", "search_text", "search_vector")[:limit]
        )
        label = str(capfirst(model._meta.verbose_name_plural))
        ranked += [
            (
                search.hit(kind, label, _title(row), row.get_absolute_url(), search.highlight(row.headline), row.rank),
                row.sort_key,
            )
            for row in rows
        ]
    ranked.sort(key=lambda pair: (-pair[0]["rank"], pair[1]))
    return [hit for hit, _sort_key in ranked[:limit]]


def organisations_matching(text: str, queryset: Any = None, limit: int = 10) -> list[Organisation]:
    """The best `limit` organisations of `queryset` for what someone typed into a picker, best first.

    The organisation picker (contacts.fields) and its JSON search share this, so the list a
    script offers and the candidates the server names are the same. Name matches come first,
    then by name in Norwegian order. Two queries (the stems, the rows); none for no words.
    """
    parsed = search.parse(text)
    if not parsed or limit <= 0:
        return []
    organisations = Organisation.objects.all() if queryset is None else queryset
    rows = search.ranked(organisations, parsed, title_fields=["name"], folded="search_text", then=["sort_key"])
    return list(rows.select_related("region").only("pk", "name", "slug", "sort_key", "kind", "region__name")[:limit])


def units_matching(text: str, limit: int = 10) -> list[Unit]:
    """The best `limit` units for what someone typed into the directory's search box, best first.

    Two queries (the stems, the rows); none for no words.
    """
    parsed = search.parse(text)
    if not parsed or limit <= 0:
        return []
    rows = search.ranked(
        Unit.objects.all(),
        parsed,
        title_fields=["name"],
        folded="search_text",
        then=["sort_key"],
        candidates=search.CANDIDATES,
    )
    return list(rows.select_related("organisation").defer("search_document", "search_text", "search_vector")[:limit])
