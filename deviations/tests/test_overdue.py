"""One meaning of "overdue" everywhere: open (not answered, or reopened) after the deadline.

A reopened case has an answered_at from its first answer but owes the reporter a new one:
past its deadline it is overdue in the inbox, its counts, the daily reminder, the
organisation page, the statistics and the row export alike.
"""

from unittest import mock

import pytest
from django.utils import timezone

from deviations import reminders, services
from deviations.models import Deviation
from deviations.statistics import OUTCOME_LABELS
from deviations.tests.statistics_data import Case, add, csv_rows


@pytest.fixture
def reopened(skien, hospital, hospital_handler):
    """Received 40 days ago, answered on day 5 (in time), reopened today: 12 days past its deadline."""
    (deviation,) = add([Case(skien, hospital, days_ago=40, answered_after_days=5)])
    return services.reopen(deviation, hospital_handler)


def test_a_reopened_case_past_its_deadline_is_overdue_on_the_model_and_the_query_set(reopened):
    assert reopened.answered_at is not None and reopened.status == Deviation.Status.IN_PROGRESS
    assert list(Deviation.objects.overdue()) == [reopened]
    assert Deviation.objects.get(pk=reopened.pk).is_overdue


def test_the_inbox_counts_and_marks_a_reopened_case_as_overdue(client, hospital_handler, reopened):
    client.force_login(hospital_handler)
    response = client.get("/avvik/")
    assert response.context["counts"]["overdue"] == 1
    assert '<tr class="overdue">' in response.content.decode()
    assert [d.reference for d in client.get("/avvik/", {"overdue": "on"}).context["page"]] == [reopened.reference]


def test_the_daily_reminder_includes_a_reopened_case(reopened, mailoutbox, django_capture_on_commit_callbacks):
    with (
        mock.patch("deviations.reminders.local_today", return_value=timezone.localdate()),
        django_capture_on_commit_callbacks(execute=True),  # the outbox sends after the commit
    ):
        result = reminders.send_overdue_reminders()
    assert result.queued == 1
    assert reopened.reference in mailoutbox[0].body


def test_the_statistics_count_a_reopened_case_as_unanswered_past_the_deadline(client, quality, reopened):
    client.force_login(quality)
    total = client.get("/avvik/statistikk/").context["stats"].total
    assert (total.count, total.in_time, total.late, total.unanswered_late, total.pending) == (1, 0, 0, 1, 0)
    # Its first answer's days do not count as an answer while it is open again.
    assert total.median_days is None
    rows = csv_rows(client.get("/avvik/statistikk/", {"format": "csv", "rader": "1"}))
    outcome = rows[1][rows[0].index("Frist")]
    assert outcome == str(OUTCOME_LABELS["unanswered_late"])


def test_the_organisation_page_counts_a_reopened_case_as_overdue(client, quality, hospital, reopened):
    client.force_login(quality)
    page = client.get(hospital.get_absolute_url()).content.decode()
    assert "1 ikke besvart innen fristen" in page


def test_answered_again_it_is_answered_late_and_no_longer_overdue(client, quality, hospital_handler, reopened):
    services.answer(reopened, hospital_handler, "Nytt svar.")
    assert not Deviation.objects.overdue().exists()
    client.force_login(quality)
    total = client.get("/avvik/statistikk/").context["stats"].total
    assert (total.in_time, total.late, total.unanswered_late) == (0, 1, 0)
