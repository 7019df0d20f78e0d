"""The demo data: realistic, safe to load twice."""

from contacts import demo as contacts_demo
from portal import demo, uploads
from portal.models import Event, Link, NewsItem


def test_the_demo_loads_twice_without_duplicates(db):
    contacts_demo.load()
    demo.load()
    demo.load()
    assert NewsItem.objects.count() == len(demo.NEWS) == 12
    assert Event.objects.count() == len(demo.EVENTS)
    assert Link.objects.count() == len(demo.LINKS)
    assert sum(event.attachments.count() for event in Event.objects.all()) == 4


def test_the_demo_has_drafts_a_scheduled_item_and_published_news(db):
    contacts_demo.load()
    demo.load()
    items = list(NewsItem.objects.all())
    assert sum(item.status == "draft" for item in items) == 2
    assert sum(item.is_scheduled for item in items) == 1
    assert NewsItem.objects.published().count() == 9
    assert NewsItem.objects.filter(source_organisation__name="Sykehuset Telemark HF").exists()


def test_the_demo_has_a_fagdag_with_course_hours_and_past_events_with_presentations(db):
    contacts_demo.load()
    demo.load()
    fagdag = Event.objects.published().upcoming().get(title="Fagdag: Prevensjon")
    assert "tellende kurstimer" in fagdag.course_hours
    for event in Event.objects.published().past():
        for attachment in event.attachments.all():
            with attachment.file.open("rb") as file:
                assert uploads.attachment_kind(file) == uploads.PDF


def test_the_demo_links_are_grouped_and_point_at_public_authorities(db):
    demo.load()
    groups = set(Link.objects.values_list("group", flat=True))
    assert {"national_guidance", "evaluations", "laws"} <= groups
    assert all(url.startswith("https://") for url in Link.objects.values_list("url", flat=True))
