"""What deviations adds to the pages of the apps below it (see samhandling.panels).

Connected in DeviationsConfig.ready: the organisation page's overdue count and the agreement
page's count of this year's deviations. Who sees which number is decided by the statistics'
rules, as on the statistics page.
"""

from django.http import HttpRequest
from django.template.loader import render_to_string

from agreements.models import Agreement
from contacts.models import Organisation
from deviations.statistics import agreement_summary, overdue_summary


def organisation_overdue(
    sender: type[Organisation], organisation: Organisation, request: HttpRequest, **kwargs: object
) -> str:
    """contacts.panels.organisation_details: its overdue deviations, for those who follow them."""
    summary = overdue_summary(organisation, request.user)
    if summary is None:
        return ""
    return render_to_string("deviations/includes/overdue_count.html", {"overdue": summary}, request=request)


def agreement_deviations(sender: type[Agreement], agreement: Agreement, request: HttpRequest, **kwargs: object) -> str:
    """agreements.panels.agreement_sections: how many deviations touch the agreement this year."""
    context = agreement_summary(agreement, request.user)
    return render_to_string("deviations/includes/agreement_deviations.html", context, request=request)
