"""The one outbox: any app queues an e-mail with the change; the task worker sends it after the commit."""

import datetime

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from samhandling import outbox
from samhandling.models import OutboxEmail

FAILING = {"default": {"BACKEND": "deviations.tests.failing_mail.FailingBackend"}}
pytestmark = pytest.mark.django_db


def test_a_queued_email_is_sent_by_the_task_after_the_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = outbox.queue_email("kari@example.org", kind="test.plain", subject="Emne", body="Tekst.")
    assert email.status == OutboxEmail.Status.PENDING and mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [(["kari@example.org"], "Emne", "Tekst.")]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1) and email.sent_at


def test_a_rolled_back_change_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                outbox.queue_email("kari@example.org", kind="test.plain", subject="Emne", body="Tekst.")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert mailoutbox == [] and not OutboxEmail.objects.exists()


def test_a_failing_mail_server_keeps_the_email_and_cron_sends_it_after_the_back_off(
    settings, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email("kari@example.org", kind="test.plain", subject="Emne", body="Tekst.")
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.PENDING, 1)
    assert email.next_attempt_at > timezone.now() and "will retry" in caplog.text

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_pending_notifications")
    assert mailoutbox == []  # not due yet
    OutboxEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("send_pending_notifications")
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 1


def test_an_email_with_a_key_is_queued_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first, queued = outbox.queue_email_once("test:1", "kari@example.org", kind="test.plain", subject="E", body="T")
        again, queued_again = outbox.queue_email_once(
            "test:1", "kari@example.org", kind="test.plain", subject="E", body="T"
        )
    assert (queued, queued_again) == (True, False) and first == again
    assert len(mailoutbox) == 1


def test_a_builder_makes_the_message_when_it_is_sent(django_capture_on_commit_callbacks, mailoutbox):
    @outbox.register_builder("test.built")
    def build(email: OutboxEmail) -> EmailMessage:
        return EmailMessage(f"Nr. {email.data['number']}", "Lenke laget ved sending.", to=[email.recipient])

    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.queue_email("kari@example.org", kind="test.built", data={"number": 7})
    assert (email.subject, email.body) == ("", "")  # nothing of the message rests in the database
    assert [mail.subject for mail in mailoutbox] == ["Nr. 7"]


def test_it_refuses_an_email_it_could_not_build(db):
    with pytest.raises(ValueError, match="No builder"):
        outbox.queue_email("kari@example.org", kind="test.unknown")


def test_no_recipient_queues_nothing(caplog):
    assert outbox.queue_email("", kind="test.plain", subject="E", body="T") is None
    assert not OutboxEmail.objects.exists() and "No e-mail address" in caplog.text


def test_the_emails_of_one_transaction_leave_in_one_task(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            outbox.queue_email("kari@example.org", kind="test.plain", subject="Til Kari", body="Tekst.")
            outbox.queue_email("ola@example.org", kind="test.plain", subject="Til Ola", body="Tekst.")
    assert len(callbacks) == 1
    callbacks[0]()
    assert sorted(mail.subject for mail in mailoutbox) == ["Til Kari", "Til Ola"]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}


def test_emails_of_a_rolled_back_savepoint_stay_behind_and_the_others_still_leave(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outbox.queue_email("kari@example.org", kind="test.plain", subject="Beholdt", body="Tekst.")
            try:
                with transaction.atomic():
                    outbox.queue_email("ola@example.org", kind="test.plain", subject="Angret", body="Tekst.")
                    raise RuntimeError("the inner change failed")
            except RuntimeError:
                pass
            outbox.queue_email("per@example.org", kind="test.plain", subject="Også beholdt", body="Tekst.")
    assert sorted(mail.subject for mail in mailoutbox) == ["Beholdt", "Også beholdt"]
    assert OutboxEmail.objects.count() == 2


def test_in_a_batch_a_failing_email_is_retried_on_its_own(settings, django_capture_on_commit_callbacks, caplog):
    @outbox.register_builder("test.broken")
    def build(email: OutboxEmail) -> EmailMessage:
        raise RuntimeError("the template is broken")

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            broken = outbox.queue_email("kari@example.org", kind="test.broken")
            fine = outbox.queue_email("ola@example.org", kind="test.plain", subject="Emne", body="Tekst.")
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert (fine.status, broken.status, broken.attempts) == (OutboxEmail.Status.SENT, OutboxEmail.Status.PENDING, 1)
    assert broken.next_attempt_at > timezone.now() and "will retry" in caplog.text


@pytest.fixture
def database_tasks(settings):
    """The task queue as production has it: a table in the same database (django_tasks_db)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued_task_arguments() -> list[list[int]]:
    from django_tasks_db.models import DBTaskResult

    return [task.args_kwargs["args"][0] for task in DBTaskResult.objects.all()]


def test_with_a_database_queue_the_task_is_written_in_the_transaction_with_every_email_of_it(database_tasks):
    with transaction.atomic():
        first = outbox.queue_email("kari@example.org", kind="test.plain", subject="Til Kari", body="Tekst.")
        second = outbox.queue_email("ola@example.org", kind="test.plain", subject="Til Ola", body="Tekst.")
    assert _queued_task_arguments() == [[first.pk, second.pk]]


def test_with_a_database_queue_a_rolled_back_change_leaves_no_task(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.queue_email("kari@example.org", kind="test.plain", subject="Angret", body="Tekst.")
        raise RuntimeError("the change failed")
    assert _queued_task_arguments() == [] and not OutboxEmail.objects.exists()


def test_with_a_database_queue_a_rolled_back_savepoint_takes_its_task_along(database_tasks):
    with transaction.atomic():
        kept = outbox.queue_email("kari@example.org", kind="test.plain", subject="Beholdt", body="Tekst.")
        try:
            with transaction.atomic():
                outbox.queue_email("ola@example.org", kind="test.plain", subject="Angret", body="Tekst.")
                raise RuntimeError("the inner change failed")
        except RuntimeError:
            pass
        also = outbox.queue_email("per@example.org", kind="test.plain", subject="Også beholdt", body="Tekst.")
    assert _queued_task_arguments() == [[kept.pk, also.pk]]
