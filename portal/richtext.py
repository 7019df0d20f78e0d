"""Rich text a non-technical editor can write, stored and shown sanitised.

Editors write a small Markdown subset in a plain textarea (no JavaScript editor): headings,
bold, italics, lists, links and quotes. markdown-it renders it with raw HTML switched off,
and nh3 then keeps only the tags below, so no unsanitised HTML reaches a page whatever
was typed (or written into the column by other means: templates sanitise again on output).
"""

import html

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# The page's title is its only <h1>, so the body's headings start at <h2>: "#" and "##"
# both give a section heading, "###" a subheading, anything deeper <h4>.
_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "html_inline", "html_block"]
)


def sanitise(markup: str) -> str:
    return nh3.clean(
        markup or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render(source: str) -> str:
    """Markdown-like source -> sanitised HTML."""
    tokens = _markdown.parse(source or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_LEVELS[token.tag]
    return sanitise(_markdown.renderer.render(tokens, _markdown.options, {}))


def to_plain_text(markup: str) -> str:
    """The words of sanitised HTML, for search and for calendar descriptions."""
    return html.unescape(nh3.clean(markup or "", tags=set())).strip()


def safe_html(markup: str) -> SafeString:
    return mark_safe(sanitise(markup))  # sanitised on this very line
