"""Workflows of the agreements app that touch more than one model."""

import logging

from django.db import transaction

from agreements.forms import AgreementVersionForm
from agreements.models import AgreementVersion

logger = logging.getLogger(__name__)


@transaction.atomic
def add_agreement_version(form: AgreementVersionForm, user) -> AgreementVersion:
    """Saves a new version beside the old ones and records who added it in the audit trail.

    Earlier versions are never changed: the timeline (by in_force_from) decides which one
    is in force, so a version that starts in the future leaves today's in force until then.
    """
    version = form.save(commit=False)
    version.created_by = user
    version.save()
    version.log_action("created", user=user)
    logger.info("Agreement version added: agreement=%s version=%s user=%s", version.agreement_id, version.pk, user.pk)
    return version
