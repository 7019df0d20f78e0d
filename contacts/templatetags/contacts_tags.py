from django import template
from django.utils.html import escape, format_html

from contacts.phones import tel_uri

register = template.Library()


@register.filter
def tel_link(number: str) -> str:
    """{{ person.phone|tel_link }}: a working tel: link, or the text as written if it cannot be called."""
    if not number:
        return ""
    uri = tel_uri(number)
    return format_html('<a href="{}">{}</a>', uri, number) if uri else escape(number)
