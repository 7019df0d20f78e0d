"""The extension points: a lower app's page shows what higher apps' receivers return, safely."""

from django.dispatch import Signal
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from samhandling.panels import render_panels


def test_it_joins_the_receivers_html_in_the_order_they_were_connected():
    signal = Signal()

    def first(sender, **kwargs):
        return format_html("<p>{}</p>", kwargs["name"])

    def second(sender, **kwargs):
        return mark_safe("<p>to</p>")

    signal.connect(first, weak=False)
    signal.connect(second, weak=False)
    assert render_panels(signal, object, name="en") == "<p>en</p><p>to</p>"


def test_it_escapes_a_receivers_plain_string_so_no_markup_slips_in_by_mistake():
    signal = Signal()
    signal.connect(lambda sender, **kwargs: "<script>alert(1)</script>", weak=False)
    assert render_panels(signal, object) == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_page_without_receivers_or_with_empty_answers_gets_nothing():
    signal = Signal()
    assert render_panels(signal, object) == ""
    signal.connect(lambda sender, **kwargs: "", weak=False)
    assert render_panels(signal, object) == ""
