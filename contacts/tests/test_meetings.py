"""Meetings of bodies: upcoming on the body page and in a calendar feed, minutes (PDF) archived per year."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contacts.models import Meeting
from samhandling.pdf import minimal_pdf


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


@pytest.fixture
def meetings(steering_group):
    held = Meeting.objects.create(body=steering_group, starts_at=at(-40), place="Rådhuset", agenda="1. Referat")
    held.minutes.save("referat.pdf", ContentFile(minimal_pdf("Referat")), save=True)
    long_ago = Meeting.objects.create(body=steering_group, starts_at=at(-800))
    long_ago.minutes.save("referat.pdf", ContentFile(minimal_pdf("Referat")), save=True)
    coming = Meeting.objects.create(
        body=steering_group, starts_at=at(20, 9), ends_at=at(20, 12), place="Teams", agenda="1. Budsjett\n2. Eventuelt"
    )
    return {"held": held, "long_ago": long_ago, "coming": coming}


def test_the_body_page_shows_upcoming_meetings_and_the_latest_minutes(client, steering_group, meetings):
    response = client.get(steering_group.get_absolute_url())
    html = response.content.decode()
    assert response.context["upcoming_meetings"] == [meetings["coming"]]
    assert "1. Budsjett" in html and ", Teams" in html
    assert meetings["held"].minutes_url in html
    assert f"/utvalg/{steering_group.slug}/moter.ics" in html


def test_the_calendar_feed_has_the_bodys_coming_and_recent_meetings_in_utc(client, steering_group, meetings):
    recent = Meeting.objects.create(body=steering_group, starts_at=at(-10), place="Rådhuset")
    response = client.get(f"/utvalg/{steering_group.slug}/moter.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    # From 30 days back: the meeting held 40 days ago has left the feed.
    assert [event.decoded("dtstart") for event in events] == [recent.starts_at, meetings["coming"].starts_at]
    coming = events[1]
    assert str(coming["summary"]) == steering_group.name
    assert str(coming["location"]) == "Teams"
    assert coming.decoded("dtend") == meetings["coming"].ends_at
    assert coming["dtstart"].to_ical().endswith(b"Z")  # written in UTC


def test_the_archive_shows_one_year_of_minutes_at_a_time(client, steering_group, meetings):
    response = client.get(f"/utvalg/{steering_group.slug}/referater/")
    latest_year = timezone.localtime(meetings["held"].starts_at).year
    assert response.context["year"] == latest_year
    assert meetings["held"] in response.context["meetings"]
    old_year = timezone.localtime(meetings["long_ago"].starts_at).year
    older = client.get(f"/utvalg/{steering_group.slug}/referater/", {"ar": old_year})
    assert older.context["meetings"] == [meetings["long_ago"]]
    assert client.get(f"/utvalg/{steering_group.slug}/referater/", {"ar": "x'"}).status_code == 200


def test_the_minutes_download_as_a_pdf_and_a_meeting_without_minutes_is_404(client, meetings):
    response = client.get(meetings["held"].minutes_url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    coming = meetings["coming"]
    assert client.get(f"/utvalg/{coming.body.slug}/moter/{coming.pk}/referat/").status_code == 404


def test_the_minutes_of_another_body_are_not_found_under_this_one(client, meetings, steering_group):
    child = steering_group.children.get()
    assert client.get(f"/utvalg/{child.slug}/moter/{meetings['held'].pk}/referat/").status_code == 404


def test_it_refuses_minutes_that_are_not_a_plain_pdf(steering_group):
    meeting = Meeting(body=steering_group, starts_at=at(-3))
    meeting.minutes = SimpleUploadedFile("referat.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="ikke en PDF"):
        meeting.full_clean()


def test_a_meeting_cannot_end_before_it_starts(steering_group):
    meeting = Meeting(body=steering_group, starts_at=at(3, 12), ends_at=at(3, 9))
    with pytest.raises(ValidationError, match="kan ikke slutte før"):
        meeting.full_clean()


@pytest.mark.parametrize("size", [10, 500])
def test_the_meeting_pages_have_a_query_budget(client, steering_group, size, django_assert_max_num_queries):
    Meeting.objects.bulk_create(
        Meeting(body=steering_group, starts_at=at(days), minutes="referater/x.pdf") for days in range(-size, size)
    )
    with django_assert_max_num_queries(2):  # the body, its meetings
        assert client.get(f"/utvalg/{steering_group.slug}/moter.ics").status_code == 200
    with django_assert_max_num_queries(3):  # the body, the years, the year's meetings
        assert client.get(f"/utvalg/{steering_group.slug}/referater/").status_code == 200
