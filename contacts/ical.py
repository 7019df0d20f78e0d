"""A body's meetings as iCalendar (RFC 5545), a feed to subscribe to in Outlook or Google Calendar.

Times are written in UTC (the "Z" form), as the events' calendar does (portal.ical): every
calendar program imports them the same way and shows them in the reader's time zone.
"""

import datetime
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from contacts.models import Body, Meeting

PRODUCT_ID = "-//Samhandlingsportalen//Utvalg//NO"


def calendar(body: Body, meetings: Iterable[Meeting], request: HttpRequest, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    url = request.build_absolute_uri(body.get_absolute_url())
    host = request.get_host().split(":")[0]
    for meeting in meetings:
        component = CalendarEvent()
        # Stable across edits, so a re-import updates the entry instead of adding a copy.
        component.add("uid", f"utvalgsmote-{meeting.pk}@{host}")
        component.add("dtstamp", stamp)
        component.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
        component.add("dtend", meeting.end.astimezone(datetime.UTC))
        component.add("summary", body.name)
        component.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
        component.add("url", url)
        component.add("description", "\n\n".join(part for part in (meeting.agenda, url) if part))
        if meeting.place:
            component.add("location", meeting.place)
        cal.add_component(component)
    return cal.to_ical()
