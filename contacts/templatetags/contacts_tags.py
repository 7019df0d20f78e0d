from django import template

from contacts.phones import tel_uri

register = template.Library()


@register.filter
def tel_href(number: str) -> str:
    """{{ person.phone|tel_href }} -> 'tel:+4735501000' ('' when it is not a phone number)."""
    return tel_uri(number or "")
