"""The daily digest of overdue deviations and measures, one e-mail per organisation's deviation inbox.

`manage.py send_overdue_reminders` runs it from cron (or a scheduled task), e.g. at 07:00
and again at 13:00. It writes each digest to the portal's one outbox (samhandling.outbox)
under a key unique per organisation and day, so however often (or however concurrently)
the command runs, an inbox gets at most one digest a day. The task worker sends it; a
failed send stays in the outbox and is retried with back-off like every other e-mail.

Like every deviation e-mail it carries the reference, kind, category, how many days
overdue and a link: never the free text (so it is stored whole in the outbox). An overdue
measure (tiltak) is named by its deviation's reference and its days overdue, not its text.
"""

import dataclasses
import datetime
import itertools
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from contacts.models import Organisation
from deviations.models import Deviation, Measure, local_today, owner_label
from samhandling.outbox import queue_email_once

logger = logging.getLogger(__name__)

# A digest lists this many (the longest overdue first) and links to the inbox for the rest.
MOST_LISTED = 100


KIND = "deviations.overdue_digest"


@dataclasses.dataclass
class Result:
    queued: int = 0
    already_queued: int = 0
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


@dataclasses.dataclass
class OverdueMeasure:
    """A measure past its due date, named by its deviation (its text stays behind the login)."""

    reference: str
    days_overdue: int
    owner: str = ""  # the unit or person from the directory, never the free text

    @property
    def link(self) -> str:
        return settings.SITE_URL + reverse("deviations:detail", args=[self.reference])


def digest_key(organisation: Organisation, day: datetime.date) -> str:
    return f"{KIND}:{organisation.pk}:{day.isoformat()}"


def send_overdue_reminders(today: datetime.date | None = None) -> Result:
    """Queues one digest per organisation with overdue deviations, at most once a day. Returns the counts."""
    today = today or local_today()
    rows = (
        Deviation.objects.overdue(today)
        .order_by("concerned_organisation_id", "respond_by", "reference")
        .values_list("concerned_organisation_id", "reference", "kind", "category", "respond_by")
    )
    kinds, categories = dict(Deviation.Kind.choices), dict(Deviation.Category.choices)
    by_organisation = {
        organisation_id: [
            OverdueItem(reference, str(kinds[kind]), str(categories[category]), (today - respond_by).days)
            for _id, reference, kind, category, respond_by in group
        ]
        for organisation_id, group in itertools.groupby(rows, key=lambda row: row[0])
    }
    measure_rows = (
        Measure.objects.overdue(today)
        .order_by("deviation__concerned_organisation_id", "due_on", "pk")
        .values_list(
            "deviation__concerned_organisation_id",
            "deviation__reference",
            "due_on",
            "owner_person__name",
            "owner_unit__name",
        )
    )
    measures_by_organisation = {
        organisation_id: [
            OverdueMeasure(reference, (today - due_on).days, owner_label(person, unit))
            for _id, reference, due_on, person, unit in group
        ]
        for organisation_id, group in itertools.groupby(measure_rows, key=lambda row: row[0])
    }
    organisation_ids = sorted(set(by_organisation) | set(measures_by_organisation))
    organisations = Organisation.objects.in_bulk(organisation_ids)
    result = Result()
    for organisation_id in organisation_ids:
        items = by_organisation.get(organisation_id, [])
        measures = measures_by_organisation.get(organisation_id, [])
        organisation = organisations[organisation_id]
        if not organisation.deviation_email:
            logger.warning(
                "No deviation inbox for %s: %s overdue, %s overdue measures, no reminder",
                organisation,
                len(items),
                len(measures),
            )
            result.without_address += 1
            continue
        _email, queued = queue_email_once(
            digest_key(organisation, today),
            organisation.deviation_email,
            kind=KIND,
            about=organisation,
            data={"day": today, "deviation_count": len(items), "measure_count": len(measures)},
            **render_digest(organisation, items, measures),
        )
        if queued:
            result.queued += 1
        else:
            result.already_queued += 1
    return result


def render_digest(
    organisation: Organisation, items: list[OverdueItem], measures: list["OverdueMeasure"] | None = None
) -> dict[str, str]:
    measures = measures or []
    context = {
        "organisation": organisation,
        "count": len(items),
        "items": items[:MOST_LISTED],
        "more": max(len(items) - MOST_LISTED, 0),
        "measure_count": len(measures),
        "measures": measures[:MOST_LISTED],
        "more_measures": max(len(measures) - MOST_LISTED, 0),
        "inbox_link": f"{settings.SITE_URL}{reverse('deviations:inbox')}?overdue=on",
        "portal_name": settings.PORTAL_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("deviations/email/overdue_digest_subject.txt", context)
        body = render_to_string("deviations/email/overdue_digest.txt", context)
    return {"subject": " ".join(subject.split()), "body": body}
