"""The one e-mail outbox: queue in the transaction, send after the commit, retry with back-off.

Why an outbox: what a user saves must be saved whatever the mail server does. An
OutboxEmail row is written in the same transaction as the change it announces, so it
exists exactly when the change does; after the commit the task `send_email` sends it
(`manage.py db_worker` runs the queue in production), and `manage.py
send_pending_notifications`, run from cron, sends whatever is still pending: a failed
attempt is logged, backed off and retried, never raised into the user's request.

Queue an e-mail with `queue_email()`. Either give the finished `subject` and `body`, or
register a builder for its `kind` (`register_builder`), which makes the message when it
is sent: use a builder when the message holds a secret (a link with a token), so the
secret is derived then and never rests in the database.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import DatabaseError, IntegrityError, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import TaskResult, task
from django.utils import timezone, translation
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from samhandling.models import OutboxEmail

logger = logging.getLogger(__name__)

Builder = Callable[[OutboxEmail], EmailMessage]
_builders: dict[str, Builder] = {}


def register_builder(kind: str) -> Callable[[Builder], Builder]:
    """Decorator: `@register_builder("deviations.answer")` makes that kind's message at sending time.

    Register from the app's AppConfig.ready() (or a module it imports), so the task
    worker knows every builder as well as the web process does.
    """

    def register(builder: Builder) -> Builder:
        _builders[kind] = builder
        return builder

    return register


def queue_email(
    recipient: str,
    *,
    kind: str,
    about: models.Model | None = None,
    data: dict[str, Any] | None = None,
    subject: str = "",
    body: str = "",
) -> OutboxEmail | None:
    """Writes an e-mail to the outbox in the current transaction; it is sent once that commits.

    Give `subject` and `body`, or register a builder for `kind`. Returns None (and logs)
    when there is no recipient.
    """
    if not recipient:
        logger.warning("No e-mail address for %s e-mail about %s; nothing queued", kind, about)
        return None
    email = OutboxEmail.objects.create(**_fields(recipient, kind, about, data, subject, body))
    _send_after_commit([email.pk])
    return email


def queue_emails(
    emails: list[tuple[str, str]], *, about: models.Model, data: dict[str, Any] | None = None
) -> list[OutboxEmail]:
    """Several built e-mails about one object, [(recipient, kind), ...], written in one INSERT.

    Like queue_email (a builder must be registered for each kind); an e-mail without a
    recipient is left out and logged. They leave after the commit in one task.
    """
    rows = []
    for recipient, kind in emails:
        if not recipient:
            logger.warning("No e-mail address for %s e-mail about %s; nothing queued", kind, about)
            continue
        rows.append(OutboxEmail(**_fields(recipient, kind, about, data, "", "")))
    if rows:
        OutboxEmail.objects.bulk_create(rows)
        _send_after_commit([email.pk for email in rows])
    return rows


def queue_email_once(
    key: str,
    recipient: str,
    *,
    kind: str,
    about: models.Model | None = None,
    data: dict[str, Any] | None = None,
    subject: str = "",
    body: str = "",
) -> tuple[OutboxEmail | None, bool]:
    """Like queue_email, but at most one e-mail per `key`, ever. Returns (e-mail, queued now).

    Queueing the same key again (even concurrently) returns the e-mail already there,
    sent or not, and queues nothing.
    """
    if not recipient:
        logger.warning("No e-mail address for %s e-mail %s; nothing queued", kind, key)
        return None, False
    existing = OutboxEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        # A savepoint: a concurrent run that inserted the key first must not break our transaction.
        with transaction.atomic():
            email = OutboxEmail.objects.create(key=key, **_fields(recipient, kind, about, data, subject, body))
    except IntegrityError:
        return OutboxEmail.objects.get(key=key), False
    _send_after_commit([email.pk])
    return email, True


def _fields(
    recipient: str, kind: str, about: models.Model | None, data: dict[str, Any] | None, subject: str, body: str
) -> dict[str, Any]:
    if kind not in _builders and not (subject and body):
        raise ValueError(f"No builder is registered for {kind!r}; give subject and body")
    fields: dict[str, Any] = {
        "kind": kind,
        "recipient": recipient,
        "data": data or {},
        "subject": subject,
        "body": body,
    }
    if about is not None:
        fields |= {"content_type": ContentType.objects.get_for_model(about), "object_id": about.pk}
    return fields


class _Batch:
    """The e-mails a transaction queued, enqueued as one task.

    A report queues two e-mails (to the receiver and the reporter); one task for both is one
    row for the task queue instead of two, on the path every submitted form takes.

    Where the task queue is a table in the same database (django_tasks_db, as in
    production), the task's row is written in the transaction itself, like the e-mails' rows:
    the worker sees it exactly when the commit makes the e-mails visible, and the report's
    path saves a statement and a second commit (a disk flush) of its own. E-mails queued
    later in the same block are added to that row. Any other backend (the immediate one of
    the tests runs the task at once) is called once the transaction has committed.
    """

    def __init__(self, email_ids: list[int]) -> None:
        self.email_ids = email_ids
        self.enqueued = False
        # The id of the task's row, when written in the transaction (django_tasks_db only).
        self.task_id: str | None = None

    def enqueue_in_transaction(self) -> None:
        result = self._enqueue(in_transaction=True)
        self.task_id = None if result is None else result.id

    def add(self, email_ids: list[int]) -> None:
        self.email_ids.extend(email_ids)
        if self.task_id is not None:
            # The arguments as the backend stores them: send_emails(email_ids).
            DBTaskResult.objects.filter(pk=self.task_id).update(args_kwargs={"args": [self.email_ids], "kwargs": {}})

    def _enqueue(self, in_transaction: bool = False) -> TaskResult | None:
        try:
            return send_emails.enqueue(self.email_ids)
        except DatabaseError:
            if in_transaction:
                # Like a failed INSERT of the e-mails themselves: the transaction cannot go
                # on, and the change fails with its e-mails (nothing half saved).
                raise
            logger.exception("Could not enqueue e-mails %s; they stay in the outbox", self.email_ids)
            return None
        except Exception:
            # The rows are still pending: send_pending_notifications picks them up.
            logger.exception("Could not enqueue e-mails %s; they stay in the outbox", self.email_ids)
            return None

    def __call__(self) -> None:
        if self.task_id is not None:
            return  # its row was committed with the transaction
        self.enqueued = True
        self._enqueue()


def _queue_in_transaction(connection: BaseDatabaseWrapper) -> bool:
    """Whether send_emails' queue is a table of the database this transaction writes to."""
    return isinstance(send_emails.get_backend(), DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == connection.alias
    )


