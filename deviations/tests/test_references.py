"""References SA-<year>-<6 digits>: unique and without gaps, even under concurrent submits."""

import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from deviations import services
from deviations.models import Deviation, ReferenceCounter
from deviations.tests.conftest import make_deviation


def test_references_count_up_per_year(skien, hospital):
    year = timezone.localdate().year
    assert [make_deviation(skien, hospital).reference for _ in range(3)] == [
        f"SA-{year}-000001",
        f"SA-{year}-000002",
        f"SA-{year}-000003",
    ]


def test_a_new_year_starts_from_one(db):
    ReferenceCounter.take(2025, 41)
    assert list(ReferenceCounter.take(2026)) == [1]
    assert list(ReferenceCounter.take(2025)) == [42]
    assert ReferenceCounter.format(2026, 123) == "SA-2026-000123"


@pytest.mark.django_db(transaction=True)
def test_references_are_unique_under_concurrent_submits(skien, hospital):
    threads_count, per_thread = 8, 5
    references, errors = [], []
    barrier = threading.Barrier(threads_count)
    data = {
        "kind": Deviation.Kind.DEVIATION,
        "reporter_name": "Kari",
        "reporter_title": "",
        "reporter_email": "kari@example.org",
        "reporter_phone": "",
        "reporter_organisation": skien,
        "concerned_organisation": hospital,
        "agreement": None,
        "category": Deviation.Category.OTHER,
        "occurred_on": "2026-01-05",
        "description": "Samtidig",
        "consequence": "",
        "immediate_action": "",
        "suggestion": "",
    }

    def submit():
        try:
            barrier.wait()
            for _ in range(per_thread):
                deviation, _created = services.submit_deviation(data=data, submission_key=uuid.uuid4())
                references.append(deviation.reference)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    total = threads_count * per_thread
    year = timezone.localdate().year
    assert sorted(references) == [f"SA-{year}-{n:06d}" for n in range(1, total + 1)]
    assert Deviation.objects.count() == total
