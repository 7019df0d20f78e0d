"""The e-mail outbox: queue a notification with the change it announces, send it after the commit.

Why an outbox: a report must be saved whatever the mail server does. The Notification
row is written in the same transaction as the deviation, so it exists exactly when the
deviation does; after the commit a django.tasks task sends it (`manage.py db_worker`
runs the queue in production), and `manage.py send_pending_notifications`, run from
cron, sends whatever is still pending: a failed attempt is logged, backed off and
retried, never raised into the reporter's request.

E-mails carry the reference, kind, category, organisations, deadline and a link, never
the free text: the content stays behind a login or the reporter's secret link.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from deviations.models import Deviation, Notification

logger = logging.getLogger(__name__)


def queue(deviation: Deviation, kind: str, recipient: str) -> Notification | None:
    """Writes a notification in the current transaction and sends it once that commits."""
    if not recipient:
        logger.warning("No e-mail address for %s notification of %s; nothing queued", kind, deviation.reference)
        return None
    notification = Notification.objects.create(deviation=deviation, kind=kind, recipient=recipient)
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> None:
    from deviations.tasks import send_notification

    try:
        send_notification.enqueue(notification_id)
    except Exception:
        # The row is still pending: send_pending_notifications picks it up.
        logger.exception("Could not enqueue notification %s; it stays in the outbox", notification_id)


def deliver(notification_id: int) -> bool:
    """Sends one pending notification. Returns True if it went out.

    The row is locked while sending (skip_locked), so the task and the cron command never
    send the same e-mail twice at the same time.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("deviation__reporter_organisation", "deviation__concerned_organisation")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return False
        try:
            build_message(notification).send()
        except Exception as error:
            _record_failure(notification, error)
            return False
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.last_error = ""
        notification.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


def _record_failure(notification: Notification, error: Exception) -> None:
    notification.attempts += 1
    notification.last_error = f"{type(error).__name__}: {error}"[:300]
    if notification.attempts >= Notification.MAX_ATTEMPTS:
        notification.status = Notification.Status.FAILED
        logger.error(
            "Gave up sending %s e-mail for %s after %s attempts: %s",
            notification.kind,
            notification.deviation.reference,
            notification.attempts,
            notification.last_error,
        )
    else:
        notification.next_attempt_at = timezone.now() + notification.retry_delay()
        logger.warning(
            "Could not send %s e-mail for %s (attempt %s), will retry: %s",
            notification.kind,
            notification.deviation.reference,
            notification.attempts,
            notification.last_error,
        )
    notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def deliver_due(limit: int = 500) -> tuple[int, int]:
    """Sends the notifications that are due. Returns (sent, still pending or failed)."""
    sent = failed = 0
    for notification_id in Notification.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if deliver(notification_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def build_message(notification: Notification) -> EmailMessage:
    deviation = notification.deviation
    if notification.kind in (Notification.Kind.RECEIPT, Notification.Kind.ANSWER):
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
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"deviations/email/{notification.kind}_subject.txt", context)
        body = render_to_string(f"deviations/email/{notification.kind}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[notification.recipient])
