"""Stored files (news images, presentations, agreement documents) served back to readers."""

import logging
from typing import Any

from django.http import Http404

logger = logging.getLogger(__name__)


def open_stored(field_file: Any) -> Any:
    """The stored file opened for reading, or 404 (and an error in the log) if storage has lost it.

    Asked first, not only caught on opening: object storage (S3) opens lazily and would fail
    while the response streams, after the status line was sent.
    """
    if not field_file:
        raise Http404("No file")
    try:
        if field_file.storage.exists(field_file.name):
            return field_file.open("rb")
    except FileNotFoundError:  # removed between the two
        pass
    logger.error("File missing from storage: %s", field_file.name)
    raise Http404("File missing")
