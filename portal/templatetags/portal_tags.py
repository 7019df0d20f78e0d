from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samhandling import richtext

register = template.Library()


@register.filter
def rich_text(markup):
    """Shows stored rich text, sanitised again on the way out."""
    return richtext.safe_html(markup)


def _clock(moment) -> str:
    return formats.time_format(moment, "H.i")


@register.filter
def event_when(event) -> str:
    """ "onsdag 23. januar 2027 kl. 09.00–15.00", or both dates when it spans days."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date():
        return _("%(date)s kl. %(start)s–%(end)s") % {
            "date": formats.date_format(start, "l j. F Y"),
            "start": _clock(start),
            "end": _clock(end),
        }
    return _("%(start_date)s kl. %(start)s – %(end_date)s kl. %(end)s") % {
        "start_date": formats.date_format(start, "l j. F Y"),
        "start": _clock(start),
        "end_date": formats.date_format(end, "l j. F Y"),
        "end": _clock(end),
    }


@register.simple_tag(takes_context=True)
def page_url(context, number, param="side"):
    """The current address with one page parameter changed, the others kept."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
