"""Documents are PDFs checked by content, kept under server-chosen names and served by views only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.documents import minimal_pdf, validate_pdf
from agreements.models import AgreementVersion
from agreements.tests.conftest import make_routine, make_version, pdf_upload, png_bytes

pytestmark = pytest.mark.django_db


def _post_version(client, agreement, document):
    return client.post(
        f"/avtaler/{agreement.slug}/ny-versjon/",
        {
            "label": "2026",
            "adopted_on": "2026-05-01",
            "in_force_from": "2026-07-01",
            "changes": "Endret",
            "document": document,
        },
    )


def test_a_small_valid_pdf_is_accepted_and_stored_under_a_random_name(client, coordinator, discharge_agreement, today):
    client.force_login(coordinator)
    response = _post_version(client, discharge_agreement, pdf_upload("../../etc/passwd Avtale 5.pdf"))
    assert response.status_code == 302
    name = AgreementVersion.objects.get().document.name
    assert name.startswith("avtaler/") and name.endswith(".pdf")
    assert "passwd" not in name and "Avtale" not in name
    assert len(name) == len("avtaler/") + 32 + len(".pdf")


def test_a_png_renamed_to_pdf_is_refused_with_a_clear_message(client, coordinator, discharge_agreement, today):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("avtale.pdf", png_bytes(), content_type="application/pdf")
    response = _post_version(client, discharge_agreement, fake)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filen er ikke en PDF. Bare PDF-dokumenter kan lastes opp" in page
    assert 'href="#id_document"' in page  # the error summary leads to the field
    assert 'value="2026"' in page  # the rest of the input is kept
    assert not AgreementVersion.objects.exists()


def test_an_oversized_file_is_refused(client, coordinator, discharge_agreement, today, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(coordinator)
    pdf = minimal_pdf("Stor avtale")
    padded = pdf.replace(b"%%EOF", b"%" + b"x" * (1024 * 1024) + b"\n%%EOF")
    response = _post_version(client, discharge_agreement, SimpleUploadedFile("stor.pdf", padded))
    assert response.status_code == 400
    assert "Filen er for stor (1,0 MB). Største tillatte størrelse er 1 MB." in response.content.decode()
    assert not AgreementVersion.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\nthis is not really a pdf",  # header, no trailer
        b"%PDF-1.4\n1 0 obj\n<< garbage >>\nendobj\n%%EOF\n",  # header and trailer, nothing readable
        minimal_pdf("Avkortet")[:-200] + b"%%EOF",  # truncated
    ],
)
def test_a_broken_pdf_is_refused_not_a_500(content):
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("x.pdf", content))
    assert error.value.code == "broken_pdf"


def test_an_empty_file_is_refused(client, coordinator, discharge_agreement, today):
    client.force_login(coordinator)
    response = _post_version(client, discharge_agreement, SimpleUploadedFile("tom.pdf", b""))
    assert response.status_code == 400


def test_the_signed_pdf_is_served_as_a_named_download(client, discharge_agreement, today):
    version = make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1))
    response = client.get(version.get_document_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="tjenesteavtale-5-utskrivningsklare-pasienter-versjon-2023.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_version_document_is_not_found_under_another_agreement(client, discharge_agreement, today):
    from agreements.tests.conftest import make_service

    other = make_service(3)
    version = make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1))
    assert client.get(f"/avtaler/{other.slug}/versjoner/{version.pk}/dokument/").status_code == 404


def test_a_document_missing_from_storage_is_a_404_not_a_500(client, discharge_agreement, today):
    version = make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1))
    version.document.storage.delete(version.document.name)
    assert client.get(version.get_document_url()).status_code == 404


def test_a_routine_without_a_document_has_no_download(client, db):
    routine = make_routine()
    assert client.get(routine.get_document_url()).status_code == 404
    assert "Last ned rutinen" not in client.get(routine.get_absolute_url()).content.decode()


def test_documents_are_never_linked_through_the_media_url(client, discharge_agreement, today):
    make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1))
    page = client.get(discharge_agreement.get_absolute_url()).content.decode()
    assert "/media/" not in page
    assert "/dokument/" in page


def test_a_stored_document_is_not_read_again_when_the_version_is_saved(discharge_agreement, today):
    version = make_version(discharge_agreement, "2023", datetime.date(2023, 4, 1))
    version.document.storage.delete(version.document.name)
    version.changes = "Rettet en skrivefeil."
    version.full_clean()  # would fail if validate_pdf re-read the (now missing) stored file
