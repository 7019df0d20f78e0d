"""Reporters' contact details are removed N years after a deviation was closed, and only then."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from deviations import services
from deviations.models import Deviation
from deviations.retention import remove_reporter_contacts
from deviations.tests.conftest import make_deviation
from samhandling.models import OutboxEmail

REPORTER_EMAIL = "kari.nordmann@skien.kommune.example.org"


@pytest.fixture
def closed_case(skien, hospital, hospital_handler):
    """A deviation answered and closed through the workflow, its e-mails in the outbox."""
    deviation = make_deviation(skien, hospital, reporter_email=REPORTER_EMAIL, reporter_phone="35 58 10 00")
    services.answer(deviation, hospital_handler, "Vi har rettet rutinen.")
    services.close(deviation, hospital_handler)
    deviation.refresh_from_db()
    return deviation


def years_after(deviation, years, days=1):
    """A moment `days` after the closing's anniversary `years` years on (negative: before it)."""
    closed = deviation.closed_at
    return closed.replace(year=closed.year + years, day=min(closed.day, 28)) + datetime.timedelta(days=days)


def test_it_removes_the_reporters_details_once_the_years_have_passed(closed_case, settings):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 3
    assert remove_reporter_contacts(now=years_after(closed_case, 3)) == 1
    closed_case.refresh_from_db()
    assert (
        closed_case.reporter_name,
        closed_case.reporter_title,
        closed_case.reporter_email,
        closed_case.reporter_phone,
    ) == ("", "", "", "")
    # What the case was about stays, for the statistics and the quality committee.
    assert closed_case.description and closed_case.answer
    assert closed_case.status == Deviation.Status.CLOSED


def test_it_keeps_them_until_then(closed_case, settings):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 3
    assert remove_reporter_contacts(now=years_after(closed_case, 3, days=-3)) == 0
    closed_case.refresh_from_db()
    assert closed_case.reporter_email == REPORTER_EMAIL


def test_open_and_reopened_cases_keep_them_however_old(skien, hospital, hospital_handler, settings):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 1
    still_open = make_deviation(skien, hospital)
    reopened = make_deviation(skien, hospital, reporter_email="ola@porsgrunn.kommune.example.org")
    services.answer(reopened, hospital_handler, "Svar.")
    services.close(reopened, hospital_handler)
    services.reopen(reopened, hospital_handler)
    assert remove_reporter_contacts(now=timezone.now() + datetime.timedelta(days=4000)) == 0
    assert Deviation.objects.filter(pk__in=[still_open.pk, reopened.pk], reporter_email="").count() == 0


def test_the_e_mails_to_the_reporter_forget_the_address_and_the_receivers_keep_theirs(closed_case, settings):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 2
    to_reporter = OutboxEmail.objects.filter(recipient=REPORTER_EMAIL).count()
    assert to_reporter >= 2  # the receipt and the answer
    remove_reporter_contacts(now=years_after(closed_case, 2))
    assert not OutboxEmail.objects.filter(recipient__iexact=REPORTER_EMAIL).exists()
    assert OutboxEmail.objects.filter(recipient="avvik@sthf.example.org").exists()


def test_the_timeline_says_the_details_were_removed_without_saying_whose(
    closed_case, settings, client, hospital_handler
):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 2
    remove_reporter_contacts(now=years_after(closed_case, 2))
    entry = closed_case.logs().get(action="contact_removed")
    assert entry.data == {"retention_years": 2}
    client.force_login(hospital_handler)
    page = client.get(f"/avvik/{closed_case.reference}/").content.decode()
    assert "Melderens kontaktopplysninger ble slettet etter lagringstiden" in page
    assert "Kari Nordmann" not in page and REPORTER_EMAIL not in page


def test_running_it_again_changes_nothing_more(closed_case, settings):
    settings.REPORTER_CONTACT_RETENTION_YEARS = 2
    later = years_after(closed_case, 2)
    assert remove_reporter_contacts(now=later) == 1
    assert remove_reporter_contacts(now=later) == 0
    assert closed_case.logs().filter(action="contact_removed").count() == 1


def test_the_command_applies_the_configured_years(closed_case, settings, capsys):
    Deviation.objects.filter(pk=closed_case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=365 * 6))
    settings.REPORTER_CONTACT_RETENTION_YEARS = 7
    call_command("remove_reporter_contacts", "--dry-run")
    assert "0 closed deviation(s)" in capsys.readouterr().out
    settings.REPORTER_CONTACT_RETENTION_YEARS = 5
    call_command("remove_reporter_contacts", "--dry-run")
    assert "1 closed deviation(s)" in capsys.readouterr().out
    call_command("remove_reporter_contacts")
    assert "from 1 deviation(s) closed over 5 year(s) ago" in capsys.readouterr().out
    closed_case.refresh_from_db()
    assert closed_case.reporter_email == ""
