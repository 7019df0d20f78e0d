"""Contacts' provider for the site-wide search (/sok/): people, organisations, units, services and bodies.

Matching, ranking and highlighting are samhandling.search's, with the folded `search_text`
column for substring matches, as in the contact directory.
"""

from typing import Any

from django.utils.text import capfirst

from contacts.models import Body, Organisation, Person, Service, Unit
from samhandling import search


def _named(model: Any) -> Any:
    """(title, url) of a person (by number), or of an organisation, service or body (by slug)."""
    if model is Person:
        return lambda values: (values["name"], model(pk=values["pk"]).get_absolute_url())
    return lambda values: (values["name"], model(slug=values["slug"]).get_absolute_url())


def _unit(values: dict[str, Any]) -> tuple[str, str]:
    """A unit is named with its organisation ('Tildelingskontoret, Porsgrunn kommune'): many share a name."""
    return f"{values['name']}, {values['organisation']}", Unit(slug=values["slug"]).get_absolute_url()


# (kind, model, the values its hit is made from)
_KINDS: tuple[tuple[str, Any, dict[str, str]], ...] = (
    ("person", Person, {"name": "name", "pk": "pk"}),
    ("organisation", Organisation, {"name": "name", "slug": "slug"}),
    ("unit", Unit, {"name": "name", "slug": "slug", "organisation": "organisation__name"}),
    ("service", Service, {"name": "name", "slug": "slug"}),
    ("body", Body, {"name": "name", "slug": "slug"}),
)


def _candidates(query: search.Query, user: Any) -> list[search.Candidates]:
    """People, organisations, units, services and bodies for `query`. Contacts are public, so
    `user` narrows nothing; the best of all kinds together, ties in Norwegian name order."""
    found = []
    for kind, model, values in _KINDS:
        rows = search.ranked(
            model.objects.all(),
            query,
            title_fields=["name"],
            folded="search_text",
            then=["sort_key"],
            candidates=search.CANDIDATES,
        ).annotate(headline=search.headline("search_document", query, min_words=8, max_words=25))
        label = str(capfirst(model._meta.verbose_name_plural))
        make = _unit if model is Unit else _named(model)
        found.append(search.Candidates(kind, label, rows, values, make, tiebreak="sort_key"))
    return found


# The best `limit` people, organisations, units, services and bodies for a query, best first.
site_search = search.Provider(_candidates)


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


def units_matching(text: "str | search.Query", limit: int = 10) -> list[Unit]:
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
