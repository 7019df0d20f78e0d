"""The contact directory, people, regions, organisations and their units, the PLO phone list, the
service catalogue, and the bodies with their meetings.

Everything here is public to the partnership (docs/domain.md, Roles: everyone reads contacts and bodies),
so the views fetch with get_object_or_404 and no access helper. Each page's queries are
bounded: the tests hold them to a budget at 10 and at 1,000 people.
"""

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from contacts import ical
from contacts.forms import DirectorySearchForm, ServiceFilterForm
from contacts.models import Body, Meeting, Membership, Organisation, Person, Region, Role, Service, Unit
from contacts.panels import body_sections, organisation_details
from contacts.search import organisations_matching, units_matching
from samhandling.panels import render_panels
from samhandling.pdf import pdf_response
from samhandling.readercache import reader_page
from samhandling.text import norwegian_slugify

PEOPLE_PER_PAGE = 25
ORGANISATIONS_PER_SEARCH = 10
UNITS_PER_SEARCH = 10
SERVICES_PER_PAGE = 25
UPCOMING_MEETINGS = 5
CALENDAR_MAX_MEETINGS = 100
MAX_UNIT_SUGGESTIONS = 200


def _split_memberships(memberships):
    """(seats not ended, including those starting later; seats that ended), both in the given order."""
    today = timezone.localdate()
    active, past = [], []
    for membership in memberships:
        (past if membership.has_ended(today) else active).append(membership)
    return active, past


@reader_page("q", "region", "organisation", "organisation_valg", "role", "side")
def directory(request):
    form = DirectorySearchForm(request.GET)
    people = form.filter(Person.objects.all()).for_listing()
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("side"))
    # The units a search names (Tildelingskontoret, Legevakt) come before the people: often the
    # number someone looks for is a unit's, not a person's.
    query = form.query if form.is_valid() else None
    units = units_matching(query, limit=UNITS_PER_SEARCH) if query and page.number == 1 else []
    return render(
        request,
        "contacts/directory.html",
        {"form": form, "page": page, "regions": form.regions, "units": units},
    )


@reader_page()
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.for_listing(), pk=pk)
    memberships = person.memberships.select_related("body", "representing").order_by(
        F("ended_on").desc(nulls_first=True), "body__sort_key"
    )
    current_memberships, past_memberships = _split_memberships(memberships)
    return render(
        request,
        "contacts/person_detail.html",
        {"person": person, "current_memberships": current_memberships, "past_memberships": past_memberships},
    )


def person_vcard(request, pk):
    person = get_object_or_404(Person.objects.for_listing(), pk=pk)
    response = HttpResponse(person.to_vcard(), content_type="text/vcard; charset=utf-8")
    filename = f"{norwegian_slugify(person.name) or 'kontakt'}.vcf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@reader_page()
def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    roles = list(
        region.roles.select_related("person__organisation", "organisation").order_by("kind", "person__sort_key")
    )
    organisations = list(
        region.organisations.select_related("merged_into").prefetch_related("merged_from").order_by("sort_key")
    )
    current = [organisation for organisation in organisations if not organisation.merged_into_id]
    # Each organisation's top units (Tildelingskontoret, Legevakt, ...), in one query.
    top_units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(organisation__region=region, parent__isnull=True):
        top_units.setdefault(unit.organisation_id, []).append(unit)
    for organisation in current:
        organisation.top_units = top_units.get(organisation.pk, [])
    return render(
        request,
        "contacts/region_detail.html",
        {
            "region": region,
            "coordinator_roles": [role for role in roles if role.kind == Role.Kind.COORDINATOR],
            "other_roles": [role for role in roles if role.kind != Role.Kind.COORDINATOR],
            "organisations": current,
            "merger_histories": [text for text in (org.merger_history() for org in current) if text],
            "bodies": region.bodies.all(),
        },
    )


