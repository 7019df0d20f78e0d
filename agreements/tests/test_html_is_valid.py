"""Every agreements page, including its error states, is valid HTML (Nu HTML Checker)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, Routine
from agreements.tests.conftest import make_routine, make_service, make_version, png_bytes
from conftest import assert_valid_html

pytestmark = pytest.mark.django_db


def test_the_agreement_and_routine_pages_are_valid_html(client, coordinator, hospital, today):
    discharge = make_service(5, summary="## Om\n\nTekst med [lenke](https://example.org/).")
    make_version(discharge, "2019", datetime.date(2019, 1, 1), changes="- Første")
    make_version(discharge, "2023", datetime.date(2023, 1, 1), today - datetime.timedelta(days=3))
    make_version(discharge, "2027", datetime.date(2027, 1, 1))
    Agreement.objects.create(kind=Agreement.Kind.SUB, identifier="Særavtale 5.1", title="Sær", parent=discharge)
    routine = make_routine(
        "Rutine for utskrivning",
        agreements=[discharge],
        audience=["sykehus"],
        owner_organisation=hospital,
        body="## Slik\n\n1. En",
        next_review_due=today + datetime.timedelta(days=10),
    )
    make_routine("Utkast", status=Routine.Status.DRAFT, agreements=[discharge])
    pages = {}
    for path in [
        "/avtaler/",
        discharge.get_absolute_url(),
        "/rutiner/",
        "/rutiner/?q=utskrivning",
        "/rutiner/?q=ingen",
        "/rutiner/?avtale=finnes-ikke",
        routine.get_absolute_url(),
    ]:
        pages[f"reader {path}"] = client.get(path).content
    client.force_login(coordinator)
    for path in [
        "/avtaler/",
        discharge.get_absolute_url(),
        "/rutiner/?status=alle",
        "/avtaler/til-revisjon/",
        f"/avtaler/{discharge.slug}/ny-versjon/",
    ]:
        pages[f"coordinator {path}"] = client.get(path).content
    pages["refused upload"] = client.post(
        f"/avtaler/{discharge.slug}/ny-versjon/",
        {"label": "2019", "adopted_on": "x", "in_force_from": "", "document": SimpleUploadedFile("a.pdf", png_bytes())},
    ).content
    assert_valid_html(pages)
