"""Readiness: may this app node take requests? It may when the database and the file storage answer.

`/helse/` (liveness) asks only the database; a load balancer or an orchestrator asks
`/helse/klar/` before sending a node traffic, and a node whose object store is unreachable
is taken out of rotation instead of failing every upload and download. The storage check
writes, reads back and deletes a tiny object, since a store that lists but refuses writes
(wrong credentials, a full disk, a read-only bucket policy) is not ready either.
"""

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

PROBE_FOLDER = "readiness"


def database_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Readiness: the database does not answer")
        return False
    return True


def storage_ready() -> bool:
    content = secrets.token_hex(8).encode()
    name = ""
    try:
        name = default_storage.save(f"{PROBE_FOLDER}/{secrets.token_hex(8)}.txt", ContentFile(content))
        with default_storage.open(name, "rb") as stored:
            if stored.read() != content:
                logger.error("Readiness: the file storage gave back other bytes than were written")
                return False
    except Exception:  # any backend's error (OSError, botocore's) means the same: not ready
        logger.exception("Readiness: the file storage does not answer")
        return False
    finally:
        if name:
            try:
                default_storage.delete(name)
            except Exception:
                logger.warning("Readiness: could not delete the probe %s", name)
    return True


@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """200 `ok` when the database and the storage answer; 503 naming what does not."""
    failing = [name for name, check in (("database", database_ready), ("storage", storage_ready)) if not check()]
    if failing:
        return HttpResponse(" ".join(f"{name} unavailable" for name in failing), status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