@reader_page("side")
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("region", "merged_into").prefetch_related("merged_from"), slug=slug
    )
    people = Person.objects.in_organisation(organisation).for_listing()
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "contacts/organisation_detail.html",
        {
            "organisation": organisation,
            "page": page,
            "merger_history": organisation.merger_history(),
            "units": Unit.objects.filter(organisation=organisation).tree(),
            "services": Service.objects.filter(provider=organisation).only("pk", "name", "slug"),
            "panels": render_panels(organisation_details, Organisation, organisation=organisation, request=request),
        },
    )


@reader_page()
def plo_phone_list(request):
    """The numbers to call when PLO messaging is down, one table per region, for print."""
    organisations = (
        Organisation.objects.current()
        .filter(kind__in=[Organisation.Kind.HOSPITAL_TRUST, Organisation.Kind.HOSPITAL, Organisation.Kind.MUNICIPALITY])
        .select_related("region")
        .order_by(F("region__sort_key").asc(nulls_first=True), "sort_key")
        .prefetch_related(
            # Per unit: the wards, tildelingskontor and home care that receive PLO messages.
            Prefetch("units", queryset=Unit.objects.exclude(plo_fallback_phone="", direct_phone="", phone=""))
        )
    )
    return render(
        request,
        "contacts/plo_phone_list.html",
        {"organisations": organisations, "today": timezone.localdate()},
    )


@reader_page()
def body_tree(request):
    return render(request, "contacts/body_tree.html", {"roots": Body.objects.tree()})


@reader_page()
def body_detail(request, slug):
    body = get_object_or_404(Body.objects.select_related("region"), slug=slug)
    now = timezone.now()
    upcoming = list(body.meetings.upcoming(now)[:UPCOMING_MEETINGS])
    latest_minutes = list(body.meetings.past(now).exclude(minutes="")[:3])
    # The whole tree in one query gives the ancestors (breadcrumbs) and the children.
    bodies = {node.pk: node for node in Body.objects.only("pk", "name", "slug", "parent_id", "kind")}
    parents = {pk: node.parent_id for pk, node in bodies.items()}
    ancestors = [bodies[pk] for pk in reversed(Body.ancestor_ids(body.pk, parents)[1:])]
    children = [node for node in bodies.values() if node.parent_id == body.pk]
    memberships = Membership.objects.filter(body=body).select_related("person__organisation", "representing")
    current_memberships, past_memberships = _split_memberships(memberships.in_display_order())
    return render(
        request,
        "contacts/body_detail.html",
        {
            "body": body,
            "ancestors": ancestors,
            "children": children,
            "panels": render_panels(body_sections, Body, body=body, request=request),
            "current_memberships": current_memberships,
            "past_memberships": past_memberships,
            "today": timezone.localdate(),
            "upcoming_meetings": upcoming,
            "latest_minutes": latest_minutes,
        },
    )


def body_calendar(request, slug):
    """The body's meetings from 30 days back, as an iCalendar feed to subscribe to."""
    body = get_object_or_404(Body, slug=slug)
    since = timezone.now() - datetime.timedelta(days=30)
    meetings = body.meetings.filter(starts_at__gte=since).order_by("starts_at", "pk")[:CALENDAR_MAX_MEETINGS]
    name = _("%(portal)s: møter i %(body)s") % {"portal": settings.PORTAL_NAME, "body": body.name}
    response = HttpResponse(ical.calendar(body, meetings, request, name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{body.slug}.ics")
    return response


def body_minutes(request, slug):
    """The archive of minutes, one year at a time (?ar=2025; the latest year with minutes by default)."""
    body = get_object_or_404(Body, slug=slug)
    held = body.meetings.past().exclude(minutes="")
    years = list(
        held.annotate(year=ExtractYear("starts_at", tzinfo=timezone.get_current_timezone()))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    year = years[0] if years else None
    # A year typed by hand that is not a number shows the latest year, as without one.
    chosen = request.GET.get("ar", "")
    if chosen.isascii() and chosen.isdigit() and len(chosen) == 4:
        year = int(chosen)
    meetings = list(held.filter(starts_at__year=year).order_by("starts_at")) if year else []
    return render(
        request,
        "contacts/body_minutes.html",
        {"body": body, "years": years, "year": year, "meetings": meetings},
    )


def meeting_minutes(request, slug, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), body__slug=slug, pk=pk)
    date = timezone.localtime(meeting.starts_at).date().isoformat()
    return pdf_response(meeting.minutes, _("Referat %(body)s %(date)s") % {"body": meeting.body.name, "date": date})


def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("organisation__region"), slug=slug)
    # The organisation's units in one query give the breadcrumbs (ancestors) and the sub-units.
    units = {
        node.pk: node
        for node in Unit.objects.filter(organisation_id=unit.organisation_id).only(
            "pk", "name", "slug", "parent_id", "kind", "sort_order", "sort_key"
        )
    }
    parents = {pk: node.parent_id for pk, node in units.items()}
    ancestors = [units[pk] for pk in reversed(Body.ancestor_ids(unit.pk, parents)[1:])]
    children = sorted(
        (node for node in units.values() if node.parent_id == unit.pk),
        key=lambda node: (node.sort_order, node.sort_key),
    )
    people = Person.objects.filter(unit=unit).for_listing()
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "contacts/unit_detail.html",
        {
            "unit": unit,
            "organisation": unit.organisation,
            "ancestors": ancestors,
            "children": children,
            "page": page,
            "services": unit.services.only("pk", "name", "slug", "provider_unit_id"),
        },
    )


