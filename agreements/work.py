"""The partnership's own work as readers and coordinators see it: the action plan, pathways, projects.

Coordinators maintain it in the admin (as agreements and routines), and write a measure's
progress and status here too (measure_progress), admin account or not; the other views read. Every page costs a fixed number of queries whatever the number of rows: lists
are prefetched, and the lists that grow (a body's measures, the overdue ones) are bounded.
"""

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreements import services
from agreements.documents import pdf_response
from agreements.forms import ProgressForm
from agreements.models import (
    Agreement,
    Measure,
    Pathway,
    Plan,
    ProgressNote,
    Project,
    ProjectDocument,
    Routine,
    Theme,
)
from agreements.panels import project_sections
from contacts.models import Person
from samhandling import access
from samhandling.panels import render_panels
from samhandling.readercache import reader_page

# The coordinators' list of overdue measures shows this many, oldest deadline first.
OVERDUE_SHOWN = 100


def _routines_for(user) -> QuerySet[Routine]:
    """Routines a page may link: never a draft for readers, never an archived one."""
    return Routine.objects.visible_to(user).exclude(status=Routine.Status.ARCHIVED).only("title", "slug", "status")


def _plan_with_measures(plan: Plan) -> list[Theme]:
    """The plan's themes with their measures, owners and responsible people: two queries."""
    measures = Measure.objects.select_related("owner_body", "owner_organisation", "responsible").defer(
        "search_document", "search_text", "search_vector"
    )
    themes = list(plan.themes.prefetch_related(Prefetch("measures", queryset=measures)))
    labels = dict(Measure.Status.choices)
    for theme in themes:
        # A measure's URL names its plan: set from what is loaded, not a query per measure.
        theme.plan = plan
        counts: dict[str, int] = {}
        for measure in theme.measures.all():
            measure.theme = theme
            counts[measure.status] = counts.get(measure.status, 0) + 1
        # "2 pågår · 1 fullført": the theme's state at a glance, in the statuses' order.
        theme.status_summary = [(counts[status], str(labels[status])) for status in labels if status in counts]
    return themes


def _plan_page(request, plan: Plan | None, template: str = "agreements/plan_detail.html"):
    today = timezone.localdate()
    context = {
        "plan": plan,
        "themes": _plan_with_measures(plan) if plan else [],
        "plans": Plan.objects.visible_to(request.user).only("title", "slug", "status", "first_year", "last_year"),
        "today": today,
        "statuses": Measure.Status,
    }
    return render(request, template, context)


@require_GET
@reader_page()
def plan_current(request):
    """/handlingsplan/: the plan in force, so the front page reaches it in one click."""
    return _plan_page(request, Plan.objects.visible_to(request.user).current())


def _visible_plan(request, slug: str) -> Plan:
    return get_object_or_404(Plan.objects.visible_to(request.user).select_related("decided_by"), slug=slug)


@require_GET
@reader_page()
def plan_detail(request, slug):
    return _plan_page(request, _visible_plan(request, slug))


@require_GET
@reader_page()
def plan_print(request, slug):
    """The whole plan on one page, each measure with its description and latest note, for printing."""
    plan = _visible_plan(request, slug)
    themes = _plan_with_measures(plan)
    measure_ids = [measure.pk for theme in themes for measure in theme.measures.all()]
    latest: dict[int, ProgressNote] = {}
    for note in (
        ProgressNote.objects.filter(measure_id__in=measure_ids)
        .order_by("measure_id", "-written_on", "-pk")
        .distinct("measure_id")
    ):
        latest[note.measure_id] = note
    for theme in themes:
        for measure in theme.measures.all():
            measure.latest_note = latest.get(measure.pk)
    context = {"plan": plan, "themes": themes, "today": timezone.localdate()}
    return render(request, "agreements/plan_print.html", context)


