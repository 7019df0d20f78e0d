"""The daily digest of overdue deviations, one e-mail per organisation's deviation inbox.

`manage.py send_overdue_reminders` runs it from cron (or a scheduled task), e.g. at 07:00
and again at 13:00 in case the mail server was down in the morning. An OverdueReminder
row, unique per organisation and day, is written before the e-mail is sent and locked
while it is sent, so however often (or however concurrently) the command runs, an inbox
gets at most one digest a day; a failed send stays pending and the next run that day
tries again.

Like every deviation e-mail it carries the reference, kind, category, how many days
overdue and a link: never the free text.
"""

import dataclasses
import itertools
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from contacts.models import Organisation
from deviations.models import Deviation, OverdueReminder, local_today

logger = logging.getLogger(__name__)

# A digest lists this many (the longest overdue first) and links to the inbox for the rest.
MOST_LISTED = 100


@dataclasses.dataclass
class Result:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    without_address: int = 0


@dataclasses.dataclass
class OverdueItem:
    reference: str
    kind: str | Promise  # the choices' lazy labels, rendered in the e-mail's language
    category: str | Promise
    days_overdue: int

    @property
    def link(self) -> str:
        return settings.SITE_URL + reverse("deviations:detail", args=[self.reference])


def send_overdue_reminders(today=None) -> Result:
    """One digest per organisation with overdue deviations, at most once a day. Returns the counts."""
    today = today or local_today()
    rows = (
        Deviation.objects.overdue(today)
        .order_by("concerned_organisation_id", "respond_by", "reference")
        .values_list("concerned_organisation_id", "reference", "kind", "category", "respond_by")
    )
    kinds, categories = dict(Deviation.Kind.choices), dict(Deviation.Category.choices)
    by_organisation = {
        organisation_id: [
            OverdueItem(reference, kinds[kind], categories[category], (today - respond_by).days)
            for _id, reference, kind, category, respond_by in group
        ]
        for organisation_id, group in itertools.groupby(rows, key=lambda row: row[0])
    }
    organisations = Organisation.objects.in_bulk(list(by_organisation))
    result = Result()
    for organisation_id, items in by_organisation.items():
        organisation = organisations[organisation_id]
        if not organisation.deviation_email:
            logger.warning("No deviation inbox for %s: %s overdue, no reminder", organisation, len(items))
            result.without_address += 1
            continue
        reminder, _created = OverdueReminder.objects.get_or_create(
            organisation=organisation,
            day=today,
            defaults={"recipient": organisation.deviation_email, "deviation_count": len(items)},
        )
        outcome = _deliver(reminder.pk, organisation, items)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _deliver(reminder_id: int, organisation: Organisation, items: list[OverdueItem]) -> str:
    """Sends the day's digest unless it went out already (or is being sent right now)."""
    with transaction.atomic():
        reminder = (
            OverdueReminder.objects.select_for_update(skip_locked=True)
            .filter(pk=reminder_id, status=OverdueReminder.Status.PENDING)
            .first()
        )
        if reminder is None:
            return "already_sent"
        reminder.recipient, reminder.deviation_count = organisation.deviation_email, len(items)
        reminder.attempts += 1
        try:
            digest(organisation, items).send()
        except Exception as error:
            reminder.last_error = f"{type(error).__name__}: {error}"[:300]
            reminder.save(update_fields=["recipient", "deviation_count", "attempts", "last_error"])
            logger.warning("Could not send the overdue reminder to %s: %s", organisation, reminder.last_error)
            return "failed"
        reminder.status, reminder.sent_at, reminder.last_error = OverdueReminder.Status.SENT, timezone.now(), ""
        reminder.save(update_fields=["recipient", "deviation_count", "attempts", "status", "sent_at", "last_error"])
    return "sent"


def digest(organisation: Organisation, items: list[OverdueItem]) -> EmailMessage:
    context = {
        "organisation": organisation,
        "count": len(items),
        "items": items[:MOST_LISTED],
        "more": max(len(items) - MOST_LISTED, 0),
        "inbox_link": f"{settings.SITE_URL}{reverse('deviations:inbox')}?overdue=on",
        "portal_name": settings.PORTAL_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("deviations/email/overdue_digest_subject.txt", context)
        body = render_to_string("deviations/email/overdue_digest.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[organisation.deviation_email])
