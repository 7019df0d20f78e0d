from typing import Any

from django import template
from django.utils.html import escape, format_html

from contacts.phones import display_phone, tel_uri

register = template.Library()


@register.filter
def tel_link(number: Any) -> str:
    """{{ person.phone|tel_link }}: '35 50 10 00' linked to tel:+4735501000, or the text as written."""
    if not number:
        return ""
    uri = tel_uri(number)
    return format_html('<a href="{}">{}</a>', uri, display_phone(number)) if uri else escape(str(number))


@register.filter
def phone(number: Any) -> str:
    """{{ unit.phone|phone }}: the number the Norwegian way ('35 50 10 00'), without a link (print)."""
    return display_phone(number)
