"""Reporters' contact details are kept only as long as the case needs them.

A reporter gives a name, title, work e-mail and phone so the receiver can ask and answer.
Once a case has been closed for REPORTER_CONTACT_RETENTION_YEARS, nobody will write back:
the details are removed from the deviation and from the outbox e-mails sent to the reporter,
and the timeline records that they were (the audit trail says what happened, never to whom).
What the case was about (organisations, category, dates, the texts, the answer) stays for the
statistics and the quality committee. A case reopened before the time is up is not closed, so
it keeps them; run `manage.py remove_reporter_contacts` daily from cron.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from deviations.models import Deviation, DeviationEvent, HandlerPage
from samhandling.models import LogEntry, OutboxEmail

logger = logging.getLogger(__name__)

CONTACT_FIELDS = ("reporter_name", "reporter_title", "reporter_email", "reporter_phone")
BATCH = 500
HAS_CONTACT = ~Q(reporter_name="", reporter_title="", reporter_email="", reporter_phone="")


def cutoff(now: datetime.datetime, years: int) -> datetime.datetime:
    """The same moment `years` years earlier (29 February becomes 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def due(now: datetime.datetime | None = None, years: int | None = None):
    """Closed deviations whose reporter's details are past their time (index-friendly: status, closed_at)."""
    years = settings.REPORTER_CONTACT_RETENTION_YEARS if years is None else years
    limit = cutoff(now or timezone.now(), years)
    return Deviation.objects.filter(HAS_CONTACT, status=Deviation.Status.CLOSED, closed_at__lt=limit)


def remove_reporter_contacts(now: datetime.datetime | None = None, years: int | None = None) -> int:
    """Removes the contact details past their time, a batch per transaction. Returns how many cases."""
    now = now or timezone.now()
    removed = 0
    content_type = ContentType.objects.get_for_model(Deviation)
    while True:
        with transaction.atomic():
            # skip_locked: a handler reopening one of them right now keeps it for the next run.
            ids = list(due(now, years).select_for_update(skip_locked=True).values_list("pk", flat=True)[:BATCH])
            if not ids:
                return removed
            reporter_email = Deviation.objects.filter(pk=OuterRef("object_id")).values("reporter_email")[:1]
            OutboxEmail.objects.filter(content_type=content_type, object_id__in=ids).exclude(recipient="").filter(
                recipient__iexact=Subquery(reporter_email)
            ).update(recipient="")
            references = dict(Deviation.objects.filter(pk__in=ids).values_list("pk", "reference"))
            Deviation.objects.filter(pk__in=ids).update(**dict.fromkeys(CONTACT_FIELDS, ""))
            # Kept copies of handlers' pages may show them: stale from this commit, and gone with it.
            HandlerPage.objects.all().delete()
            LogEntry.objects.bulk_create(
                LogEntry(
                    content_type=content_type,
                    object_id=pk,
                    object_repr=references[pk],
                    action=DeviationEvent.Kind.CONTACT_REMOVED,
                    data={"retention_years": settings.REPORTER_CONTACT_RETENTION_YEARS if years is None else years},
                    created_at=now,
                )
                for pk in ids
            )
        removed += len(ids)
        logger.info("Removed the reporter's contact details from %s closed deviation(s)", len(ids))
