"""The search engine's own rules; each app's tests check its provider on its content."""

import pytest
from django.utils.safestring import SafeString

from samhandling import search


def test_a_query_keeps_only_words_so_no_tsquery_syntax_gets_through():
    assert search.words("a' & b:* | !c (ÆRLIG)") == ["a", "b", "c", "ærlig"]
    assert search.words("ord " * 50) == ["ord"] * search.MAX_TERMS


@pytest.mark.django_db
def test_each_word_is_stemmed_twice_so_the_prefix_covers_the_base_form():
    query = search.parse("utskrivningsklare og")
    assert [term.lexeme for term in query.terms] == ["utskrivningskl", ""]  # "og" is a stop word
    assert query.has_full_text


@pytest.mark.django_db
def test_a_query_of_stop_words_has_no_full_text():
    assert not search.parse("og for i").has_full_text
    assert not search.parse("!!!")


def test_the_highlighter_escapes_the_text_then_marks_the_matches():
    marked = search.highlight('<b>x</b> \ue000utskrivning\ue001 & "mer"')
    assert isinstance(marked, SafeString)
    assert marked == "&lt;b&gt;x&lt;/b&gt; <mark>utskrivning</mark> &amp; &quot;mer&quot;"
