"""Summaries, version changes and routine bodies are the portal's Markdown: no script ever reaches a page."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps

from agreements import demo
from agreements.models import Agreement, AgreementVersion, Routine
from agreements.tests.conftest import make_routine, make_service, make_version
from samhandling import richtext

pytestmark = pytest.mark.django_db

HOSTILE = (
    "## Formål\n\nTekst **viktig**\n\n"
    "<script>alert('x')</script><img src=x onerror=alert(1)>\n\n"
    "[lenke](javascript:alert(1)) [trygg](https://example.org/)\n\n"
    '<iframe src="https://evil.example.org/"></iframe><p style="color:red" onclick="steal()">stil</p>'
)
FORBIDDEN = ("<script>alert", "<img", "<iframe", 'href="javascript:', "<p style", "<p onclick")


def main_content(response) -> str:
    """The page's <main>: the layout around it has images of its own (the partnership's mark)."""
    page = response.content.decode()
    return page[page.index('<main id="main"') : page.index("</main>")]


def test_no_script_from_a_routine_body_reaches_its_page(client):
    routine = make_routine(body=HOSTILE)
    page = main_content(client.get(routine.get_absolute_url()))
    assert "<h2>Formål</h2>" in page
    assert '<a href="https://example.org/" rel="noopener noreferrer">trygg</a>' in page
    for forbidden in FORBIDDEN:
        assert forbidden not in page


def test_no_script_from_an_agreement_summary_or_version_changes_reaches_a_page(client, today):
    agreement = make_service(5, summary=HOSTILE)
    make_version(agreement, "2023", datetime.date(2023, 1, 1), changes=HOSTILE)
    page = main_content(client.get(agreement.get_absolute_url()))
    assert page.count("<strong>viktig</strong>") == 2
    for forbidden in FORBIDDEN:
        assert forbidden not in page


def test_search_reads_the_words_not_the_markup():
    routine = make_routine(body="## Mål\n\nA & B\n\n- en\n- to")
    assert Routine.objects.get(pk=routine.pk).body_text == "Mål A & B en to"


def test_titles_are_escaped_everywhere(client):
    routine = make_routine(title="<script>alert(1)</script> Rutine")
    for url in (routine.get_absolute_url(), "/rutiner/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Rutine" in page


# --- The HTML written before: converted by migration 0004 -------------------------------------

# The routine bodies and summaries the demo carried as HTML before the switch to Markdown.
DEMO_HTML = [
    "<p>Avtalen gjelder pasienter som er <strong>utskrivningsklare</strong>: når sykehuset varsler "
    "kommunen, hvilke opplysninger kommunen får, og når kommunen overtar ansvaret.</p>"
    "<ul><li>Varsel om innlagt pasient innen 24 timer</li><li>Melding om utskrivningsklar pasient samme dag</li></ul>",
    "<h2>Formål</h2><p>Pasienter med behov for langvarige og koordinerte tjenester skal få én "
    "kontaktperson og en individuell plan.</p><h2>Slik gjør du</h2><ol><li>Meld behovet til "
    "koordinerende enhet i kommunen.</li><li>Koordinerende enhet oppnevner koordinator innen to uker.</li>"
    "<li>Sykehuset inviterer kommunen til samarbeidsmøte før utskrivning.</li></ol>",
    '<p>Ring <a href="tel:+4735000000">vakttelefonen (døgnåpen)</a> - eller send e-post.<br>Svar samme dag.</p>'
    "<ul><li>en<ul><li>under</li></ul></li><li>to</li></ul><p>1. Ikke en liste, * ikke kursiv, [ikke lenke]</p>",
]


def _same_html(html: str) -> str:
    """Sanitised HTML without the line breaks and spaces that do not show."""
    return re.sub(r"\s*(<br>|<ul>|<ol>|</li>)\s*", r"\1", re.sub(r">\s+<", "><", html.replace("\n", " "))).strip()


@pytest.mark.parametrize("html", DEMO_HTML)
def test_converted_html_renders_to_what_was_shown_before(html):
    markdown = richtext.html_to_markdown(html)
    assert "<" not in markdown.replace("\\<", "")
    assert _same_html(richtext.render(markdown)) == _same_html(richtext.sanitise(html))


def test_every_demo_text_is_markdown_that_renders_without_visible_tags():
    texts = [demo.FRAMEWORK_SUMMARY, *demo.SERVICE_SUMMARIES.values(), *(r["body"] for r in demo.ROUTINES)]
    for text in texts:
        assert "&lt;" not in richtext.render(text), text[:40]


def test_the_migration_turns_stored_html_into_markdown_with_the_same_words():
    agreement = make_service(5)
    version = make_version(agreement, "2023", datetime.date(2023, 1, 1), with_document=False)
    routine = make_routine()
    # As the HTML dialect stored them, written past save() as the old rows are.
    Agreement.objects.filter(pk=agreement.pk).update(summary=DEMO_HTML[0])
    AgreementVersion.objects.filter(pk=version.pk).update(changes="<p>Kortere <em>frister</em>.</p>")
    Routine.objects.filter(pk=routine.pk).update(body=DEMO_HTML[1], body_text="")
    migration = importlib.import_module("agreements.migrations.0005_rich_text_as_markdown")
    migration.to_markdown(django_apps, None)
    agreement.refresh_from_db()
    version.refresh_from_db()
    routine.refresh_from_db()
    assert agreement.summary.startswith("Avtalen gjelder pasienter som er **utskrivningsklare**:")
    assert "- Varsel om innlagt pasient innen 24 timer" in agreement.summary
    assert version.changes == "Kortere *frister*."
    assert routine.body.startswith("## Formål\n\nPasienter med behov")
    assert routine.body_text.startswith("Formål Pasienter med behov")
    assert Routine.objects.search("koordinator").get() == routine
