"""The annual report: a year against the one before, per agreement and category, the recurring
themes, the deadlines kept, a year picker, and a page that prints."""

import datetime

import pytest
from django.utils import timezone

from deviations.models import Deviation
from deviations.tests.statistics_data import Case, add, number, service_agreement, table_rows

YEAR = timezone.localdate().year - 1
C = Deviation.Category


def on(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


@pytest.fixture
def two_years(skien, porsgrunn, hospital):
    ta3 = service_agreement(3, "Innleggelse")
    ta5 = service_agreement(5, "Utskrivning")
    cases = (
        # The year before: 5 on TA5 (discharge), 6 on TA3 (admission).
        [
            Case(skien, hospital, received_at=on(YEAR - 1, 3, 1 + n), agreement=ta5, answered_after_days=40)
            for n in range(5)
        ]
        + [
            Case(
                hospital,
                skien,
                received_at=on(YEAR - 1, 6, 1 + n),
                agreement=ta3,
                category=C.ADMISSION,
                answered_after_days=2,
            )
            for n in range(6)
        ]
        # The year: 9 on TA5 (7 discharge answered in time, 2 medication late), 6 on TA3.
        + [
            Case(skien, hospital, received_at=on(YEAR, 2, 1 + n), agreement=ta5, answered_after_days=5)
            for n in range(7)
        ]
        + [
            Case(
                porsgrunn,
                hospital,
                received_at=on(YEAR, 9, 1 + n),
                agreement=ta5,
                category=C.MEDICATION,
                answered_after_days=30,
            )
            for n in range(2)
        ]
        + [
            Case(
                hospital,
                porsgrunn,
                received_at=on(YEAR, 11, 1 + n),
                agreement=ta3,
                category=C.ADMISSION,
                answered_after_days=1,
            )
            for n in range(6)
        ]
        # Outside both years.
        + [Case(skien, hospital, received_at=on(YEAR - 2, 12, 31), agreement=ta5)]
    )
    add(cases)
    return {"ta3": ta3, "ta5": ta5}


@pytest.fixture
def report(client, quality, two_years):
    client.force_login(quality)
    response = client.get(f"/avvik/statistikk/arsrapport/{YEAR}/")
    assert response.status_code == 200
    return response


def test_it_is_titled_for_the_year_and_compares_the_totals(report):
    html = report.content.decode()
    assert f"<h1>Årsrapport samhandlingsavvik {YEAR}</h1>" in html
    totals = table_rows(html, "Meldinger i alt og per type")
    assert totals["Alle meldinger"][:3] == ["11", "15", "+4 (+36 %)"]
    assert totals["Samhandlingsavvik"][:2] == ["11", "15"]


def test_per_agreement_and_category_against_the_year_before(report):
    html = report.content.decode()
    agreements = table_rows(html, "Per tjenesteavtale")
    assert list(agreements) == ["Tjenesteavtale 5: Utskrivning", "Tjenesteavtale 3: Innleggelse"]  # most first
    assert agreements["Tjenesteavtale 5: Utskrivning"][:3] == ["5", "9", "+4 (+80 %)"]
    assert agreements["Tjenesteavtale 5: Utskrivning"][3] == "77,8 %"  # 7 of 9 in time
    assert agreements["Tjenesteavtale 3: Innleggelse"][:3] == ["6", "6", "0 (0 %)"]
    categories = table_rows(html, "Per kategori")
    assert categories["Legemidler"][:2] == ["0", "2"]


def test_the_recurring_themes_and_the_deadlines(report):
    html = report.content.decode()
    themes = table_rows(html, f"De vanligste temaene i {YEAR}")
    assert list(themes)[:2] == ["Utskrivning", "Innleggelse"]
    assert themes["Utskrivning"] == ["Tjenesteavtale 5: Utskrivning", "7", "5"]
    outcome = table_rows(html, "Svar og frister")
    assert [number(cell) for cell in outcome["Besvart innen fristen"]] == [6, 13]
    assert [number(cell) for cell in outcome["Besvart etter fristen"]] == [5, 2]
    assert f"I {YEAR} ble 86,7 % av meldingene besvart innen fristen" in html


def test_it_prints_without_menus_and_forms(report):
    html = report.content.decode()
    assert "deviations/statistics.css" in html
    assert 'class="year-picker no-print' in html
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "deviations" / "statistics.css").read_text()
    assert "@media print" in css and "break-inside: avoid" in css


def test_the_year_picker_goes_to_the_chosen_year(client, quality, two_years):
    client.force_login(quality)
    assert (
        client.get("/avvik/statistikk/arsrapport/", {"ar": YEAR - 1})["Location"]
        == f"/avvik/statistikk/arsrapport/{YEAR - 1}/"
    )
    assert client.get("/avvik/statistikk/arsrapport/")["Location"] == f"/avvik/statistikk/arsrapport/{YEAR}/"
    response = client.get("/avvik/statistikk/arsrapport/", {"ar": "1066"}, follow=True)
    assert "Velg et år fra listen." in response.content.decode()
    html = client.get(f"/avvik/statistikk/arsrapport/{YEAR}/").content.decode()
    assert f'<option value="{YEAR - 2}">' in html  # the first year with a deviation


@pytest.mark.parametrize("year", [1999, 1066, timezone.localdate().year + 1])
def test_a_year_without_a_report_is_not_found(client, quality, two_years, year):
    client.force_login(quality)
    assert client.get(f"/avvik/statistikk/arsrapport/{year}/").status_code == 404


def test_a_handler_reports_on_their_own_organisation(client, porsgrunn_handler, two_years):
    client.force_login(porsgrunn_handler)
    html = client.get(f"/avvik/statistikk/arsrapport/{YEAR}/").content.decode()
    assert table_rows(html, "Meldinger i alt og per type")["Alle meldinger"][:2] == ["0", "8"]
