"""Agreements' providers for the site-wide search (/sok/): agreements and routines; the action plan,
its measures, the patient pathways and the projects.

Matching, ranking and highlighting are samhandling.search's, on the stored tsvectors
(identifier and title weighted A, the plain-text copy of the rich text B).
"""

from typing import Any

from django.urls import reverse
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


def _kind(queryset: SearchableQuerySet, text_field: str, query: search.Query, kind: str) -> search.Candidates:
    label = str(capfirst(queryset.model._meta.verbose_name_plural))
    best = search.ranked(queryset, query, title_fields=queryset.title_fields, candidates=search.CANDIDATES)
    rows = best.annotate(headline=search.headline(text_field, query))
    model = queryset.model
    if kind == "agreement":
        values = {"identifier": "identifier", "title": "title", "slug": "slug"}
        return search.Candidates(
            kind,
            label,
            rows,
            values,
            lambda v: (f"{v['identifier']}: {v['title']}", model(slug=v["slug"]).get_absolute_url()),
        )
    values = {"title": "title", "slug": "slug"}
    return search.Candidates(
        kind, label, rows, values, lambda v: (v["title"], model(slug=v["slug"]).get_absolute_url())
    )


def _site_candidates(query: search.Query, user: Any) -> list[search.Candidates]:
    """Agreements and routines matching query that user may see. Readers never get drafts;
    archived routines are left out for everyone."""
    if not query.has_full_text:
        return []
    routines = Routine.objects.visible_to(user).exclude(status=Routine.Status.ARCHIVED)
    return [
        _kind(Agreement.objects.all(), "summary_text", query, "agreement"),
        _kind(routines, "body_text", query, "routine"),
    ]


# Agreements and routines, best first: one query, plus the stems when given a string and the
# user's groups when not yet loaded.
site_search = search.Provider(_site_candidates)


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
        return Measure.objects.visible_to(user)
    return model._default_manager.all()


def _work_hit(kind: str) -> Any:
    if kind == "measure":
        return lambda v: (v["title"], reverse("agreements:measure", args=[v["plan"], v["slug"]]))
    view = f"agreements:{kind}"
    return lambda v: (v["title"], reverse(view, args=[v["slug"]]))


def _work_candidates(query: search.Query, user: Any) -> list[search.Candidates]:
    """Plans, measures, pathways and projects matching query that user may see.

    Matched as the contacts are, with the folded text too: "forløp" is inside
    "Samhandlingsforløpet", where no full-text prefix reaches. Draft plans and their measures
    only for coordinators.
    """
    found = []
    for kind, model in _WORK_KINDS:
        rows = search.ranked(
            _work_rows(kind, model, user),
            query,
            title_fields=["title"],
            folded="search_text",
            candidates=search.CANDIDATES,
        ).annotate(headline=search.headline("search_document", query, min_words=8, max_words=25))
        values = {"title": "title", "slug": "slug"} | ({"plan": "theme__plan__slug"} if kind == "measure" else {})
        label = str(capfirst(model._meta.verbose_name_plural))
        found.append(search.Candidates(kind, label, rows, values, _work_hit(kind)))
    return found


# Plans, measures, pathways and projects, best first: one query, plus the stems when given a string.
work_search = search.Provider(_work_candidates)
