"""Summaries and routine bodies are sanitised on save: no script ever reaches a page."""

import pytest

from agreements.models import Agreement
from agreements.richtext import html_to_text, safe_snippet, sanitise_html
from agreements.tests.conftest import make_routine, make_service

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h2>Formål</h2><p onclick="steal()">Tekst <strong>viktig</strong></p>'
    "<script>alert('x')</script><img src=x onerror=alert(1)>"
    '<a href="javascript:alert(1)">lenke</a> <a href="https://example.org/">trygg</a>'
    '<iframe src="https://evil.example.org/"></iframe><p style="color:red">stil</p>'
)


def test_sanitising_keeps_the_allowed_markup_and_drops_the_rest():
    clean = sanitise_html(HOSTILE)
    assert "<h2>Formål</h2>" in clean
    assert "<strong>viktig</strong>" in clean
    assert '<a href="https://example.org/" rel="noopener noreferrer">trygg</a>' in clean
    for forbidden in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe", "<img", "style="):
        assert forbidden not in clean


def test_plain_text_gets_paragraphs_and_is_escaped():
    assert sanitise_html("Første avsnitt.\n\nAndre avsnitt & mer < 5") == (
        "<p>Første avsnitt.</p>\n\n<p>Andre avsnitt &amp; mer &lt; 5</p>"
    )


def test_the_plain_text_copy_keeps_words_apart_and_unescaped():
    assert html_to_text("<h2>Mål</h2><p>A &amp; B</p><ul><li>en</li><li>to</li></ul>") == "Mål A & B en to"


def test_a_snippet_keeps_only_its_marks():
    assert safe_snippet("<mark>utskriving</mark> <script>x</script> a < b") == "<mark>utskriving</mark>  a &lt; b"


def test_no_script_from_a_routine_body_reaches_its_page(client):
    routine = make_routine(body=HOSTILE)
    page = client.get(routine.get_absolute_url()).content.decode()
    assert "<h2>Formål</h2>" in page
    for forbidden in ("<script>alert", "onerror", "onclick", "javascript:", "<iframe"):
        assert forbidden not in page


def test_no_script_from_an_agreement_summary_or_version_changes_reaches_a_page(client, today):
    import datetime

    from agreements.tests.conftest import make_version

    agreement = make_service(5, summary=HOSTILE)
    make_version(agreement, "2023", datetime.date(2023, 1, 1), changes=HOSTILE)
    assert "onerror" not in Agreement.objects.get().summary
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert page.count("<strong>viktig</strong>") == 2
    for forbidden in ("<script>alert", "onerror", "onclick", "javascript:", "<iframe"):
        assert forbidden not in page


def test_titles_are_escaped_everywhere(client):
    routine = make_routine(title="<script>alert(1)</script> Rutine")
    for url in (routine.get_absolute_url(), "/rutiner/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Rutine" in page
