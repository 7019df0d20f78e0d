"""Read-only views of the contacts that other apps' pages need."""

from django.db.models import Prefetch

from contacts.models import Region, Role


def region_coordinators() -> list[Region]:
    """Every region with `coordinator_roles`: its samhandlingskoordinator roles, each with its person.

    For the front page's "Samhandlingskoordinatorer" (templates/contacts/includes/
    region_coordinators.html). Two queries, however many regions and people there are.
    """
    coordinator_roles = Role.objects.filter(kind=Role.Kind.COORDINATOR).select_related("person__organisation")
    return list(
        Region.objects.prefetch_related(
            Prefetch("roles", queryset=coordinator_roles.order_by("person__sort_key"), to_attr="coordinator_roles")
        )
    )