@require_GET
@reader_page()
def measure_detail(request, slug, measure_slug):
    measure = get_object_or_404(
        Measure.objects.visible_to(request.user).select_related(
            "theme__plan", "owner_body", "owner_organisation", "responsible__organisation"
        ),
        theme__plan__slug=slug,
        slug=measure_slug,
    )
    context = {
        "measure": measure,
        "plan": measure.theme.plan,
        "notes": measure.notes.all(),
        "routines": measure.routines.filter(pk__in=_routines_for(request.user).values("pk")).only("title", "slug"),
        "agreements": measure.agreements.only("identifier", "title", "slug"),
        "projects": measure.projects.only("title", "slug", "status"),
        "pathways": measure.pathways.only("title", "slug"),
        "today": timezone.localdate(),
    }
    return render(request, "agreements/measure_detail.html", context)


def measure_progress(request, slug, measure_slug):
    """Coordinators write a dated progress note and set the status, without the admin."""
    if not access.may_edit_agreements(request.user):
        raise Http404("Coordinators only")
    measure = get_object_or_404(
        Measure.objects.select_related("theme__plan"), theme__plan__slug=slug, slug=measure_slug
    )
    form = ProgressForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        services.add_progress_note(form, request.user)
        messages.success(request, _("Framdriften er lagret."))
        return redirect(measure)
    status = 400 if form.errors else 200
    return render(request, "agreements/progress_form.html", {"measure": measure, "form": form}, status=status)


@require_GET
def overdue_measures(request):
    """The coordinators' list: open measures past their deadline, in every plan they can see."""
    if not access.may_edit_agreements(request.user):
        raise Http404("Coordinators only")
    today = timezone.localdate()
    measures = list(
        Measure.objects.overdue(today)
        .select_related("theme__plan", "owner_body", "owner_organisation", "responsible")
        .defer("search_document", "search_text", "search_vector", "description")[: OVERDUE_SHOWN + 1]
    )
    context = {
        "measures": measures[:OVERDUE_SHOWN],
        "more": len(measures) > OVERDUE_SHOWN,
        "today": today,
    }
    return render(request, "agreements/overdue_measures.html", context)


# --- Pathways --------------------------------------------------------------------------------


@require_GET
@reader_page()
def pathway_list(request):
    pathways = Pathway.objects.select_related("owner_body").defer("search_document", "search_text", "search_vector")
    return render(request, "agreements/pathway_list.html", {"pathways": pathways})


@require_GET
@reader_page()
def pathway_detail(request, slug):
    pathway = get_object_or_404(Pathway.objects.select_related("owner_body"), slug=slug)
    steps = pathway.steps.prefetch_related(
        Prefetch("routines", queryset=_routines_for(request.user)),
        Prefetch("agreements", queryset=Agreement.objects.only("identifier", "title", "slug")),
        Prefetch("contacts", queryset=Person.objects.select_related("organisation")),
        "organisations",
    )
    context = {
        "pathway": pathway,
        "steps": steps,
        "measures": Measure.objects.visible_to(request.user)
        .filter(pathways=pathway)
        .select_related("theme__plan")
        .defer("search_document", "search_text", "search_vector", "description"),
    }
    return render(request, "agreements/pathway_detail.html", context)


# --- Projects --------------------------------------------------------------------------------


@require_GET
@reader_page()
def project_list(request):
    projects = Project.objects.select_related("owner_body", "owner_organisation").defer(
        "search_document", "search_text", "search_vector", "purpose"
    )
    return render(request, "agreements/project_list.html", {"projects": projects, "statuses": Project.Status})


@require_GET
@reader_page()
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.select_related("owner_body", "owner_organisation", "contact__organisation"), slug=slug
    )
    context = {
        "project": project,
        "documents": project.documents.all(),
        "measures": Measure.objects.visible_to(request.user)
        .filter(projects=project)
        .select_related("theme__plan")
        .defer("search_document", "search_text", "search_vector", "description"),
        "panels": render_panels(project_sections, Project, project=project, request=request),
    }
    return render(request, "agreements/project_detail.html", context)


@require_GET
def project_document(request, slug, pk):
    document = get_object_or_404(ProjectDocument.objects.select_related("project"), project__slug=slug, pk=pk)
    return pdf_response(document.document, document.title)
