"""What agreements adds to the contact pages, and what higher apps may add to its own.

agreements is above contacts: it fills contacts' extension points (connected in
AgreementsConfig.ready) and defines its own for the apps above it (see samhandling.panels).
"""

from django.dispatch import Signal
from django.http import HttpRequest
from django.template.loader import render_to_string

from agreements.models import Agreement
from contacts.models import Body

agreement_sections = Signal()
"""Sections at the end of an agreement's page: each a `<section class="my-4">` with an `h2`
heading. Keyword arguments: `agreement`, `request`. Sent with sender=Agreement."""


def body_agreements(sender: type[Body], body: Body, request: HttpRequest, **kwargs: object) -> str:
    """contacts.panels.body_sections: the service agreements the body follows up. One query."""
    agreements = list(Agreement.objects.filter(bodies=body))
    if not agreements:
        return ""
    return render_to_string("agreements/includes/body_agreements.html", {"agreements": agreements}, request=request)
