"""Filters and tags built into every template (TEMPLATES' "builtins" in settings)."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_time(value: datetime.date | datetime.datetime | None) -> str:
    """A `<time datetime>` value: ISO 8601 in local time, whole seconds.

    `|date:"c"` writes microseconds, which the HTML standard does not allow there.
    """
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int, param: str = "side") -> str:
    """The current address with one page parameter changed and the others kept."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
