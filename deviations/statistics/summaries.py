"""Small summaries of the statistics for other apps' pages: agreements and organisations."""

from django.urls import reverse
from django.utils.http import urlencode

from deviations.models import Deviation, local_today, start_of_local_day
from deviations.statistics.suppression import protect
from samhandling import access


def statistics_url(**filters) -> str:
    """The statistics page with filters, e.g. statistics_url(avtale="tjenesteavtale-5", fra=..., til=...)."""
    query = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in filters.items()}
    return f"{reverse('deviations:statistics')}?{urlencode(query)}"


def agreement_summary(agreement, user) -> dict:
    """For the agreement page: deviations touching the agreement this year. One query.

    The count is public; counts 1-4 are "<5" for everyone but Kvalitetsutvalget and
    administrators. The link to the filtered statistics is there for those who may open it.
    """
    today = local_today()
    first_day = today.replace(month=1, day=1)
    count = Deviation.objects.filter(agreement=agreement, received_at__gte=start_of_local_day(first_day)).count()
    shown = protect(count, suppress=not access.sees_exact_public_counts(user))
    context: dict[str, object] = {
        "deviation_count": count if shown == count else None,
        "deviation_count_suppressed": shown != count,
    }
    if access.may_see_statistics(user):
        context["deviation_url"] = statistics_url(
            avtale=agreement.slug, fra=first_day, til=today.replace(month=12, day=31)
        )
    return context


def overdue_summary(organisation, user) -> dict | None:
    """For the organisation page: how many of the organisation's deviations are overdue.

    Shown to those whose statistics cover the organisation's inbox (Kvalitetsutvalget,
    coordinators, administrators, the organisation's own handlers); None for others.
    One query (and the roles).
    """
    scope = access.statistics_scope(user)
    if scope is None or (scope.organisation_id is not None and scope.organisation_id != organisation.pk):
        return None
    count = Deviation.objects.overdue().filter(concerned_organisation=organisation).count()
    # To the inbox for those who may open these deviations; coordinators get the statistics.
    if scope.organisation_id is not None or access.reads_all_deviations(user):
        query: dict[str, str | int] = {"overdue": "on"}
        if scope.organisation_id is None:
            query["concerned_organisation"] = organisation.pk
        url = f"{reverse('deviations:inbox')}?{urlencode(query)}"
    else:
        url = statistics_url(organisasjon=organisation.slug, rolle="mottaker")
    return {"count": protect(count, scope.suppress_small_counts), "exact": count, "url": url}
