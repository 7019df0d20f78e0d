"""The daily reminder: one digest per organisation's inbox, never twice a day; overdue counts
on the inbox and the organisation page."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Organisation
from deviations import reminders
from deviations.models import Measure
from deviations.tests.statistics_data import Case, add
from samhandling.models import OutboxEmail

FAILING = {"default": {"BACKEND": "deviations.tests.failing_mail.FailingBackend"}}


@pytest.fixture
def overdue(skien, porsgrunn, hospital):
    """Three overdue at the hospital, one at Skien, none at Porsgrunn (answered, or not yet due)."""
    return add(
        [
            Case(skien, hospital, days_ago=40),  # 12 days overdue
            Case(porsgrunn, hospital, days_ago=30),  # 2 days overdue
            Case(skien, hospital, days_ago=29),  # 1 day overdue
            Case(hospital, skien, days_ago=35),
            Case(hospital, porsgrunn, days_ago=40, answered_after_days=5),  # answered
            Case(skien, porsgrunn, days_ago=3),  # within the deadline
        ]
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs the daily command's function; the task worker sends what it queued after the commit."""

    def run(today=None):
        with (
            mock.patch("deviations.reminders.local_today", return_value=today or timezone.localdate()),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return reminders.send_overdue_reminders()

    return run


def test_one_digest_per_organisation_with_overdue_deviations(run, overdue, mailoutbox, hospital, skien):
    result = run()
    assert (result.queued, result.already_queued) == (2, 0)
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_recipient) == {hospital.deviation_email, skien.deviation_email}

    hospital_mail = by_recipient[hospital.deviation_email]
    assert "3 avvik til Sykehuset Telemark HF har passert svarfristen" in hospital_mail.subject
    references = [d.reference for d in overdue[:3]]
    body = hospital_mail.body
    # Longest overdue first, each with kind, category, days overdue and a link.
    assert body.index(references[0]) < body.index(references[1]) < body.index(references[2])
    assert f"{references[0]} · Samhandlingsavvik · Utskrivning · 12 dager over fristen" in body
    assert f"{references[2]} · Samhandlingsavvik · Utskrivning · 1 dag over fristen" in body
    assert f"/avvik/{references[0]}/" in body and "/avvik/?overdue=on" in body
    # Never the free text, never the reporter.
    assert "Hemmelig fritekst" not in body and "Kari" not in body


def test_the_digests_go_through_the_outbox(run, overdue, hospital, skien):
    run()
    digests = OutboxEmail.objects.filter(kind="deviations.overdue_digest")
    assert sorted(digests.values_list("recipient", "status")) == [
        (skien.deviation_email, "sent"),
        (hospital.deviation_email, "sent"),
    ]


def test_running_twice_a_day_sends_nothing_more_and_the_next_day_sends_again(run, overdue, mailoutbox):
    run()
    assert len(mailoutbox) == 2
    second = run()
    assert (second.queued, second.already_queued) == (0, 2)
    assert len(mailoutbox) == 2
    assert OutboxEmail.objects.filter(kind="deviations.overdue_digest").count() == 2

    tomorrow = run(timezone.localdate() + datetime.timedelta(days=1))
    assert tomorrow.queued == 2 and len(mailoutbox) == 4
    assert "13 dager over fristen" in mailoutbox[-1].body + mailoutbox[-2].body


def test_a_failed_send_stays_in_the_outbox_and_is_retried_after_the_back_off(run, overdue, mailoutbox, settings):
    settings.MAILERS = FAILING
    failed = run()
    assert failed.queued == 2 and len(mailoutbox) == 0
    digests = OutboxEmail.objects.filter(kind="deviations.overdue_digest")
    assert set(digests.values_list("status", "attempts")) == {("pending", 1)}
    assert "SMTPServerDisconnected" in digests.first().last_error

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    # Running again that day queues no second digest; cron sends the first once it is due.
    assert run().already_queued == 2 and len(mailoutbox) == 0
    digests.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 2
    assert set(digests.values_list("status", "attempts")) == {("sent", 2)}


def test_an_organisation_without_an_inbox_address_is_skipped_and_reported(run, overdue, mailoutbox, skien):
    Organisation.objects.filter(pk=skien.pk).update(deviation_email="")
    result = run()
    assert (result.queued, result.without_address) == (1, 1)


def test_the_command_says_what_it_did(overdue, mailoutbox, capsys):
    call_command("send_overdue_reminders")
    call_command("send_overdue_reminders")
    output = capsys.readouterr().out
    assert "Queued 2 reminder(s); 0 already queued today" in output
    assert "Queued 0 reminder(s); 2 already queued today" in output


# --- Overdue counts on the pages -----------------------------------------------------------------


def test_the_inbox_shows_its_overdue_count_and_links_to_them_and_the_statistics(client, overdue, hospital_handler):
    client.force_login(hospital_handler)
    html = client.get("/avvik/").content.decode()
    assert "3 avvik har passert svarfristen uten å være besvart." in html
    assert "?overdue=on" in html and 'href="/avvik/statistikk/"' in html


@pytest.mark.parametrize(
    "persona, shown",
    [
        (None, None),
        ("plain_user", None),
        ("editor", None),
        ("porsgrunn_handler", None),  # another organisation's inbox
        ("hospital_handler", "3 ikke besvart innen fristen"),
        ("quality", "3 ikke besvart innen fristen"),
        ("superuser", "3 ikke besvart innen fristen"),
        ("coordinator", "&lt;5 ikke besvart innen fristen"),  # may not open them: small count hidden
    ],
    indirect=["persona"],
)
def test_the_organisation_page_shows_overdue_counts_to_those_who_follow_them(client, overdue, hospital, persona, shown):
    if persona:
        client.force_login(persona)
    html = client.get(hospital.get_absolute_url()).content.decode()
    if shown is None:
        assert "Forfalte avvik" not in html
    else:
        assert "Forfalte avvik" in html and shown in html


def test_overdue_measures_are_in_the_digest_by_reference_without_their_text(run, overdue, mailoutbox, porsgrunn):
    answered_at_porsgrunn = overdue[4]
    Measure.objects.create(
        deviation=answered_at_porsgrunn,
        description="Hemmelig tiltakstekst",
        owner="Leder, hjemmetjenesten",
        due_on=timezone.localdate() - datetime.timedelta(days=4),
    )
    Measure.objects.create(
        deviation=answered_at_porsgrunn,
        description="Gjennomført tiltak",
        owner="Leder",
        due_on=timezone.localdate() - datetime.timedelta(days=9),
        status=Measure.Status.DONE,
        completed_on=timezone.localdate(),
    )
    assert run().queued == 3
    mail = next(mail for mail in mailoutbox if mail.to == [porsgrunn.deviation_email])
    assert "1 tiltak hos Porsgrunn kommune har passert fristen" in mail.subject
    assert f"{answered_at_porsgrunn.reference} · 4 dager over fristen" in mail.body
    assert "Hemmelig tiltakstekst" not in mail.body and "Leder" not in mail.body
    assert "avvik som ikke er besvart" not in mail.body
