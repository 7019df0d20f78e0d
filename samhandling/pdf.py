"""The one PDF check of the portal, by content: documents, routine PDFs, presentations, minutes.

It sits in samhandling, below every domain app, so the contacts (bodies' minutes), the
agreements (signed versions, routines) and the portal (event presentations) share it.
Files are stored under names the server chooses and are served only by the portal's views
(pdf_response: Content-Disposition and application/pdf), never from MEDIA_URL.
"""

import io
import logging
import re
import uuid
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from samhandling.files import open_stored
from samhandling.text import norwegian_slugify

logger = logging.getLogger(__name__)

PDF_HEADER = b"%PDF-"
PDF_TRAILER = b"%%EOF"


def random_pdf_name(folder: str) -> str:
    """A name the server chooses, under `folder`: nothing a user typed ends up in a path."""
    return f"{folder}/{uuid.uuid4().hex}.pdf"


def validate_pdf(file: Any) -> None:
    """Refuses anything but a plain, readable PDF within MAX_UPLOAD_MB, with a message in plain Norwegian.

    Only new uploads are read: a document already stored passed this check when it came.
    """
    if getattr(file, "_committed", False):
        return
    limit_mb = settings.MAX_UPLOAD_MB
    if file.size > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Filen er for stor (%(size)s MB). Største tillatte størrelse er %(limit)s MB."),
            code="too_large",
            params={"size": f"{file.size / (1024 * 1024):.1f}".replace(".", ","), "limit": limit_mb},
        )
    file.seek(0)
    content = file.read()
    file.seek(0)
    check_pdf(content)


# Keys and action types that make a PDF do something when opened or clicked (scripts,
# launching programs, automatic actions) or carry other files inside it. Documents in the
# portal are read, not run: a PDF holding any of these is refused.
ACTIVE_KEYS = frozenset(
    ["/JS", "/JavaScript", "/OpenAction", "/AA", "/Launch", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA"]
)
ACTIVE_VALUES = frozenset(["/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/ImportData", "/SubmitForm"])
# Long enough never to occur by chance in compressed data; catches objects no xref points to.
ACTIVE_RAW = re.compile(rb"/(?:JavaScript|OpenAction|EmbeddedFiles?|Launch|RichMedia)(?![A-Za-z0-9])")
# Markup a browser would render if it sniffed the file as a web page.
MARKUP = re.compile(rb"<\s*(?:html|script|body|iframe|svg|!doctype)", re.IGNORECASE)


def check_pdf(content: bytes) -> None:
    """The one PDF check of the portal (agreement and routine documents, event presentations).

    Refuses what is not a PDF, what is also something else (a polyglot: bytes before
    %PDF- or after the last %%EOF, an embedded ZIP archive, web-page markup), what cannot be
    read, what is password-protected, and what carries scripts, automatic actions or files.
    """
    if not content.startswith(PDF_HEADER):
        raise ValidationError(
            _("Filen er ikke en PDF. Bare PDF-dokumenter kan lastes opp: lagre dokumentet som PDF og prøv igjen."),
            code="not_pdf",
        )
    broken = ValidationError(
        _("PDF-filen er skadet eller ufullstendig og kan ikke leses. Lagre den på nytt som PDF og prøv igjen."),
        code="broken_pdf",
    )
    end = content.rfind(PDF_TRAILER)
    if end == -1:
        raise broken
    if content[end + len(PDF_TRAILER) :].strip(b" \t\r\n\x00\x0c"):
        raise _polyglot()
    if MARKUP.search(content[:1024]) or zipfile.is_zipfile(io.BytesIO(content)):
        raise _polyglot()
    if ACTIVE_RAW.search(content):
        raise _active()
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("PDF-filen er passordbeskyttet. Last opp en versjon uten passord."), code="encrypted_pdf"
            )
        pages = len(reader.pages)
        if _has_active_content(reader):
            raise _active()
    except ValidationError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        # pypdf raises a variety of errors on malformed files; all mean the same to the user.
        logger.info("Refused an unreadable PDF upload")
        raise broken from None
    if pages < 1:
        raise broken


def _polyglot() -> ValidationError:
    logger.info("Refused a PDF upload that is also another kind of file")
    return ValidationError(
        _(
            "Filen er ikke en ren PDF: den inneholder også noe annet (for eksempel et ZIP-arkiv eller en "
            "nettside). Lagre dokumentet på nytt som PDF og prøv igjen."
        ),
        code="polyglot_pdf",
    )


def _active() -> ValidationError:
    logger.info("Refused a PDF upload with scripts, actions or embedded files")
    return ValidationError(
        _(
            "PDF-filen inneholder skript, automatiske handlinger eller innebygde filer, og slike filer tar vi "
            "ikke imot. Skriv dokumentet ut til en ny PDF («Skriv ut» og «Lagre som PDF») og prøv igjen."
        ),
        code="active_pdf",
    )


def _has_active_content(reader: PdfReader) -> bool:
    """Walks every object the file defines (not only those reachable from the pages)."""
    roots: list[Any] = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots.extend(IndirectObject(number, generation, reader) for number in numbers)
    roots.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    stack = roots
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            if ACTIVE_KEYS.intersection(item.keys()):
                return True
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in ACTIVE_VALUES:
            return True
    return False


def pdf_response(field_file: Any, title: str) -> FileResponse:
    """Serves a stored PDF as a download named after its title, or 404 if it is missing."""
    handle = open_stored(field_file)
    filename = f"{norwegian_slugify(title)[:80] or 'dokument'}.pdf"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


def minimal_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A small valid one-page PDF showing a title and a few lines (demo data and tests).

    Text is limited to Latin-1 (WinAnsi), which covers Norwegian letters.
    """

    def literal(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = [f"BT /F1 18 Tf 72 770 Td ({literal(title)}) Tj ET"]
    for index, line in enumerate(lines):
        text_ops.append(f"BT /F1 11 Tf 72 {740 - 16 * index} Td ({literal(line)}) Tj ET")
    stream = "\n".join(text_ops).encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe6\xf8\xe5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
