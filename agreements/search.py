"""Agreements' providers for the site-wide search (/sok/): agreements and routines; the action plan,
its measures, the patient pathways and the projects.

Matching, ranking and highlighting are samhandling.search's, on the stored tsvectors
(identifier and title weighted A, the plain-text copy of the rich text B).
"""

from typing import Any

from django.utils.text import capfirst

from agreements.models import (
    Agreement,
    Measure,
    Pathway,
    Plan,
    Project,
    Routine,
    SearchableQuerySet,
    WorkSearchable,
)
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


# The partnership's work, in the order its groups are shown.
_WORK_KINDS: tuple[tuple[str, type[WorkSearchable]], ...] = (
    ("plan", Plan),
    ("measure", Measure),
    ("pathway", Pathway),
    ("project", Project),
)


def _work_rows(kind: str, model: type[WorkSearchable], user: Any) -> Any:
    if kind == "plan":
        return Plan.objects.visible_to(user)
    if kind == "measure":
        return Measure.objects.visible_to(user).select_related("theme__plan")
    return model._default_manager.all()


def work_search(query: "str | search.Query", user: Any, limit: int = 10) -> list[search.Hit]:
    """Plans, measures, pathways and projects matching query that user may see, best first.

    Matched as the contacts are, with the folded text too: "forløp" is inside
    "Samhandlingsforløpet", where no full-text prefix reaches. One query per kind, plus the
    stems when given a string; draft plans and their measures only for coordinators.
    """
    parsed = search.parse(query)
    if not parsed or limit <= 0:
        return []
    hits: list[search.Hit] = []
    for kind, model in _WORK_KINDS:
        rows = (
            search.ranked(
                _work_rows(kind, model, user),
                parsed,
                title_fields=["title"],
                folded="search_text",
                candidates=search.CANDIDATES,
            )
            .annotate(headline=search.headline("search_document", parsed, min_words=8, max_words=25))
            .defer("search_document", "search_text", "search_vector")[:limit]
        )
        label = str(capfirst(model._meta.verbose_name_plural))
        hits += [
            search.hit(kind, label, row.title, row.get_absolute_url(), search.highlight(row.headline), row.rank)
            for row in rows
        ]
    hits.sort(key=lambda hit: -hit["rank"])
    return hits[:limit]