def _send_after_commit(email_ids: list[int]) -> None:
    """Adds the e-mails to the batch of the current atomic block, or starts one.

    The batch is found among the connection's on-commit callbacks, registered in the same
    block (the same savepoints): Django drops it when that block rolls back, taking the
    e-mails queued in it along (and its task row, rolled back with them), so nothing joins
    a batch that will not run.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        for savepoints, callback, _robust in connection.run_on_commit:
            # Once run (a test runs the callbacks before the commit), a batch takes no more.
            if isinstance(callback, _Batch) and savepoints == current and not callback.enqueued:
                callback.add(email_ids)
                return
    batch = _Batch(list(email_ids))
    if connection.in_atomic_block and _queue_in_transaction(connection):
        batch.enqueue_in_transaction()
    transaction.on_commit(batch)


@task
def send_emails(email_ids: list[int]) -> int:
    """Sends a transaction's outbox e-mails, each on its own; a failure is recorded on its row
    for a later retry and does not keep the others back. Returns how many went out."""
    return sum(deliver(email_id) for email_id in email_ids)


@task
def send_email(email_id: int) -> bool:
    """Sends one outbox e-mail (tasks enqueued before send_emails existed still run)."""
    return deliver(email_id)


def deliver(email_id: int) -> bool:
    """Sends one pending e-mail. Returns True if it went out.

    The row is locked while sending (skip_locked), so the task and the cron command never
    send the same e-mail twice at the same time.
    """
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboxEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        try:
            build_message(email).send()
        except Exception as error:
            _record_failure(email, error)
            return False
        email.status = OutboxEmail.Status.SENT
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


def build_message(email: OutboxEmail) -> EmailMessage:
    """The message, built in the site's language unless the builder chooses its recipient's
    (translation.override): never in whatever language the sending request happened to have."""
    builder = _builders.get(email.kind)
    if builder is not None:
        with translation.override(settings.LANGUAGE_CODE):
            return builder(email)
    return EmailMessage(email.subject, email.body, to=[email.recipient])


def _record_failure(email: OutboxEmail, error: Exception) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:300]
    # What the e-mail is about (a deviation's reference), so the log says which case waits.
    about = str(email.about) if email.object_id is not None else email.key or ""
    if email.attempts >= OutboxEmail.MAX_ATTEMPTS:
        email.status = OutboxEmail.Status.FAILED
        logger.error(
            "Gave up sending %s e-mail %s (%s) after %s attempts: %s",
            email.kind,
            email.pk,
            about,
            email.attempts,
            email.last_error,
        )
    else:
        email.next_attempt_at = timezone.now() + email.retry_delay()
        logger.warning(
            "Could not send %s e-mail %s (%s) (attempt %s), will retry: %s",
            email.kind,
            email.pk,
            about,
            email.attempts,
            email.last_error,
        )
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def deliver_due(limit: int = 500) -> tuple[int, int]:
    """Sends the e-mails that are due. Returns (sent, still pending or failed)."""
    sent = failed = 0
    for email_id in OutboxEmail.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]:
        if deliver(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed
