"""Event presentations and images: hostile files refused with a message that says why."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError

from agreements.tests import hostile_files
from portal import uploads
from portal.tests.conftest import ZIP_DATE_TIME, upload

PPTX_NAMES = ["[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml"]


def refusal(call, *args) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        call(*args)
    return error.value


@pytest.mark.parametrize(
    "build",
    [*hostile_files.ACTIVE_PDFS.values(), *hostile_files.POLYGLOT_PDFS.values()],
    ids=[*hostile_files.ACTIVE_PDFS.keys(), *hostile_files.POLYGLOT_PDFS.keys()],
)
def test_a_presentation_pdf_is_checked_as_strictly_as_an_agreement_document(build):
    error = refusal(uploads.attachment_kind, upload("lysark.pdf", build()))
    assert error.code in ("active_pdf", "polyglot_pdf")


def test_a_file_that_only_starts_like_a_pdf_is_refused_as_unreadable():
    error = refusal(uploads.attachment_kind, upload("lysark.pdf", b"%PDF-1.7\nhello\n%%EOF\n"))
    assert error.code == "broken_pdf"


def pptx_with(member_size: int, name: str = "ppt/media/image1.bin") -> bytes:
    """A PowerPoint-shaped ZIP with one member of `member_size` zero bytes (deflated to almost nothing)."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in PPTX_NAMES:
            archive.writestr(zipfile.ZipInfo(member, date_time=ZIP_DATE_TIME), "<xml/>")
        info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(member_size // len(chunk)):
                stream.write(chunk)
    return output.getvalue()


def test_it_refuses_a_presentation_that_unpacks_a_thousand_times_its_size():
    bomb = pptx_with(20 * 1024 * 1024)
    assert len(bomb) < 100_000
    error = refusal(uploads.attachment_kind, upload("lysark.pptx", bomb))
    assert error.code == "zip_bomb"
    assert "pakker seg ut til 20,0" in error.messages[0]


def test_it_refuses_a_presentation_past_the_unpacked_size_limit(monkeypatch):
    # The real limit is 512 MiB: the same rule, tested at a size the test can build quickly.
    monkeypatch.setattr(uploads, "ZIP_MAX_UNPACKED_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(uploads, "ZIP_MAX_RATIO", 10**9)
    error = refusal(uploads.attachment_kind, upload("lysark.pptx", pptx_with(5 * 1024 * 1024)))
    assert error.code == "zip_bomb"


def test_a_presentation_with_ordinary_media_passes():
    assert uploads.attachment_kind(upload("lysark.pptx", pptx_with(2 * 1024 * 1024))) == uploads.PPTX


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost nothing: enough for Pillow to read the size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    "size",
    [(8000, 6000), (30000, 30000)],  # past our 40 megapixels; past Pillow's own bomb limit
    ids=["48 megapixels", "900 megapixels"],
)
def test_an_image_past_the_pixel_limit_is_called_too_large_not_not_an_image(size):
    error = refusal(uploads.prepare_image, upload("bilde.png", png_header(*size)))
    assert error.code == "too_many_pixels"
    assert "Bildet er for stort" in error.messages[0]
    assert "40 megapiksler" in error.messages[0]
