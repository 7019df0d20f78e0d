"""Search at national size: the substring match is served by a trigram index, and only the
best candidates are ranked, without losing the title matches."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from contacts.models import Person
from portal import search as site
from portal.models import NewsItem
from portal.tests.conftest import make_news
from samhandling import search

pytestmark = pytest.mark.django_db


def test_a_substring_of_the_folded_text_is_read_from_the_trigram_index():
    people = Person.objects.search("koordinat").order_by().values("pk")
    sql, params = people.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty test table would be read whole
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_search_text_trgm" in plan


def test_only_the_candidates_are_ranked_title_matches_first_then_the_newest(monkeypatch):
    old = make_news("Utskrivning av eldre", body="Tittelen treffer.")
    NewsItem.objects.filter(pk=old.pk).update(publish_at=timezone.now() - datetime.timedelta(days=400))
    for number in range(4):
        make_news(f"Referat {number}", body="Vi snakket om utskrivning og mer utskrivning.")
    monkeypatch.setattr(search, "CANDIDATES", 3)
    titles = [hit["title"] for hit in site.news("utskrivning", None, limit=10)]
    # Three ranked: the oldest item, because its title matches, and the two newest others.
    assert titles[0] == "Utskrivning av eldre"
    assert len(titles) == 3
    assert set(titles[1:]) == {"Referat 3", "Referat 2"}


def test_with_room_for_every_candidate_nothing_is_lost():
    for number in range(5):
        make_news(f"Referat {number}", body="Om utskrivning.")
    assert len(site.news("utskrivning", None, limit=10)) == 5
