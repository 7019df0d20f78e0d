"""The deviations' e-mails: queued in the portal's one outbox (samhandling.outbox), built when sent.

A deviation's e-mail is written to the outbox in the same transaction as the change it
announces and sent by the task worker after the commit; a failing mail server leaves it
pending for `send_pending_notifications` to retry (see samhandling.outbox).

The message is built at sending time by the builders below, so the reporter's secret
link is derived then and never stored. E-mails carry the reference, kind, category,
organisations, deadline and a link, never the free text: the content stays behind a
login or the reporter's secret link.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation, Measure
from samhandling.models import OutboxEmail
from samhandling.outbox import queue_email, queue_emails, register_builder

logger = logging.getLogger(__name__)


class Kind(models.TextChoices):
    """The deviations' e-mails; the outbox kind is "deviations.<value>"."""

    ARRIVAL = "arrival", _("nytt avvik til mottaker")
    RECEIPT = "receipt", _("kvittering til melder")
    ANSWER = "answer", _("svar til melder")
    FORWARDED = "forwarded", _("videresendt til ny mottaker")
    FOLLOW_UP = "follow_up", _("kommentar fra melder til mottaker")
    ASSIGNED = "assigned", _("tildelt saksbehandler")
    ASSIGNED_UNIT = "assigned_unit", _("tildelt enhet")
    CLOSED = "closed", _("lukket, til melder")


def outbox_kind(kind: str) -> str:
    return f"deviations.{kind}"


# The reporter's e-mails carry the secret receipt link; the receiver's the handler's page.
TO_REPORTER = (Kind.RECEIPT, Kind.ANSWER, Kind.CLOSED)


def queue(deviation: Deviation, kind: Kind, recipient: str) -> OutboxEmail | None:
    """Writes a deviation's e-mail to the outbox in the current transaction; sent once that commits."""
    return queue_email(recipient, kind=outbox_kind(kind), about=deviation)


def queue_many(deviation: Deviation, mails: list[tuple[Kind, str]]) -> list[OutboxEmail]:
    """Several of a deviation's e-mails, [(kind, recipient), ...], written in one INSERT."""
    return queue_emails([(recipient, outbox_kind(kind)) for kind, recipient in mails], about=deviation)


def build_message(email: OutboxEmail) -> EmailMessage:
    kind = email.kind.removeprefix("deviations.")
    if email.object_id is None:
        raise ValueError(f"Outbox e-mail {email.pk} is about no deviation")
    deviation = Deviation.objects.select_related("reporter_organisation", "concerned_organisation").get(
        pk=email.object_id
    )
    if kind in TO_REPORTER:
        path = deviation.receipt_path()
        if path is None:
            raise RuntimeError("The receipt link can no longer be derived (SECRET_KEY retired)")
    else:
        path = reverse("deviations:detail", args=[deviation.reference])
    context = {
        "deviation": deviation,
        "link": settings.SITE_URL + path,
        "portal_name": settings.PORTAL_NAME,
    }
    if kind == Kind.CLOSED:
        # How many measures and how many are done: their text stays behind the link.
        context["measures"] = Measure.objects.filter(deviation=deviation).aggregate(
            total=models.Count("pk"), done=models.Count("pk", filter=models.Q(status=Measure.Status.DONE))
        )
    # The reporter reads theirs in the language they sent the form in; the receiving
    # organisation's inbox in the site's.
    language = deviation.language if kind in TO_REPORTER else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string(f"deviations/email/{kind}_subject.txt", context)
        body = render_to_string(f"deviations/email/{kind}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[email.recipient])


for _kind in Kind.values:
    register_builder(outbox_kind(_kind))(build_message)
