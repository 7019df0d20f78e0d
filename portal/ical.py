"""Events as iCalendar (RFC 5545) for Outlook and Google Calendar.

Times are written in UTC (the "Z" form), which every calendar program imports the same
way and shows in the reader's own time zone; it spares a VTIMEZONE block that Outlook
reads unreliably.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

PRODUCT_ID = "-//Samhandlingsportalen//Arrangementer//NO"


def calendar(events, request, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        cal.add_component(_component(event, request, stamp))
    return cal.to_ical()


def _component(event, request, stamp):
    component = CalendarEvent()
    # Stable across edits, so a re-import updates the entry instead of adding a copy.
    component.add("uid", f"arrangement-{event.pk}@{request.get_host().split(':')[0]}")
    component.add("dtstamp", stamp)
    component.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    component.add("dtend", event.ends_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    url = request.build_absolute_uri(event.get_absolute_url())
    component.add("url", url)
    # ORGANIZER would need an e-mail address; the organiser's name goes in the text.
    organiser = _("Arrangør: %(name)s") % {"name": event.organiser} if event.organiser else ""
    description = "\n\n".join(part for part in (event.description_text, organiser, event.course_hours, url) if part)
    component.add("description", description)
    if event.location:
        component.add("location", event.location)
    return component
