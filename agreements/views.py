from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agreements import services
from agreements.documents import pdf_response
from agreements.forms import AgreementVersionForm, RoutineFilterForm
from agreements.models import REVIEW_HORIZON, Agreement, AgreementVersion, Pathway, Routine
from agreements.panels import agreement_sections
from samhandling import access
from samhandling.panels import render_panels
from samhandling.readercache import reader_page

ROUTINES_PER_PAGE = 25
# The agreement page lists this many routines; the rest are a link to /rutiner/?avtale=... away.
ROUTINES_ON_AGREEMENT_PAGE = 25
# Routines named under each agreement on /avtaler/; the rest are behind /rutiner/?avtale=...
ROUTINES_ON_AGREEMENT_LIST = 5


def _coordinator_or_404(request, may=access.may_edit_agreements):
    """Pages for coordinators are not found by anyone else: nothing about them leaks."""
    if not may(request.user):
        raise Http404("Coordinators only")


@reader_page()
@require_GET
def agreement_list(request):
    """The framework agreement first, then the service agreements in § 6-2 order, særavtaler under their parent."""
    today = timezone.localdate()
    # The first few routines and a link to all of them, with their number: the whole country has 2,000.
    first_routines = Prefetch(
        "routines",
        queryset=Routine.objects.in_force().only("title", "slug")[:ROUTINES_ON_AGREEMENT_LIST],
        to_attr="first_routines",
    )
    in_force = Routine.agreements.through.objects.filter(
        agreement=OuterRef("pk"), routine__status=Routine.Status.IN_FORCE
    )
    routine_count = in_force.order_by().values("agreement").annotate(n=Count("pk")).values("n")
    agreements = list(
        Agreement.objects.with_version_in_force(today)
        .annotate(routines_in_force=Coalesce(Subquery(routine_count), 0))
        .prefetch_related(first_routines)
    )
    children = {}
    for agreement in agreements:
        if agreement.parent_id:
            children.setdefault(agreement.parent_id, []).append(agreement)
    for agreement in agreements:
        agreement.children = children.get(agreement.pk, [])
    top = [a for a in agreements if not a.parent_id]  # a særavtale always has a parent (constraint)
    context = {
        "framework": [a for a in top if a.kind == Agreement.Kind.FRAMEWORK],
        "services": [a for a in top if a.kind == Agreement.Kind.SERVICE],
        "today": today,
    }
    return render(request, "agreements/agreement_list.html", context)


@reader_page()
@require_GET
def agreement_detail(request, slug):
    agreement = get_object_or_404(Agreement.objects.select_related("parent"), slug=slug)
    today = timezone.localdate()
    current, coming, replaced = agreement.version_timeline(today)
    routines = agreement.routines.visible_to(request.user).exclude(status=Routine.Status.ARCHIVED)
    routines = list(routines[: ROUTINES_ON_AGREEMENT_PAGE + 1])
    context = {
        "agreement": agreement,
        "current": current,
        "coming": coming,
        "replaced": replaced,
        "today": today,
        "sub_agreements": agreement.sub_agreements.order_by("identifier"),
        "routines": routines[:ROUTINES_ON_AGREEMENT_PAGE],
        "more_routines": len(routines) > ROUTINES_ON_AGREEMENT_PAGE,
        "bodies": agreement.bodies.order_by("name"),
        "pathways": Pathway.objects.using_agreement(agreement).only("title", "slug"),
        "panels": render_panels(agreement_sections, Agreement, agreement=agreement, request=request),
    }
    return render(request, "agreements/agreement_detail.html", context)


def version_create(request, slug):
    """Coordinators add a new version; the old ones stay readable, marked as replaced."""
    _coordinator_or_404(request)
    agreement = get_object_or_404(Agreement, slug=slug)
    form = AgreementVersionForm(request.POST or None, request.FILES or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        version = services.add_agreement_version(form, request.user)
        if version.in_force_from > timezone.localdate():
            message = _(
                "Versjon %(label)s er lagt til. Den gjelder fra %(date)s; til da gjelder den forrige versjonen."
            )
        else:
            message = _("Versjon %(label)s er lagt til og gjelder fra %(date)s.")
        messages.success(
            request, message % {"label": version.label, "date": date_format(version.in_force_from, "j. F Y")}
        )
        return redirect(agreement)
    status = 400 if form.errors else 200
    return render(request, "agreements/version_form.html", {"agreement": agreement, "form": form}, status=status)


@require_GET
def version_document(request, slug, pk):
    version = get_object_or_404(AgreementVersion.objects.select_related("agreement"), agreement__slug=slug, pk=pk)
    return pdf_response(version.document, version.document_title())


@require_GET
def review_list(request):
    """Agreements and routines overdue for revision, or due within REVIEW_HORIZON."""
    _coordinator_or_404(request, access.may_review_routines)
    today = timezone.localdate()
    context = {
        "agreements": Agreement.objects.due_for_revision(today),
        "without_version": Agreement.objects.without_version_in_force(today).order_by("law_point", "identifier"),
        "routines": Routine.objects.due_for_review(today).select_related("owner_body", "owner_organisation"),
        "today": today,
        "horizon_days": REVIEW_HORIZON.days,
    }
    return render(request, "agreements/review_list.html", context)


@reader_page("q", "avtale", "malgruppe", "status", "side")
@require_GET
def routine_list(request):
    form = RoutineFilterForm(request.GET or None, can_see_all=access.may_edit_agreements(request.user))
    routines = form.filter(Routine.objects.visible_to(request.user))
    routines = routines.select_related("owner_body", "owner_organisation").prefetch_related(
        Prefetch("agreements", queryset=Agreement.objects.only("identifier", "title", "slug", "law_point"))
    )
    page = Paginator(routines, ROUTINES_PER_PAGE).get_page(request.GET.get("side"))
    context = {"form": form, "page": page, "today": timezone.localdate()}
    return render(request, "agreements/routine_list.html", context)


def _visible_routine(request, slug):
    queryset = Routine.objects.visible_to(request.user).select_related("owner_body", "owner_organisation")
    return get_object_or_404(queryset, slug=slug)


@reader_page()
@require_GET
def routine_detail(request, slug):
    routine = _visible_routine(request, slug)
    context = {
        "routine": routine,
        "agreements": routine.agreements.order_by("law_point", "identifier"),
        "pathways": Pathway.objects.using_routine(routine).only("title", "slug"),
        "today": timezone.localdate(),
    }
    return render(request, "agreements/routine_detail.html", context)


@require_GET
def routine_document(request, slug):
    routine = _visible_routine(request, slug)
    return pdf_response(routine.document, routine.title)
