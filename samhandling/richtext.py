"""The portal's one rich-text dialect: a small Markdown subset, rendered and then sanitised.

News, events, agreement summaries, version changes and routines are all written this way, in
a plain textarea (no JavaScript editor): headings, bold, italics, lists, links and quotes.
markdown-it renders it with raw HTML switched off, and nh3 then keeps only the tags below,
so no unsanitised HTML reaches a page whatever was typed. Markdown rather than HTML because
editors and coordinators are not web developers, and none of the content needs tables.

`html_to_markdown` exists for content written before, when agreements and routines took
simple HTML: their data migration converts it with this module, so old and new text go
through the same rendering.
"""

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"h2", "h3", "h4", "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

HELP_TEXT = _(
    "Skriv vanlig tekst; tom linje gir nytt avsnitt. "
    "## Mellomtittel · **fet skrift** · *kursiv* · «- » eller «1. » først på linjen gir punktliste "
    "eller nummerert liste · [lenketekst](https://adresse.no) gir lenke."
)

# The page's title is its only <h1>, so the body's headings start at <h2>: "#" and "##"
# both give a section heading, "###" a subheading, anything deeper <h4>.
_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
    ["image", "html_inline", "html_block"]
)

# Block-level boundaries become spaces in the plain-text copy, so words do not run together.
_BLOCK_BOUNDARY = re.compile(r"</?(?:p|br|h[1-6]|li|ul|ol|div|blockquote)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def sanitise(markup: str) -> str:
    """HTML with only the allowed tags, attributes and link schemes left."""
    return nh3.clean(
        markup or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(source: str) -> str:
    """Markdown source -> sanitised HTML, to store beside the source or to show."""
    tokens = _markdown.parse(source or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_LEVELS[token.tag]
    return sanitise(_markdown.renderer.render(tokens, _markdown.options, {}))


def to_plain_text(markup: str) -> str:
    """The words of sanitised HTML, for full-text search, snippets and calendar descriptions."""
    spaced = _BLOCK_BOUNDARY.sub(" ", markup or "")
    return _SPACES.sub(" ", html.unescape(nh3.clean(spaced, tags=set()))).strip()


def safe_html(markup: str) -> SafeString:
    """Stored HTML, sanitised again on the way out."""
    return mark_safe(sanitise(markup))  # sanitised on this very line


def render_safe(source: str) -> SafeString:
    """Markdown source straight to safe HTML, for text whose HTML is not stored."""
    return mark_safe(render(source))  # render() sanitises


# --- Converting the HTML written before ---------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)", re.MULTILINE)


class _MarkdownWriter(HTMLParser):
    """Writes sanitised HTML of the allowed tags as the Markdown that renders back to it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current = ""
        self.lists: list[list[int]] = []  # per open list: [ordered (0/1), next number]
        self.links: list[str] = []
        self.at_line_start = True

    def _end_block(self) -> None:
        if self.current.strip():
            self.blocks.append(self.current.rstrip())
        self.current = ""
        self.at_line_start = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3", "h4"):
            self._end_block()
            self.current = "#" * int(tag[1]) + " "
        elif tag in ("p", "blockquote") and not self.lists:
            self._end_block()
            if tag == "blockquote":
                self.current = "> "
        elif tag == "br":
            self.current += "\\\n"
            self.at_line_start = True
        elif tag == "strong":
            self.current += "**"
        elif tag == "em":
            self.current += "*"
        elif tag in ("ul", "ol"):
            if not self.lists:
                self._end_block()
            self.lists.append([int(tag == "ol"), 1])
        elif tag == "li" and self.lists:
            ordered, number = self.lists[-1]
            indent = "   " * (len(self.lists) - 1)
            marker = f"{number}. " if ordered else "- "
            self.lists[-1][1] += 1
            self.current = self.current.rstrip(" ")
            if self.current:
                self.current += "\n"
            self.current += indent + marker
            self.at_line_start = True
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.current += "["

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3", "h4") or (tag in ("p", "blockquote") and not self.lists):
            self._end_block()
        elif tag == "strong":
            self.current += "**"
        elif tag == "em":
            self.current += "*"
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            if not self.lists:
                self._end_block()
        elif tag == "a" and self.links:
            href = self.links.pop().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            self.current += f"]({href})"

    def handle_data(self, data: str) -> None:
        text = _SPACES.sub(" ", data)
        paragraph_start = self.at_line_start and not self.current
        if self.at_line_start:
            text = text.lstrip()
            if not text:
                return
        self.at_line_start = False
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
        if paragraph_start:
            # A paragraph starting "1. " or "- " would become a list: escape the marker.
            text = _LINE_START_SPECIAL.sub(lambda m: m.group(1) + _escape_marker(m.group(2)) + m.group(3), text)
        self.current += text

    def markdown(self) -> str:
        self._end_block()
        return "\n\n".join(self.blocks)


def html_to_markdown(markup: str) -> str:
    """Sanitised HTML (as agreements and routines stored it) as Markdown that renders to the same HTML."""
    writer = _MarkdownWriter()
    writer.feed(sanitise(markup))
    writer.close()
    return writer.markdown()


def _escape_marker(marker: str) -> str:
    return "\\" + marker if marker in "-+" else marker[:-1] + "\\" + marker[-1]
