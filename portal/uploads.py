"""Checks on uploaded files, by content and never by name or browser-sent type.

Images (JPEG, PNG, WebP) are opened with Pillow, scaled down for the page and encoded
again, which also drops their metadata (camera, GPS position). Attachments are PDF or
PowerPoint, recognised by their first bytes and, for PowerPoint, their inner structure;
PDFs pass the same check as agreement documents (samhandling.pdf.check_pdf), and a
PowerPoint that would unpack to far more than it weighs (a zip bomb) is refused.
"""

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from samhandling.pdf import check_pdf

# Wide enough for the article column on a high-density screen.
IMAGE_MAX_SIZE = (1600, 1600)
# Refuse absurd dimensions before decoding (a small file can unpack to gigabytes).
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# A presentation unpacks to a few times its size (XML, media already compressed). Past these
# it is a zip bomb: a small file that fills the disk or memory of whatever unpacks it.
ZIP_MAX_UNPACKED_BYTES = 512 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FROM_BYTES = 10 * 1024 * 1024
ZIP_MAX_MEMBERS = 10_000

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A PowerPoint 97-2003 file is an OLE container holding a stream with this name.
PPT_STREAM_NAME = "PowerPoint Document".encode("utf-16-le")


@dataclass(frozen=True)
class AttachmentKind:
    code: str
    extension: str
    content_type: str


PDF = AttachmentKind("pdf", "pdf", "application/pdf")
PPTX = AttachmentKind("pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
PPT = AttachmentKind("ppt", "ppt", "application/vnd.ms-powerpoint")
ATTACHMENT_KINDS = {kind.code: kind for kind in (PDF, PPTX, PPT)}


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def check_size(upload) -> None:
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("Filen er for stor (%(size)s). Største tillatte størrelse er %(max)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_upload_bytes())},
        )


def prepare_image(upload) -> ContentFile:
    """Checks an uploaded image and returns it scaled down and re-encoded, with a random name."""
    check_size(upload)
    not_an_image = ValidationError(
        _("Filen er ikke et bilde vi kan bruke. Last opp et bilde i formatet JPEG, PNG eller WebP."),
        code="not_an_image",
    )
    too_many_pixels = ValidationError(
        _(
            "Bildet er for stort: det har mer enn %(megapixels)s megapiksler. Lagre det i mindre størrelse "
            "(for eksempel 2000 × 2000 piksler) og prøv igjen."
        ),
        code="too_many_pixels",
        params={"megapixels": IMAGE_MAX_PIXELS // 1_000_000},
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise not_an_image
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise too_many_pixels
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses to open it at all: far past our own limit, and still an image.
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise not_an_image from None

    image_format = image.format
    image = ImageOps.exif_transpose(image)
    image.thumbnail(IMAGE_MAX_SIZE, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}")


def attachment_kind(upload) -> AttachmentKind:
    """The kind of an uploaded presentation, read from its content; refuses anything else."""
    check_size(upload)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        # As strictly as agreement documents: one checker for every PDF the portal takes.
        content = upload.read()
        upload.seek(0)
        check_pdf(content)
        return PDF
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            members = []
        finally:
            upload.seek(0)
        names = [member.filename for member in members]
        if "[Content_Types].xml" in names and any(name.startswith("ppt/") for name in names):
            check_unpacked_size(members)
            return PPTX
    if head.startswith(OLE_MAGIC):
        # Word and Excel 97-2003 files share the container; only PowerPoint has this stream.
        found = PPT_STREAM_NAME in upload.read()
        upload.seek(0)
        if found:
            return PPT
    raise ValidationError(
        _("Vedlegget må være en PDF eller en PowerPoint-presentasjon (.pptx eller .ppt)."),
        code="wrong_kind",
    )


def check_unpacked_size(members: list[zipfile.ZipInfo]) -> None:
    """Refuses a ZIP (PowerPoint) that would unpack to far more than it weighs: a zip bomb.

    Read from the archive's directory; the portal never unpacks the file, but whoever opens
    it (a viewer, a virus scanner, an indexer) would.
    """
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    suspicious = (
        len(members) > ZIP_MAX_MEMBERS
        or unpacked > ZIP_MAX_UNPACKED_BYTES
        or (unpacked > ZIP_RATIO_FROM_BYTES and unpacked > ZIP_MAX_RATIO * max(packed, 1))
    )
    if suspicious:
        raise ValidationError(
            _(
                "Presentasjonen pakker seg ut til %(size)s, langt mer enn en vanlig presentasjon, og kan ikke "
                "lastes opp. Lagre den på nytt i PowerPoint, eller som PDF, og prøv igjen."
            ),
            code="zip_bomb",
            params={"size": filesizeformat(unpacked)},
        )


def download_name(original_name: str, kind: AttachmentKind) -> str:
    """The name offered on download: the uploader's name with the extension of what the file is."""
    stem = PurePath(original_name.replace("\\", "/")).stem.strip() or "vedlegg"
    return f"{stem[:150]}.{kind.extension}"
