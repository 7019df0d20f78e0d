"""Writing the statistics' numbers the Norwegian way."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _not_shown():
    return format_html('–<span class="visually-hidden"> {}</span>', _("(ikke vist)"))


@register.filter
def figure(value):
    """A count: 12 345, or "<5" as it is; None as a dash read out as "not shown"."""
    if value is None:
        return _not_shown()
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return value


@register.filter
def percent(value):
    """A share from 0 to 1 as 87,5 %."""
    if value is None:
        return _not_shown()
    # number_format cuts decimals off; round first (7 of 9 is 77,8 %).
    return f"{number_format(round(value * 100, 1), 1)} %"


@register.filter
def decimal(value):
    """A median as 12,5."""
    if value is None:
        return _not_shown()
    return number_format(round(value, 1), 1)


@register.filter
def signed(value):
    """A change against the year before: +12, −3 or 0 (with a real minus sign)."""
    if value is None:
        return _not_shown()
    if value > 0:
        return f"+{number_format(value, force_grouping=True)}"
    if value < 0:
        return f"−{number_format(-value, force_grouping=True)}"
    return "0"


@register.filter
def signed_percent(value):
    if value is None:
        return _not_shown()
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{number_format(round(abs(value) * 100), 0)} %"
