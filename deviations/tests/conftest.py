"""Deviations built the way the portal builds them, for the tests of this app."""

import datetime
import uuid

import pytest
from django.utils import timezone

from conftest import make_user
from contacts import roles
from deviations import services, tokens
from deviations.models import Deviation, ReferenceCounter

# A fødselsnummer that passes both check digits (invented, never issued to a person we know).
IDENTITY_NUMBER = "23066543242"


def report_data(reporter_organisation, concerned_organisation, /, **overrides):
    """What a nurse in `reporter_organisation` types into /avvik/meld/."""
    data = {
        "kind": Deviation.Kind.DEVIATION,
        "reporter_name": "Kari Nordmann",
        "reporter_title": "Sykepleier",
        "reporter_email": "kari.nordmann@skien.kommune.example.org",
        "reporter_phone": "",
        "reporter_organisation": reporter_organisation.pk,
        "concerned_organisation": concerned_organisation.pk,
        "agreement": "",
        "category": Deviation.Category.DISCHARGE,
        "occurred_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "description": "Pasienten kom hjem uten oppdatert legemiddelliste.",
        "consequence": Deviation.Consequence.MINOR,
        "immediate_action": "",
        "suggestion": "",
        "submission_key": str(uuid.uuid4()),
        "homepage": "",
    }
    data.update(overrides)
    return data


def make_deviation(reporter_organisation, concerned_organisation, reported_by=None, **fields):
    """A deviation submitted through the service, with its created event and e-mails queued."""
    data = {
        "kind": Deviation.Kind.DEVIATION,
        "reporter_name": "Kari Nordmann",
        "reporter_title": "Sykepleier",
        "reporter_email": "kari.nordmann@example.org",
        "reporter_phone": "",
        "reporter_organisation": reporter_organisation,
        "concerned_organisation": concerned_organisation,
        "agreement": None,
        "category": Deviation.Category.DISCHARGE,
        "occurred_on": timezone.localdate() - datetime.timedelta(days=2),
        "description": "Pasienten kom hjem uten oppdatert legemiddelliste.",
        "consequence": Deviation.Consequence.MINOR,
        "immediate_action": "",
        "suggestion": "",
    } | fields
    deviation, created = services.submit_deviation(data=data, submission_key=uuid.uuid4(), reported_by=reported_by)
    assert created
    return deviation


def bulk_deviations(count, reporter_organisation, concerned_organisation, **fields):
    """Many deviations at once (bulk_create), for query budgets at large sizes."""
    now = timezone.now()
    year = timezone.localtime(now).year
    numbers = ReferenceCounter.take(year, count)
    objects = []
    for number in numbers:
        submission = tokens.submission_digest(uuid.uuid4())
        received_at = now - datetime.timedelta(hours=number)
        objects.append(
            Deviation(
                reference=ReferenceCounter.format(year, number),
                kind=Deviation.Kind.DEVIATION,
                reporter_name="Ola Nordmann",
                reporter_email="ola@example.org",
                reporter_organisation=reporter_organisation,
                concerned_organisation=concerned_organisation,
                category=Deviation.Category.ADMISSION,
                occurred_on=timezone.localdate(received_at),
                description="Innleggelsesrapporten manglet.",
                received_at=received_at,
                respond_by=Deviation.deadline_for(received_at),
                submission_key_hash=submission,
                tracking_token_hash=tokens.digest(tokens.derive_token(submission)),
                **fields,
            )
        )
    return Deviation.objects.bulk_create(objects, batch_size=2000)


@pytest.fixture
def deviation(skien, hospital):
    """A samhandlingsavvik from Skien kommune to the hospital, just received."""
    return make_deviation(skien, hospital)


@pytest.fixture
def hospital_colleague(hospital):
    """A second Avviksbehandler at the hospital, with a name, to hand cases to."""
    return make_user("kollega", hospital, roles.HANDLER, first_name="Hanne", last_name="Kollega")
