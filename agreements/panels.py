"""What agreements adds to the contact pages, and what higher apps may add to its own.

agreements is above contacts: it fills contacts' extension points (connected in
AgreementsConfig.ready) and defines its own for the apps above it (see samhandling.panels).
"""

from django.dispatch import Signal
from django.http import HttpRequest
from django.template.loader import render_to_string

from agreements.models import Agreement, Measure
from contacts.models import Body

agreement_sections = Signal()
"""Sections at the end of an agreement's page: each a `<section class="my-4">` with an `h2`
heading. Keyword arguments: `agreement`, `request`. Sent with sender=Agreement."""

project_sections = Signal()
"""Sections at the end of a project's page (the portal's news about the project): each a
`<section>` with an `h2` heading. Keyword arguments: `project`, `request`. Sent with
sender=Project. Receivers keep to a fixed number of queries."""

# A body's page lists at most this many of the measures it owns, the open ones first.
BODY_MEASURES_SHOWN = 25


def body_agreements(sender: type[Body], body: Body, request: HttpRequest, **kwargs: object) -> str:
    """contacts.panels.body_sections: the service agreements the body follows up. One query."""
    agreements = list(Agreement.objects.filter(bodies=body))
    if not agreements:
        return ""
    return render_to_string("agreements/includes/body_agreements.html", {"agreements": agreements}, request=request)


def body_measures(sender: type[Body], body: Body, request: HttpRequest, **kwargs: object) -> str:
    """contacts.panels.body_sections: the action plan's measures the body owns. One query."""
    measures = list(
        Measure.objects.visible_to(request.user)
        .filter(owner_body=body)
        .select_related("theme__plan")
        .defer("search_document", "search_text", "search_vector", "description")
        .order_by("-theme__plan__first_year", "theme__position", "position", "pk")[: BODY_MEASURES_SHOWN + 1]
    )
    if not measures:
        return ""
    context = {"measures": measures[:BODY_MEASURES_SHOWN], "more": len(measures) > BODY_MEASURES_SHOWN}
    return render_to_string("agreements/includes/body_measures.html", context, request=request)
