"""Who sees which statistics: URL × persona × status, the handlers' own organisation only,
row-level exports for Kvalitetsutvalget, and reporters' contact details only when asked for."""

import pytest
from django.utils import timezone

from deviations.tests.statistics_data import Case, add, csv_rows, xlsx_rows

LAST_YEAR = timezone.localdate().year - 1

# persona, page, aggregated exports, row-level exports, annual report
MATRIX = [
    (None, 302, 302, 302, 302),
    ("plain_user", 404, 404, 404, 404),
    ("editor", 404, 404, 404, 404),
    ("coordinator", 200, 200, 404, 200),
    ("quality", 200, 200, 200, 200),
    ("hospital_handler", 200, 200, 404, 200),
    ("skien_handler", 200, 200, 404, 200),
    ("porsgrunn_handler", 200, 200, 404, 200),
    ("superuser", 200, 200, 200, 200),
]


@pytest.fixture
def data(skien, porsgrunn, hospital):
    return add(
        [
            Case(skien, hospital, days_ago=10, answered_after_days=3, reporter_name='=HYPERLINK("http://x")'),
            Case(porsgrunn, hospital, days_ago=20),
            Case(hospital, porsgrunn, days_ago=30, answered_after_days=5),
        ]
    )


@pytest.mark.parametrize("persona, page, aggregated, rows, report", MATRIX, indirect=["persona"])
def test_the_access_matrix(client, data, persona, page, aggregated, rows, report):
    if persona:
        client.force_login(persona)
    assert client.get("/avvik/statistikk/").status_code == page
    for export in ("csv", "xlsx"):
        assert client.get("/avvik/statistikk/", {"format": export}).status_code == aggregated
        assert client.get("/avvik/statistikk/", {"format": export, "rader": "1"}).status_code == rows
    assert client.get(f"/avvik/statistikk/arsrapport/{LAST_YEAR}/").status_code == report
    index = client.get("/avvik/statistikk/arsrapport/")
    assert index.status_code == (302 if report in (200, 302) else 404)


def test_anonymous_visitors_are_sent_to_the_login(client, data):
    response = client.get("/avvik/statistikk/?format=csv")
    assert response["Location"].startswith("/konto/logg-inn/?next=/avvik/statistikk/")


@pytest.mark.parametrize(
    "persona, total, heading",
    [
        ("skien_handler", 1, "Avviksstatistikk for Skien kommune"),
        ("porsgrunn_handler", 2, "Avviksstatistikk for Porsgrunn kommune"),
        ("hospital_handler", 3, "Avviksstatistikk for Sykehuset Telemark HF"),
        ("quality", 3, "Avviksstatistikk"),
    ],
    indirect=["persona"],
)
def test_a_handler_counts_only_what_their_organisation_reported_or_received(client, data, persona, total, heading):
    client.force_login(persona)
    response = client.get("/avvik/statistikk/")
    assert response.context["stats"].total.count == total
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert next(row for row in csv_rows(client.get("/avvik/statistikk/?format=csv")) if row[0] == "Totalt")[2] == str(
        total
    )


def test_row_level_exports_have_one_row_per_deviation_and_no_free_text(client, quality, data):
    client.force_login(quality)
    rows = csv_rows(client.get("/avvik/statistikk/", {"format": "csv", "rader": "1"}))
    assert len(rows) == 1 + 3
    assert rows[0][:3] == ["Referanse", "Type", "Status"]
    assert sorted(row[0] for row in rows[1:]) == sorted(deviation.reference for deviation in data)
    text = "\n".join(";".join(row) for row in rows)
    assert "Hemmelig fritekst" not in text and "Svar." not in text
    assert "Kari" not in text and "@" not in text and "35 00 00 00" not in text
    assert "Melderens navn" not in rows[0]

    sheet = xlsx_rows(client.get("/avvik/statistikk/", {"format": "xlsx", "rader": "1"}), "Avvik")
    assert len(sheet) == 1 + 3 and "Melderens navn" not in sheet[0]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_contact_details_only_when_asked_for_and_never_as_a_formula(client, quality, data, export):
    client.force_login(quality)
    response = client.get("/avvik/statistikk/", {"format": export, "rader": "1", "kontakt": "1"})
    rows = csv_rows(response) if export == "csv" else xlsx_rows(response, "Avvik")
    header = rows[0]
    assert header[-4:] == ["Melderens navn", "Stilling", "E-post", "Telefon"]
    names = {row[header.index("Melderens navn")] for row in rows[1:]}
    # A name typed into the public form that a spreadsheet would run is written as text.
    assert names == {"Kari Nordmann", '\'=HYPERLINK("http://x")'}


def test_a_coordinator_may_not_export_rows_even_by_typing_the_address(client, coordinator, data):
    client.force_login(coordinator)
    assert client.get("/avvik/statistikk/", {"format": "csv", "rader": "1", "kontakt": "1"}).status_code == 404
    page = client.get("/avvik/statistikk/").content.decode()
    assert "Én rad per avvik" not in page and 'name="kontakt"' not in page


def test_the_row_export_form_is_offered_to_the_quality_committee(client, quality, data):
    client.force_login(quality)
    page = client.get("/avvik/statistikk/", {"kategori": "discharge"}).content.decode()
    assert "Én rad per avvik" in page and 'name="kontakt"' in page
    # It carries the filters, so the file is of exactly what is shown.
    assert '<input type="hidden" name="kategori" value="discharge">' in page


def test_unknown_export_formats_are_not_found(client, quality, data):
    client.force_login(quality)
    assert client.get("/avvik/statistikk/", {"format": "pdf"}).status_code == 404


def test_the_statistics_url_comes_before_the_reference_pattern(client, quality):
    from django.urls import resolve, reverse

    assert reverse("deviations:statistics") == "/avvik/statistikk/"
    assert resolve("/avvik/statistikk/").url_name == "statistics"
    assert resolve(f"/avvik/statistikk/arsrapport/{LAST_YEAR}/").url_name == "annual_report"
