"""Agreement and routine documents: PDFs that act, carry files or are two files at once are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.documents import minimal_pdf, validate_pdf
from agreements.tests import hostile_files
from agreements.tests.test_documents import _post_version


def refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_pdf(SimpleUploadedFile("avtale.pdf", content))
    return error.value


def test_the_hostile_files_are_built_the_same_every_time():
    for build in [*hostile_files.ACTIVE_PDFS.values(), *hostile_files.POLYGLOT_PDFS.values()]:
        assert build() == build()


@pytest.mark.parametrize("build", hostile_files.ACTIVE_PDFS.values(), ids=hostile_files.ACTIVE_PDFS.keys())
def test_it_refuses_a_pdf_with_scripts_actions_or_embedded_files(build):
    error = refusal(build())
    assert error.code == "active_pdf"
    assert "skript, automatiske handlinger eller innebygde filer" in error.messages[0]


@pytest.mark.parametrize("build", hostile_files.POLYGLOT_PDFS.values(), ids=hostile_files.POLYGLOT_PDFS.keys())
def test_it_refuses_a_pdf_that_is_also_another_kind_of_file(build):
    error = refusal(build())
    assert error.code == "polyglot_pdf"
    assert "ikke en ren PDF" in error.messages[0]


def test_it_refuses_junk_before_the_pdf_header():
    assert refusal(hostile_files.pdf_with_junk_before_the_header()).code == "not_pdf"


def test_a_plain_pdf_with_trailing_whitespace_still_passes():
    validate_pdf(SimpleUploadedFile("avtale.pdf", minimal_pdf("Avtale") + b"\r\n  \n"))


def test_the_version_form_says_why_keeps_the_input_and_stores_nothing(client, coordinator, discharge_agreement):
    from agreements.models import AgreementVersion

    client.force_login(coordinator)
    upload = SimpleUploadedFile("avtale.pdf", hostile_files.pdf_with_embedded_file())
    response = _post_version(client, discharge_agreement, upload)
    assert response.status_code == 400
    page = response.content.decode()
    assert "innebygde filer" in page
    assert "Endret" in page  # the changes typed are kept
    assert not AgreementVersion.objects.filter(label="2026").exists()
