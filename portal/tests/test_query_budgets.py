"""Every page costs the same number of queries with 10 items as with 10,000.

The large set is made with bulk_create. Each budget counts the queries the page needs
(a comment says which); logged-in pages add three (session, user, role groups).
"""

import datetime
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal.models import Event, EventAttachment, Link, NewsItem, PageFeedback

LOGIN = 3  # session, user, the user's role groups

READER_PAGES = {
    # cache read, then (cold) news, events, pages for the front page, the next scheduled news item
    # or event (one query), the regions with their coordinators (one), and the cache write (one upsert)
    "/": 7,
    # count, page
    "/nyheter/": 2,
    "/nyheter/nyhet-1/": 1,
    "/nyheter/rss/": 1,
    # upcoming count + page, past count + page + presentations
    "/arrangementer/": 5,
    # the event, its presentations
    "/arrangementer/fagdag-1/": 2,
    "/arrangementer/fagdag-1/ics/": 1,
    "/arrangementer/kalender.ics": 1,
    "/lenker/": 1,
    # the stems, then every provider's kinds in one UNION ALL statement: news, events, links,
    # editors' pages, contacts (people, organisations, units, services, bodies), agreements and
    # routines, plans, measures, pathways, projects, learning summaries
    "/sok/?q=samhandling": 2,
    # the index: the count and the latest change in one aggregate per paged section (3); the work read once (4)
    "/sitemap.xml": 7,
    "/sitemap-work.xml": 4,
    "/sitemap-editor-pages.xml": 2,
    # the count (with the latest change) and a page of 2,000
    "/sitemap-news.xml": 2,
    "/sitemap-events.xml": 2,
}
EDITOR_PAGES = {
    # the content types of news, events and links (cold: the test clears Django's cache of them,
    # so the count does not depend on which test ran before), the latest changes with their users
    "/redaksjon/": 2,
    # count, page with the last editor
    "/redaksjon/nyheter/": 2,
    "/redaksjon/arrangementer/": 2,
    # the item, its history (content type cached), organisations for the source list, projects it may be about
    "/redaksjon/nyheter/{news}/": 4,
    # the event, its history, its presentations
    "/redaksjon/arrangementer/{event}/": 4,
    # count, page
    "/redaksjon/tilbakemeldinger/": 2,
    # summary, count, page
    "/redaksjon/tilbakemeldinger/side/?sti=/side-1/": 3,
    "/redaksjon/lenker/": 1,
}


def make_many(count, editor):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    NewsItem.objects.bulk_create(
        NewsItem(
            title=f"Nyhet {n} om samhandling",
            slug=f"nyhet-{n}",
            lead="Ingress om samhandling.",
            body_text="Tekst om utskrivningsklare pasienter.",
            status="published" if n % 5 else "draft",
            publish_at=now - n * hour,
            updated_by=editor,
        )
        for n in range(count)
    )
    events = Event.objects.bulk_create(
        Event(
            title=f"Fagdag {n} om samhandling",
            slug=f"fagdag-{n}",
            description_text="Fagdag om samhandling.",
            status="published",
            publish_at=now - 1000 * hour,
            starts_at=now + (n - count // 2) * hour,
            ends_at=now + (n - count // 2 + 1) * hour,
            updated_by=editor,
        )
        for n in range(count)
    )
    EventAttachment.objects.bulk_create(
        EventAttachment(event=event, title="Lysark", file="x.pdf", original_name="x.pdf", kind="pdf", size=1)
        for event in events[: count // 2]
    )
    Link.objects.bulk_create(
        Link(group=Link.Group.LAWS, title=f"Lov {n} om samhandling", sort_key=f"lov {n}", url="https://lovdata.no/")
        for n in range(min(count, 200))
    )
    PageFeedback.objects.bulk_create(
        PageFeedback(path=f"/side-{n % 100}/", found=n % 3 == 0, comment="Fant ikke" if n % 2 else "")
        for n in range(count)
    )
    return NewsItem.objects.order_by("pk").first().pk, Event.objects.order_by("pk").first().pk


@pytest.mark.parametrize("count", [10, 10_000])
def test_reader_pages_stay_within_their_budget(client, db, django_assert_max_num_queries, count, editor):
    make_many(count, editor)
    for path, budget in READER_PAGES.items():
        started = time.perf_counter()
        with django_assert_max_num_queries(budget, info=path):
            response = client.get(path)
        assert response.status_code == 200, path
        print(f"{count:>6} {path:<40} {1000 * (time.perf_counter() - started):7.1f} ms")
    with django_assert_max_num_queries(3, info="warm front page: the cache read and the coordinators"):
        client.get("/")


@pytest.mark.parametrize("count", [10, 10_000])
def test_editor_pages_stay_within_their_budget(client, editor, django_assert_max_num_queries, count):
    news, event = make_many(count, editor)
    client.force_login(editor)
    ContentType.objects.clear_cache()
    for path, budget in EDITOR_PAGES.items():
        path = path.format(news=news, event=event)
        started = time.perf_counter()
        with django_assert_max_num_queries(budget + LOGIN, info=path):
            response = client.get(path)
        assert response.status_code == 200, path
        print(f"{count:>6} {path:<48} {1000 * (time.perf_counter() - started):7.1f} ms")
