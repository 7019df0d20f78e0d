"""The statistics pages are valid HTML (Nu HTML Checker), in every state a user can reach."""

import pytest
from django.utils import timezone

from conftest import assert_valid_html
from deviations.tests.statistics_data import Case, add, service_agreement


@pytest.fixture
def data(skien, porsgrunn, hospital):
    ta5 = service_agreement(5, "Utskrivning")
    last_year = timezone.make_aware(timezone.datetime(timezone.localdate().year - 1, 5, 1, 12))
    add(
        [Case(skien, hospital, days_ago=10 + n, agreement=ta5, answered_after_days=n) for n in range(8)]
        + [Case(hospital, porsgrunn, days_ago=40 + n) for n in range(3)]
        + [Case(porsgrunn, hospital, received_at=last_year, agreement=ta5, answered_after_days=3)]
    )
    return ta5


def test_every_state_of_the_statistics_pages_is_valid_html(
    client, data, quality, coordinator, hospital, hospital_handler
):
    year = timezone.localdate().year - 1
    pages = {}
    for user in (quality, coordinator):
        client.force_login(user)
        pages[f"statistics as {user}"] = client.get("/avvik/statistikk/").content
        pages[f"filtered as {user}"] = client.get(
            "/avvik/statistikk/", {"retning": "kommune-hf", "avtale": data.slug}
        ).content
        pages[f"error as {user}"] = client.get("/avvik/statistikk/", {"fra": "2026-02-30", "region": "x"}).content
        pages[f"annual report as {user}"] = client.get(f"/avvik/statistikk/arsrapport/{year}/").content
        pages[f"organisation as {user}"] = client.get(hospital.get_absolute_url()).content
    client.force_login(hospital_handler)
    pages["inbox"] = client.get("/avvik/").content
    pages["empty statistics"] = client.get("/avvik/statistikk/", {"fra": "2001-01-01", "til": "2001-01-31"}).content
    pages["agreement"] = client.get(f"/avtaler/{data.slug}/").content
    assert_valid_html(pages)