def unit_vcard(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("organisation"), slug=slug)
    response = HttpResponse(unit.to_vcard(), content_type="text/vcard; charset=utf-8")
    filename = f"{unit.slug}.vcf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def service_list(request):
    """The service catalogue: filter by municipality and target group, search by name."""
    form = ServiceFilterForm(request.GET)
    services = form.filter(Service.objects.for_listing())
    page = Paginator(services, SERVICES_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "contacts/service_list.html", {"form": form, "page": page})


def service_detail(request, slug):
    service = get_object_or_404(
        Service.objects.for_listing().select_related("contact_person__organisation", "provider_unit__organisation"),
        slug=slug,
    )
    return render(
        request,
        "contacts/service_detail.html",
        {"service": service, "municipalities": service.municipalities.order_by("sort_key").only("pk", "name", "slug")},
    )


@require_GET
@cache_control(public=True, max_age=300)
def organisation_search(request):
    """The organisation picker's suggestions: the best ten for ?q=, as JSON (contacts.fields).

    Public like the directory, and the same for everyone, so caches may keep it a few
    minutes. Merged organisations only with ?historiske=1 (the filters of old deviations).
    Two queries, or none for an empty query.
    """
    include_merged = request.GET.get("historiske") == "1"
    organisations = Organisation.objects.all() if include_merged else Organisation.objects.current()
    found = organisations_matching(request.GET.get("q", ""), organisations, limit=ORGANISATIONS_PER_SEARCH)
    results = [
        {
            "pk": organisation.pk,
            "slug": organisation.slug,
            "name": organisation.name,
            "detail": ", ".join(
                str(part)
                for part in (organisation.get_kind_display(), organisation.region and organisation.region.name)
                if part
            ),
        }
        for organisation in found
    ]
    return JsonResponse({"results": results})


@require_GET
@cache_control(public=True, max_age=300)
def unit_suggestions(request):
    """The units of one organisation (?organisasjon=<key or slug>), as JSON, for the unit fields' suggestions.

    Public like the directory, the same for everyone. At most MAX_UNIT_SUGGESTIONS names,
    in Norwegian order; one query, none without an organisation.
    """
    key = request.GET.get("organisasjon", "")
    if key.isascii() and key.isdigit() and len(key) < 19:
        units = Unit.objects.filter(organisation_id=int(key))
    elif key and key.isascii() and len(key) <= 200:
        units = Unit.objects.filter(organisation__slug=key)
    else:
        units = Unit.objects.none()
    rows = units.order_by("sort_key").values_list("name", "kind")[:MAX_UNIT_SUGGESTIONS]
    labels = dict(Unit.Kind.choices)
    return JsonResponse({"results": [{"name": name, "detail": str(labels.get(kind, ""))} for name, kind in rows]})
