"""Read-only views of the contacts that other apps' pages need."""

from django.db.models import FilteredRelation, Q

from contacts.models import Region, Role


def region_coordinators() -> list[Region]:
    """Every region with `coordinator_roles`: its samhandlingskoordinator roles, each with its person.

    For the front page's "Samhandlingskoordinatorer" (templates/contacts/includes/
    region_coordinators.html). One query, however many regions and people there are: the
    regions joined to their coordinator roles (none for a region without one), each role with
    its person and the person's organisation.
    """
    rows = (
        Region.objects.annotate(coordinator=FilteredRelation("roles", condition=Q(roles__kind=Role.Kind.COORDINATOR)))
        .select_related("coordinator__person__organisation")  # type: ignore[misc]  # the stubs miss FilteredRelation
        .order_by("sort_key", "pk", "coordinator__person__sort_key", "coordinator__pk")
    )
    regions: dict[int, Region] = {}
    for row in rows:
        region = regions.setdefault(row.pk, row)
        if region is row:
            region.coordinator_roles = []  # type: ignore[attr-defined]
        # Left unset, not None, on a region without a coordinator.
        if (role := getattr(row, "coordinator", None)) is not None:
            region.coordinator_roles.append(role)  # type: ignore[attr-defined]
    return list(regions.values())
