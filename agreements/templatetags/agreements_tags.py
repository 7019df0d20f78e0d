from django import template
from django.utils import timezone

from agreements.models import REVIEW_HORIZON

register = template.Library()


@register.inclusion_tag("agreements/includes/due.html")
def due(day, today=None):
    """A revision or review date with "forfalt" or "snart" beside it when that is the case."""
    today = today or timezone.localdate()
    state = ""
    if day and day < today:
        state = "overdue"
    elif day and day <= today + REVIEW_HORIZON:
        state = "soon"
    return {"day": day, "state": state}
