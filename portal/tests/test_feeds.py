"""RSS and iCalendar that other programs read: valid, with Norwegian letters intact."""

import datetime
import zoneinfo

import feedparser
import icalendar
from django.utils import timezone

from portal.tests.conftest import DAY, make_event, make_news

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def test_the_rss_feed_is_valid_rss_2_with_the_published_news(client, db, hospital):
    make_news(
        "Æ, ø og å i Bø og Våle", lead="Høstens første fagdag på Sykehuset i Skien.", source_organisation=hospital
    )
    make_news("Ikke publisert ennå", "draft")
    response = client.get("/nyheter/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Æ, ø og å i Bø og Våle"]
    entry = feed.entries[0]
    assert entry.summary == "Høstens første fagdag på Sykehuset i Skien."
    assert entry.link == "http://testserver/nyheter/ae-o-og-a-i-bo-og-vale/"
    assert entry.author == "Sykehuset Telemark HF"
    assert entry.published_parsed is not None


def test_the_rss_feed_lists_the_newest_twenty(client, db):
    for number in range(25):
        item = make_news(f"Nyhet {number}")
        item.publish_at = timezone.now() - datetime.timedelta(hours=number + 1)
        item.save()
    feed = feedparser.parse(client.get("/nyheter/rss/").content)
    assert len(feed.entries) == 20
    assert feed.entries[0].title == "Nyhet 0"


def _calendar(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return icalendar.Calendar.from_ical(response.content)


def test_one_event_as_icalendar_with_norwegian_letters_and_times(client, db):
    starts = datetime.datetime(2030, 1, 23, 9, 0, tzinfo=OSLO)
    make_event(
        "Fagdag: Prevensjon på Ørje",
        starts_in=starts - timezone.now(),
        location="Sykehuset, Skien, auditorium «Åsen»",
        course_hours="Søkt godkjent som 6 tellende kurstimer.",
        description="Om **prevensjon** for fastleger og jordmødre.",
        organiser="Fagråd for kvinnehelse",
    )
    cal = _calendar(client.get("/arrangementer/fagdag-prevensjon-pa-orje/ics/"))
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Fagdag: Prevensjon på Ørje"
    assert str(event["LOCATION"]) == "Sykehuset, Skien, auditorium «Åsen»"
    description = str(event["DESCRIPTION"])
    assert "prevensjon for fastleger og jordmødre" in description
    assert "tellende kurstimer" in description and "Arrangør: Fagråd for kvinnehelse" in description
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + datetime.timedelta(hours=6)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)  # written in UTC
    assert str(event["UID"]).startswith("arrangement-")
    assert "DTSTAMP" in event


def test_the_calendar_feed_has_every_upcoming_published_event_and_nothing_else(client, db):
    make_event("Fagdag i Bø", starts_in=3 * DAY)
    make_event("Kurs på Nærøy", starts_in=30 * DAY)
    make_event("Fagdag i fjor", starts_in=-300 * DAY)
    make_event("Utkast", "draft")
    make_event("Planlagt", "scheduled")
    cal = _calendar(client.get("/arrangementer/kalender.ics"))
    assert [str(event["SUMMARY"]) for event in cal.walk("VEVENT")] == ["Fagdag i Bø", "Kurs på Nærøy"]
    assert "arrangementer" in str(cal["X-WR-CALNAME"])


def test_the_sitemap_lists_published_items_and_the_main_pages(client, db):
    news, event = make_news("Publisert"), make_event("Fagdag")
    make_news("Utkast", "draft")
    index = client.get("/sitemap.xml").content.decode()
    sections = ["/sitemap-pages.xml", "/sitemap-news.xml", "/sitemap-events.xml"]
    for section in sections:
        assert f"<loc>http://testserver{section}</loc>" in index
    sitemap = "".join(client.get(section).content.decode() for section in sections)
    for path in ("/", "/nyheter/", "/arrangementer/", "/lenker/", news.get_absolute_url(), event.get_absolute_url()):
        assert f"<loc>http://testserver{path}</loc>" in sitemap
    assert "utkast" not in sitemap


def test_robots_txt_keeps_every_crawler_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]
