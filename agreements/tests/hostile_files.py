"""Hostile PDFs built in the tests with pypdf (deterministic: pypdf writes no date or random ID
unless asked), never downloaded: each carries one thing a document in the portal must not."""

import io
import zipfile

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from agreements.documents import minimal_pdf

ZIP_DATE_TIME = (2026, 1, 1, 12, 0, 0)


def _write(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = TextStringObject(value)
    return action


def pdf_with_open_action_javascript() -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert('hei')")
    return _write(writer)


def pdf_with_document_javascript() -> bytes:
    """A named script in the document's /Names tree, run when the file opens."""
    writer = _writer()
    names = ArrayObject([TextStringObject("hei"), _action("/JavaScript", JS="app.alert('hei')")])
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})}
    )
    return _write(writer)


def pdf_with_launch_on_page_open() -> bytes:
    """An additional action (/AA) on the page that launches a program."""
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/Launch", F="calc.exe")})
    return _write(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("faktura.exe", b"MZ\x90\x00 not really a program")
    return _write(writer)


def pdf_with_javascript_name_hidden_by_escapes() -> bytes:
    """/J#61vaScript is /JavaScript to a reader: only a parser that decodes names sees it."""
    content = pdf_with_open_action_javascript()
    return content.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/OpenAction", b"/Open#41ction")


def zip_bytes() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(zipfile.ZipInfo("index.html", date_time=ZIP_DATE_TIME), "<script>alert(1)</script>")
    return output.getvalue()


def pdf_with_junk_before_the_header() -> bytes:
    return b"GIF89a\x01\x00\x01\x00" + minimal_pdf("Polyglott")


def pdf_with_html_after_eof() -> bytes:
    return minimal_pdf("Polyglott") + b"<html><script>alert(1)</script></html>\n"


def pdf_with_zip_after_eof() -> bytes:
    return minimal_pdf("Polyglott") + zip_bytes()


def pdf_with_zip_inside() -> bytes:
    """A ZIP archive hidden before the final %%EOF (a PDF comment may hold any bytes)."""
    pdf = minimal_pdf("Polyglott")
    end = pdf.rindex(b"%%EOF")
    return pdf[:end] + b"%" + zip_bytes() + b"\n" + pdf[end:]


def pdf_that_is_also_a_web_page() -> bytes:
    pdf = minimal_pdf("Polyglott")
    return pdf.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<html><body><script>alert(1)</script>\n", 1)


ACTIVE_PDFS = {
    "OpenAction with JavaScript": pdf_with_open_action_javascript,
    "JavaScript in the /Names tree": pdf_with_document_javascript,
    "Launch in the page's /AA": pdf_with_launch_on_page_open,
    "embedded file": pdf_with_embedded_file,
    "JavaScript behind #-escaped names": pdf_with_javascript_name_hidden_by_escapes,
}
POLYGLOT_PDFS = {
    "HTML after %%EOF": pdf_with_html_after_eof,
    "ZIP after %%EOF": pdf_with_zip_after_eof,
    "ZIP inside the PDF": pdf_with_zip_inside,
    "web page markup after the header": pdf_that_is_also_a_web_page,
}
