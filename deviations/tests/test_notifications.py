"""E-mail: saved with the change, sent after the commit, retried when the server fails, never the free text."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import make_deviation, report_data
from samhandling import outbox
from samhandling.models import OutboxEmail

FAILING = {"default": {"BACKEND": "deviations.tests.failing_mail.FailingBackend"}}
DESCRIPTION = "Epikrisen kom tre dager for sent til fastlegen."


@pytest.fixture
def submit(client, skien, hospital, django_capture_on_commit_callbacks):
    def submit(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/avvik/meld/", report_data(skien, hospital, description=DESCRIPTION, **overrides))

    return submit


def test_a_report_mails_the_receivers_inbox_and_the_reporter(submit, mailoutbox, settings):
    location = submit()["Location"]
    deviation = Deviation.objects.get()
    arrival, receipt = sorted(mailoutbox, key=lambda mail: mail.to[0])
    assert arrival.to == ["avvik@sthf.example.org"]
    assert receipt.to == ["kari.nordmann@skien.kommune.example.org"]
    for mail in (arrival, receipt):
        assert deviation.reference in mail.subject or deviation.reference in mail.body
        assert "Samhandlingsavvik" in mail.body
        assert "Utskrivning" in mail.body
        assert "Skien kommune" in mail.body and "Sykehuset Telemark HF" in mail.body
        assert DESCRIPTION not in mail.body and DESCRIPTION not in mail.subject
        assert "Kari Nordmann" not in mail.body
    assert f"{settings.SITE_URL}/avvik/{deviation.reference}/" in arrival.body
    # Only the reporter gets the secret link.
    assert f"{settings.SITE_URL}{location}" in receipt.body
    assert location not in arrival.body
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}


def test_the_answer_and_a_forward_are_mailed(
    deviation, hospital_handler, porsgrunn, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(deviation, hospital_handler, "Svaret med detaljer som ikke skal i e-post.")
    assert [mail.to for mail in mailoutbox] == [["kari.nordmann@example.org"]]
    assert deviation.receipt_path() in mailoutbox[0].body
    assert "detaljer som ikke skal" not in mailoutbox[0].body

    other = make_deviation(deviation.reporter_organisation, deviation.concerned_organisation)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(other, hospital_handler, porsgrunn, "Begrunnelse som ikke skal i e-post.")
    assert [mail.to for mail in mailoutbox] == [["avvik@porsgrunn.example.org"]]
    assert "Porsgrunn kommune" in mailoutbox[0].subject
    assert "Begrunnelse" not in mailoutbox[0].body


def test_a_failing_mail_server_neither_loses_nor_blocks_a_report(submit, settings, mailoutbox, caplog):
    settings.MAILERS = FAILING
    response = submit()
    assert response.status_code == 302  # the reporter gets the receipt as usual
    deviation = Deviation.objects.get()
    pending = deviation.notifications.all()
    assert pending.count() == 2
    assert all(n.status == OutboxEmail.Status.PENDING and n.attempts == 1 for n in pending)
    assert all("SMTPServerDisconnected" in n.last_error for n in pending)
    assert "will retry" in caplog.text and deviation.reference in caplog.text


def test_the_cron_command_sends_what_a_failing_server_left_behind(submit, settings, mailoutbox):
    settings.MAILERS = FAILING
    submit()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    # Not due yet: the command respects the back-off.
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 0
    OutboxEmail.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 2
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}
    # Safe to run twice: nothing is sent again.
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 2


def test_it_backs_off_and_finally_gives_up(deviation, settings, caplog):
    settings.MAILERS = FAILING
    notification = deviation.notifications.first()
    for attempt in range(1, OutboxEmail.MAX_ATTEMPTS + 1):
        OutboxEmail.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())
        outbox.deliver_due()
        notification.refresh_from_db()
        assert notification.attempts == attempt
    assert notification.status == OutboxEmail.Status.FAILED
    assert "Gave up sending" in caplog.text
    assert notification.retry_delay() == datetime.timedelta(hours=6)


def test_no_deviation_inbox_means_no_arrival_mail_but_the_report_is_saved(client, skien, hospital, caplog):
    hospital.deviation_email = ""
    hospital.save()
    assert client.post("/avvik/meld/", report_data(skien, hospital)).status_code == 302
    assert list(OutboxEmail.objects.values_list("kind", flat=True)) == ["deviations.receipt"]
    assert "No e-mail address" in caplog.text


def test_a_notification_is_written_in_the_same_transaction_as_the_report(deviation):
    # Before any commit (the test's transaction is still open) both rows exist together.
    assert set(deviation.notifications.values_list("kind", flat=True)) == {
        "deviations.arrival",
        "deviations.receipt",
    }
