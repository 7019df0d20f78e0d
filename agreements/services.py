"""Workflows of the agreements app that touch more than one model."""

import logging

from django.contrib.admin.models import ADDITION, LogEntry
from django.db import transaction

from agreements.forms import AgreementVersionForm
from agreements.models import AgreementVersion

logger = logging.getLogger(__name__)


@transaction.atomic
def add_agreement_version(form: AgreementVersionForm, user) -> AgreementVersion:
    """Saves a new version beside the old ones and records who added it in the admin history.

    Earlier versions are never changed: the timeline (by in_force_from) decides which one
    is in force, so a version that starts in the future leaves today's in force until then.
    """
    version = form.save(commit=False)
    version.created_by = user
    version.save()
    # The admin's history of the version shows this addition like one made in the admin.
    LogEntry.objects.log_actions(
        user.pk,
        [version],
        ADDITION,
        change_message=[{"added": {}}],
        single_object=True,
    )
    logger.info("Agreement version added: agreement=%s version=%s user=%s", version.agreement_id, version.pk, user.pk)
    return version
