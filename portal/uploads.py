"""Checks on uploaded files, by content and never by name or browser-sent type.

Images (JPEG, PNG, WebP) are opened with Pillow, scaled down for the page and encoded
again, which also drops their metadata (camera, GPS position). Attachments are PDF or
PowerPoint, recognised by their first bytes and, for PowerPoint, their inner structure.
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

# Wide enough for the article column on a high-density screen.
IMAGE_MAX_SIZE = (1600, 1600)
# Refuse absurd dimensions before decoding (a small file can unpack to gigabytes).
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

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
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise not_an_image
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("Bildet har for mange piksler. Lagre det i mindre størrelse og prøv igjen."),
                    code="too_many_pixels",
                )
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, ValueError):
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
        return PDF
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            names = []
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and any(name.startswith("ppt/") for name in names):
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


def download_name(original_name: str, kind: AttachmentKind) -> str:
    """The name offered on download: the uploader's name with the extension of what the file is."""
    stem = PurePath(original_name.replace("\\", "/")).stem.strip() or "vedlegg"
    return f"{stem[:150]}.{kind.extension}"
