"""The contact directory, people, regions, organisations, the PLO phone list and the bodies.

Everything here is public to the partnership (docs/domain.md, Roles: everyone reads contacts and bodies),
so the views fetch with get_object_or_404 and no access helper. Each page's queries are
bounded: the tests hold them to a budget at 10 and at 1,000 people.
"""

from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from contacts.forms import DirectorySearchForm
from contacts.models import Body, Membership, Organisation, Person, Region, Role
from contacts.panels import body_sections, organisation_details
from contacts.search import organisations_matching
from samhandling.panels import render_panels
from samhandling.readercache import reader_page
from samhandling.text import norwegian_slugify

PEOPLE_PER_PAGE = 25
ORGANISATIONS_PER_SEARCH = 10


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
    return render(
        request,
        "contacts/directory.html",
        {"form": form, "page": page, "regions": Region.objects.all()},
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
        },
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
