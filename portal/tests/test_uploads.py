"""Images and presentations are checked by what they contain, not by their names."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from portal import uploads
from portal.forms import AttachmentForm, NewsItemForm
from portal.tests.conftest import (
    doc_bytes,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    ppt_bytes,
    pptx_bytes,
    upload,
)


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_it_accepts_jpeg_png_and_webp(image_format, extension):
    prepared = uploads.prepare_image(upload(f"bilde.{extension}", image_bytes(image_format)))
    assert prepared.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(prepared.read())).format == image_format


def test_it_refuses_a_text_file_renamed_png():
    with pytest.raises(ValidationError) as error:
        uploads.prepare_image(upload("bilde.png", b"Dette er ikke et bilde", "image/png"))
    assert error.value.code == "not_an_image"


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_it_refuses_other_image_formats(image_format):
    with pytest.raises(ValidationError):
        uploads.prepare_image(upload("bilde.png", image_bytes(image_format), "image/png"))


def test_it_refuses_a_truncated_image():
    with pytest.raises(ValidationError):
        uploads.prepare_image(upload("bilde.png", image_bytes("PNG", (400, 400))[:200]))


def test_it_refuses_an_oversized_image(settings):
    settings.MAX_UPLOAD_MB = 1
    big = upload("stort.png", image_bytes("PNG") + b"\0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        uploads.prepare_image(big)
    assert error.value.code == "too_large"
    assert "Største tillatte størrelse er 1,0" in error.value.messages[0]


def test_it_refuses_an_image_with_absurd_dimensions(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 100 * 100)
    with pytest.raises(ValidationError) as error:
        uploads.prepare_image(upload("bilde.png", image_bytes("PNG", (200, 200))))
    assert error.value.code == "too_many_pixels"


def test_it_scales_a_large_image_down_for_the_page_and_keeps_its_shape():
    prepared = uploads.prepare_image(upload("stort.jpg", image_bytes("JPEG", (4000, 3000))))
    assert Image.open(io.BytesIO(prepared.read())).size == (1600, 1200)


def test_it_keeps_a_small_image_as_it_is():
    prepared = uploads.prepare_image(upload("lite.png", image_bytes("PNG", (300, 200))))
    assert Image.open(io.BytesIO(prepared.read())).size == (300, 200)


def test_it_drops_the_camera_metadata():
    output = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Kameraprodusent"  # Make
    Image.new("RGB", (50, 50)).save(output, "JPEG", exif=exif)
    prepared = uploads.prepare_image(upload("foto.jpg", output.getvalue()))
    assert not Image.open(io.BytesIO(prepared.read())).getexif()


def test_the_news_form_requires_alt_text_with_an_image(db):
    form = NewsItemForm(
        {"title": "Nyhet med bilde", "lead": "Ingress"}, {"image": upload("bilde.png", image_bytes("PNG"))}
    )
    assert not form.is_valid()
    assert "image_alt" in form.errors


def test_the_news_form_shows_the_image_error_on_the_image_field(db):
    form = NewsItemForm(
        {"title": "Nyhet", "lead": "Ingress", "image_alt": "Et bilde"}, {"image": upload("bilde.png", b"tekst")}
    )
    assert not form.is_valid()
    assert "JPEG, PNG eller WebP" in form.errors["image"][0]


@pytest.mark.parametrize(
    "name, content, kind",
    [("lysark.pdf", pdf_bytes, "pdf"), ("lysark.pptx", pptx_bytes, "pptx"), ("lysark.ppt", ppt_bytes, "ppt")],
)
def test_it_recognises_pdf_and_powerpoint_by_content(name, content, kind):
    assert uploads.attachment_kind(upload(name, content())).code == kind


@pytest.mark.parametrize(
    "name, content",
    [
        ("lysark.pdf", lambda: b"Bare tekst, kalt PDF"),
        ("lysark.pptx", docx_bytes),  # a Word document renamed
        ("lysark.ppt", doc_bytes),  # a Word 97-2003 document renamed
        ("lysark.pptx", lambda: b"PK\x03\x04 not really a zip"),
        ("lysark.pdf", lambda: image_bytes("PNG")),
    ],
)
def test_it_refuses_anything_else_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as error:
        uploads.attachment_kind(upload(name, content()))
    assert error.value.code == "wrong_kind"


def test_it_refuses_an_oversized_attachment(settings):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as error:
        uploads.attachment_kind(upload("stor.pdf", pdf_bytes() + b"\0" * (1024 * 1024)))
    assert error.value.code == "too_large"


def test_the_download_name_has_the_extension_of_what_the_file_is():
    assert uploads.download_name("Lysark fra fagdagen.txt", uploads.PDF) == "Lysark fra fagdagen.pdf"
    assert uploads.download_name("C:\\Users\\x\\Foredrag.PPTX", uploads.PPTX) == "Foredrag.pptx"


def test_the_attachment_form_stores_the_kind_and_a_random_name(db):
    form = AttachmentForm({"title": "Lysark"}, {"file": upload("Foredrag om PLO.pptx", pptx_bytes())})
    assert form.is_valid(), form.errors
    assert form.instance.kind == "pptx"
    assert form.instance.original_name == "Foredrag om PLO.pptx"
    assert form.cleaned_data["file"].name.endswith(".pptx")
    assert "Foredrag" not in form.cleaned_data["file"].name
