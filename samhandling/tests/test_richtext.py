"""One dialect for all rich text: a Markdown subset; only headings, emphasis, lists, links and quotes reach a page."""

import pytest

from portal.tests.conftest import make_news
from samhandling import richtext


def test_it_renders_what_an_editor_writes():
    html = richtext.render(
        "## Mellomtittel\n\nTekst med **fet** og *kursiv*.\n\n- en\n- to\n\n1. første\n\n[Lovdata](https://lovdata.no/)"
    )
    assert "<h2>Mellomtittel</h2>" in html
    assert "<strong>fet</strong>" in html and "<em>kursiv</em>" in html
    assert "<ul>\n<li>en</li>" in html and "<ol>\n<li>første</li>" in html
    assert '<a href="https://lovdata.no/" rel="noopener noreferrer">Lovdata</a>' in html


def test_the_body_never_gets_a_second_h1():
    assert richtext.render("# Stor tittel") == "<h2>Stor tittel</h2>\n"
    assert "<h4>" in richtext.render("###### Liten")


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src=x onerror="alert(1)">', "<img"),
        ("[klikk](javascript:alert(1))", 'href="javascript'),
        ('<a href="https://x.example.org" onclick="alert(1)">x</a>', '<a href="https://x.example.org" onclick'),
        ("<iframe src='https://x.example.org'></iframe>", "<iframe"),
        ("![bilde](https://x.example.org/sporing.png)", "<img"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_it_keeps_nothing_dangerous(source, forbidden):
    assert forbidden not in richtext.render(source)


@pytest.mark.parametrize(
    "markup, expected",
    [
        ('<p onclick="x">a<script>b</script></p>', "<p>a</p>"),
        ('<a href="javascript:x">c</a>', '<a rel="noopener noreferrer">c</a>'),
        ('<h2 style="color:red">T</h2>', "<h2>T</h2>"),
    ],
)
def test_stored_html_is_sanitised_again_on_the_way_out(markup, expected):
    assert richtext.safe_html(markup) == expected


def test_the_page_shows_the_sanitised_body_and_search_gets_the_plain_words(client, db):
    item = make_news("Nyhet", body="**Viktig:** <script>alert('x')</script> les [mer](https://example.org).")
    item.refresh_from_db()
    assert "<strong>Viktig:</strong>" in item.body_html
    assert "<script>" not in item.body_html
    assert item.body_text.startswith("Viktig:")
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Viktig:</strong>" in page
    assert "<script>alert" not in page
