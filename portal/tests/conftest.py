"""Fixtures for the portal's tests: items in each state, files of each kind, a clean cache."""

import datetime
import io
import time
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from portal.models import Event, NewsItem, Page, Publishable

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fresh_cache(db):
    """The front page cache lives in a database table that transactional tests do not flush."""
    cache.clear()
    yield
    cache.clear()


def set_state(item, state):
    """draft, scheduled (in an hour), published (an hour ago) or withdrawn."""
    now = timezone.now()
    if state == "draft":
        item.status, item.publish_at = Publishable.Status.DRAFT, None
    elif state == "scheduled":
        item.publish(now + HOUR)
    elif state == "published":
        item.publish(now - HOUR)
    elif state == "withdrawn":
        item.publish(now - DAY)
        item.unpublish()
    else:
        raise ValueError(state)
    return item


def make_news(title="Nyhet om samhandling", state="published", **fields):
    fields.setdefault("lead", "En kort ingress.")
    item = set_state(NewsItem(title=title, **fields), state)
    item.save()
    return item


def make_page(title="Om helsefellesskapet", state="published", **fields):
    """An editor's page (Page), published an hour ago unless told otherwise."""
    fields.setdefault("body", "Kommunene og sykehuset samarbeider.")
    item = set_state(Page(title=title, **fields), state)
    item.save()
    return item


def make_event(title="Fagdag om samhandling", state="published", starts_in=7 * DAY, hours=6, **fields):
    starts_at = timezone.now() + starts_in
    item = set_state(Event(title=title, starts_at=starts_at, ends_at=starts_at + hours * HOUR, **fields), state)
    item.save()
    return item


def image_bytes(image_format="PNG", size=(40, 30), mode="RGB"):
    output = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(output, image_format)
    return output.getvalue()


# A fixed timestamp: with the current time two calls a second apart give different bytes
# (and so different digests), which made tests that compare uploads flaky.
ZIP_DATE_TIME = (2026, 1, 1, 12, 0, 0)


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Pillow dates a PDF with the current time unless told otherwise.
PDF_DATE = time.struct_time(ZIP_DATE_TIME + (3, 1, 0))


def pdf_bytes():
    output = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(output, "PDF", creationDate=PDF_DATE, modDate=PDF_DATE)
    return output.getvalue()


def zip_bytes(names):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME), "<xml/>")
    return output.getvalue()


def pptx_bytes():
    return zip_bytes(["[Content_Types].xml", "_rels/.rels", "ppt/presentation.xml", "ppt/slides/slide1.xml"])


def docx_bytes():
    return zip_bytes(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ppt_bytes():
    """The start of an OLE container whose directory names a "PowerPoint Document" stream."""
    return OLE_MAGIC + b"\x00" * 504 + "PowerPoint Document".encode("utf-16-le") + b"\x00" * 64


def doc_bytes():
    return OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64
