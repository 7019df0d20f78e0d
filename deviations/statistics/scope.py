"""Which deviations a user's statistics cover, as samhandling.access decides it."""

import dataclasses

from django.db import models

from contacts.models import Organisation
from deviations.models import Deviation
from samhandling import access


@dataclasses.dataclass(frozen=True)
class StatisticsAccess:
    """A user's statistics scope (access.StatisticsScope) with the deviations it covers."""

    deviations: models.QuerySet
    policy: access.StatisticsScope
    # A handler's statistics are their own organisation's (what it reported or received).
    organisation: Organisation | None = None

    @property
    def suppress_small_counts(self) -> bool:
        return self.policy.suppress_small_counts

    @property
    def may_export_rows(self) -> bool:
        return self.policy.may_export_rows


def statistics_access(user: access.User) -> StatisticsAccess | None:
    """None for those who may not see statistics (the views answer 404).

    Costs one query for the roles, and one for a handler's organisation.
    """
    policy = access.statistics_scope(user)
    if policy is None:
        return None
    if policy.organisation_id is None:
        return StatisticsAccess(Deviation.objects.all(), policy)
    # The organisation's own: the same rule as the deviations its handlers may open.
    organisation = Organisation.objects.get(pk=policy.organisation_id)
    return StatisticsAccess(Deviation.objects.visible_to(user), policy, organisation=organisation)
