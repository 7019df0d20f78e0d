"""Workflows of the agreements app that touch more than one model."""

import logging

from django.db import transaction

from agreements.forms import AgreementVersionForm, ProgressForm
from agreements.models import AgreementVersion, Measure, ProgressNote

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


@transaction.atomic
def add_progress_note(form: ProgressForm, user) -> ProgressNote:
    """Saves a progress note and the measure's new status, and logs both on the measure.

    A second submit of the same note (back button, double click) saves nothing new.
    """
    note = form.save(commit=False)
    measure = Measure.objects.select_for_update().get(pk=note.measure_id)
    existing = ProgressNote.objects.filter(measure=measure, written_on=note.written_on, text=note.text).first()
    if existing is None:
        note.created_by = user
        note.save()
    status = form.cleaned_data["status"]
    changes = {"note": note.written_on.isoformat()} if existing is None else {}
    if status != measure.status:
        changes["status"] = {"from": measure.status, "to": status}
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])
    if changes:
        measure.log_action("progress", user=user, data=changes)
    return existing or note
