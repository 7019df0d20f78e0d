"""The statistics cost the same few queries with 10 deviations or 10,000."""

import pytest
from django.utils import timezone

from deviations.tests.conftest import bulk_deviations
from deviations.tests.statistics_data import service_agreement

# Session, user, roles; the filter form's regions, organisations and agreements; then one
# aggregate each for the total (with the median), kinds, months, agreements, categories,
# directions, receivers and reporters.
PAGE_BUDGET = 10
# A handler's statistics also read their organisation (for the heading).
HANDLER_PAGE_BUDGET = PAGE_BUDGET
# Session, user, roles; the years with data; the agreements; the two years' figures (the
# roll-up's four queries, or for a handler their organisation and one GROUPING SETS
# statement over the rows); the handling's figures.
ANNUAL_BUDGET = 10
# Session, user, roles, the filter form's three lists, the count (against the XLSX limit),
# and the rows themselves (with their organisations and agreement, in one query).
ROW_EXPORT_BUDGET = 8


@pytest.fixture(params=[10, 10_000], ids=["10", "10000"])
def many(request, skien, porsgrunn, hospital):
    agreement = service_agreement(5, "Utskriving")
    half = request.param // 2
    bulk_deviations(half, skien, hospital, agreement=agreement)
    bulk_deviations(request.param - half, hospital, porsgrunn, answered_at=timezone.now(), status="answered")
    return request.param


def test_the_statistics_keep_their_budget(
    client, many, quality, hospital_handler, coordinator, django_assert_max_num_queries
):
    last_year = timezone.localdate().year - 1
    client.force_login(quality)
    for params in (
        {},
        {"fra": "2000-01-01", "retning": "kommune-hf", "region": "grenland"},
        {"format": "csv"},
        {"format": "xlsx"},
    ):
        with django_assert_max_num_queries(PAGE_BUDGET):
            response = client.get("/avvik/statistikk/", params)
        assert response.status_code == 200
    # bulk_deviations spreads them an hour apart, the second half after the first.
    assert client.get("/avvik/statistikk/", {"fra": "2000-01-01"}).context["stats"].total.count == many
    with django_assert_max_num_queries(ANNUAL_BUDGET):
        assert client.get(f"/avvik/statistikk/arsrapport/{last_year}/").status_code == 200
    with django_assert_max_num_queries(ROW_EXPORT_BUDGET):
        response = client.get("/avvik/statistikk/", {"format": "xlsx", "rader": "1"})
        assert response.status_code == 200
    with django_assert_max_num_queries(ROW_EXPORT_BUDGET):
        response = client.get("/avvik/statistikk/", {"format": "csv", "rader": "1", "fra": "2000-01-01"})
        assert len(b"".join(response.streaming_content).splitlines()) == 1 + many

    client.force_login(coordinator)
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert client.get("/avvik/statistikk/").status_code == 200
    client.force_login(hospital_handler)
    with django_assert_max_num_queries(HANDLER_PAGE_BUDGET):
        assert client.get("/avvik/statistikk/").status_code == 200
    with django_assert_max_num_queries(ANNUAL_BUDGET):
        assert client.get(f"/avvik/statistikk/arsrapport/{last_year}/").status_code == 200


def test_a_row_level_excel_file_has_a_limit_and_says_so(client, quality, skien, hospital, settings, monkeypatch):
    monkeypatch.setattr("deviations.exports.XLSX_MAX_ROWS", 5)
    bulk_deviations(6, skien, hospital)
    client.force_login(quality)
    response = client.get("/avvik/statistikk/", {"format": "xlsx", "rader": "1", "kategori": "admission"}, follow=True)
    assert response.redirect_chain[0][0] == "/avvik/statistikk/?kategori=admission"
    assert "Utvalget har 6 avvik. En Excel-fil med én rad per avvik kan ha høyst 5" in response.content.decode()
    # CSV has no limit.
    response = client.get("/avvik/statistikk/", {"format": "csv", "rader": "1"})
    assert len(b"".join(response.streaming_content).splitlines()) == 7
