"""The partnership's identity from the settings, and the page furniture every page shares."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from samhandling.settings import envcolour
from samhandling.template_library import machine_time


def test_it_refuses_an_accent_colour_too_light_for_white_text(monkeypatch):
    monkeypatch.setenv("PORTAL_ACCENT_COLOUR", "#7fb2e5")
    with pytest.raises(ImproperlyConfigured, match="too light"):
        envcolour("PORTAL_ACCENT_COLOUR", "#0a5a8c")
    monkeypatch.setenv("PORTAL_ACCENT_COLOUR", "blue")
    with pytest.raises(ImproperlyConfigured, match="#rrggbb"):
        envcolour("PORTAL_ACCENT_COLOUR", "#0a5a8c")
    monkeypatch.setenv("PORTAL_ACCENT_COLOUR", "#1F4E79")
    assert envcolour("PORTAL_ACCENT_COLOUR", "#0a5a8c") == "#1f4e79"


def test_the_identity_stylesheet_paints_designsystemet_in_the_accent_colour(client, settings):
    settings.PORTAL_ACCENT_COLOUR = "#1f4e79"
    response = client.get("/identitet.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--ds-color-accent-base-default: #1f4e79;" in response.content.decode()


def test_every_page_names_the_partnership_shows_its_mark_and_describes_itself(client, db, settings):
    settings.PORTAL_NAME = "Helsefellesskapet Testfjord"
    settings.PORTAL_LOGO = "img/mark.svg"
    page = client.get("/").content.decode()
    assert "Helsefellesskapet Testfjord" in page
    assert 'src="/static/img/mark.svg"' in page
    assert '<meta name="description" content="Helsefellesskapet der kommunene' in page
    assert 'href="/identitet.css"' in page


def test_the_favicon_answers_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_machine_readable_times_have_whole_seconds_in_norwegian_time():
    moment = datetime.datetime(2026, 11, 24, 4, 10, 41, 34051, tzinfo=datetime.UTC)
    assert machine_time(moment) == "2026-11-24T05:10:41+01:00"
    assert machine_time(datetime.date(2026, 11, 24)) == "2026-11-24"
    assert machine_time(None) == ""
    summer = datetime.datetime(2026, 6, 1, 12, 0, 0, 999999, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))
    assert machine_time(summer) == "2026-06-01T12:00:00+02:00"
