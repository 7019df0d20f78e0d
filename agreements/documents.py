"""Documents (signed agreements, routine PDFs): PDF only, checked by content, never public.

The check itself, the download response and the demo PDF are samhandling.pdf's, shared with
the bodies' minutes and the events' presentations; they are named here as well, where the
agreements' models, views and migrations have always found them.
"""

from samhandling.pdf import check_pdf, minimal_pdf, pdf_response, random_pdf_name, validate_pdf

__all__ = [
    "agreement_document_path",
    "check_pdf",
    "minimal_pdf",
    "pdf_response",
    "routine_document_path",
    "validate_pdf",
]


def agreement_document_path(instance, filename):
    """upload_to for signed agreements: the uploaded name is ignored."""
    return random_pdf_name("avtaler")


def routine_document_path(instance, filename):
    """upload_to for routine documents: the uploaded name is ignored."""
    return random_pdf_name("rutiner")
