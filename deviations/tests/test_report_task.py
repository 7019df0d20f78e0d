"""A report's e-mails leave through one task whose row is written in the report's own
transaction when the task queue is the database's (django_tasks_db, as in production): the
worker sees it exactly when the report is committed, and never for a report that was not."""

import pytest
from django_tasks_db.models import DBTaskResult

from deviations.models import Deviation
from deviations.tests.conftest import report_data
from samhandling.models import OutboxEmail

URL = "/avvik/meld/"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_report_leaves_one_task_that_sends_both_its_emails(
    client, skien, hospital, database_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, report_data(skien, hospital)).status_code == 302
    task = DBTaskResult.objects.get()
    emails = list(OutboxEmail.objects.order_by("pk").values_list("pk", flat=True))
    assert len(emails) == 2 and task.args_kwargs == {"args": [emails], "kwargs": {}}
    assert mailoutbox == []  # not before the worker runs it

    result = task.task_result  # what the worker (manage.py db_worker) runs
    result.task.call(*result.args, **result.kwargs)
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "avvik@sthf.example.org",
        "kari.nordmann@skien.kommune.example.org",
    ]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}


def test_a_double_submit_leaves_one_report_and_one_task(
    client, skien, hospital, database_tasks, django_capture_on_commit_callbacks
):
    data = report_data(skien, hospital)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert first["Location"] == second["Location"]
    assert (Deviation.objects.count(), OutboxEmail.objects.count(), DBTaskResult.objects.count()) == (1, 2, 1)


def test_a_report_refused_past_the_rate_limit_leaves_no_task(client, skien, hospital, database_tasks, settings):
    settings.DEVIATION_RATE_LIMIT = "1/h"
    client.post(URL, report_data(skien, hospital))
    assert client.post(URL, report_data(skien, hospital)).status_code == 429
    assert (Deviation.objects.count(), DBTaskResult.objects.count()) == (1, 1)
