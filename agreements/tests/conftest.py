"""Agreements, versions, routines and documents for the tests. Personas come from the root conftest."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from agreements.documents import minimal_pdf
from agreements.models import Agreement, AgreementVersion, Routine

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today(monkeypatch):
    """Pins "today" so that in-force and due dates do not depend on when the tests run."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def pdf_upload(name="avtale.pdf", title="Testavtale"):
    return SimpleUploadedFile(name, minimal_pdf(title, ("En linje tekst.",)), content_type="application/pdf")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def make_service(point=5, **fields):
    return Agreement.objects.create(
        kind=Agreement.Kind.SERVICE,
        identifier=fields.pop("identifier", f"Tjenesteavtale {point}"),
        title=fields.pop("title", Agreement.LawPoint(point).label),
        law_point=point,
        **fields,
    )


def make_version(agreement, label, in_force_from, next_revision_due=None, with_document=True, **fields):
    version = AgreementVersion(
        agreement=agreement,
        label=label,
        adopted_on=fields.pop("adopted_on", in_force_from - datetime.timedelta(days=30)),
        in_force_from=in_force_from,
        next_revision_due=next_revision_due,
        **fields,
    )
    if with_document:
        version.document.save("x.pdf", ContentFile(minimal_pdf(f"{agreement.identifier} {label}")), save=False)
    version.save()
    return version


def make_routine(title="Rutine for utskrivning", status=Routine.Status.IN_FORCE, agreements=(), **fields):
    fields.setdefault("approved_on", datetime.date(2025, 1, 1) if status != Routine.Status.DRAFT else None)
    routine = Routine.objects.create(title=title, status=status, **fields)
    routine.agreements.set(agreements)
    return routine


@pytest.fixture
def discharge_agreement(db):
    return make_service(5, summary="Avtalen gjelder utskrivningsklare pasienter.")
