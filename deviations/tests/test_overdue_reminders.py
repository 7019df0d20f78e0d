"""The daily reminder: one digest per organisation's inbox, never twice a day; overdue counts
on the inbox and the organisation page."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Organisation
from deviations import reminders
from deviations.models import OverdueReminder
from deviations.tests.statistics_data import Case, add


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


def run(today=None):
    with mock.patch("deviations.reminders.local_today", return_value=today or timezone.localdate()):
        return reminders.send_overdue_reminders()


def test_one_digest_per_organisation_with_overdue_deviations(overdue, mailoutbox, hospital, skien):
    result = run()
    assert (result.sent, result.already_sent, result.failed) == (2, 0, 0)
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


def test_running_twice_a_day_sends_nothing_more_and_the_next_day_sends_again(overdue, mailoutbox):
    run()
    assert len(mailoutbox) == 2
    second = run()
    assert (second.sent, second.already_sent) == (0, 2)
    assert len(mailoutbox) == 2
    assert OverdueReminder.objects.count() == 2

    tomorrow = run(timezone.localdate() + datetime.timedelta(days=1))
    assert tomorrow.sent == 2 and len(mailoutbox) == 4
    assert "13 dager over fristen" in mailoutbox[-1].body + mailoutbox[-2].body


def test_a_failed_send_is_tried_again_on_the_next_run_that_day(overdue, mailoutbox):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError("no mail server")):
        failed = run()
    assert (failed.sent, failed.failed) == (0, 2)
    assert set(OverdueReminder.objects.values_list("status", flat=True)) == {"pending"}
    assert "ConnectionRefusedError" in OverdueReminder.objects.first().last_error
    retried = run()
    assert retried.sent == 2 and len(mailoutbox) == 2
    assert set(OverdueReminder.objects.values_list("status", "attempts")) == {("sent", 2)}


def test_an_organisation_without_an_inbox_address_is_skipped_and_reported(overdue, mailoutbox, skien):
    Organisation.objects.filter(pk=skien.pk).update(deviation_email="")
    result = run()
    assert (result.sent, result.without_address) == (1, 1)


def test_the_command_says_what_it_did(overdue, mailoutbox, capsys):
    call_command("send_overdue_reminders")
    call_command("send_overdue_reminders")
    output = capsys.readouterr().out
    assert "Sent 2 reminder(s); 0 already sent today" in output
    assert "Sent 0 reminder(s); 2 already sent today" in output


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
