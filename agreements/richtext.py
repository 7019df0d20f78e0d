"""Rich text for summaries and routine bodies: sanitised once, on save, then rendered with |safe.

Coordinators may write simple HTML (headings, paragraphs, emphasis, lists, links) or plain
text with blank lines between paragraphs. Everything else (scripts, event handlers, styles,
javascript: links) is removed before the text reaches the database.
"""

import html
import re

import nh3
from django.utils.html import linebreaks

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HAS_TAG = re.compile(r"<[a-zA-Z/!]")
# Block-level boundaries become spaces in the plain-text copy, so words do not run together.
_BLOCK_BOUNDARY = re.compile(r"</?(?:p|br|h[1-6]|li|ul|ol|div|tr|td|th)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def sanitise_html(text: str) -> str:
    """Safe HTML from what a coordinator typed. Plain text gets paragraphs from its blank lines."""
    text = (text or "").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        text = linebreaks(text, autoescape=True)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def html_to_text(text: str) -> str:
    """The words of sanitised HTML as plain text: what full-text search and headlines read."""
    spaced = _BLOCK_BOUNDARY.sub(" ", text or "")
    plain = html.unescape(nh3.clean(spaced, tags=set()))
    return _SPACES.sub(" ", plain).strip()


def safe_snippet(headline: str) -> str:
    """A ts_headline of plain text as safe HTML: everything escaped except its <mark> tags."""
    return nh3.clean(headline or "", tags={"mark"}, attributes={})
