"""The statistics' filters: each one, combined, the period's edges, and bad input (never a 500)."""

import datetime

import pytest
from django.utils import timezone

from contacts.models import Organisation, Region
from deviations.models import Deviation
from deviations.tests.statistics_data import Case, add, csv_rows, service_agreement

URL = "/avvik/statistikk/"
C = Deviation.Category


@pytest.fixture
def world(skien, porsgrunn, hospital, grenland):
    """Grenland (Skien, Porsgrunn), Vinje in Vest-Telemark, the hospital and a GP office."""
    vest = Region.objects.create(name="Vest-Telemark")
    vinje = Organisation.objects.create(name="Vinje kommune", kind=Organisation.Kind.MUNICIPALITY, region=vest)
    gp = Organisation.objects.create(name="Skien legesenter", kind=Organisation.Kind.GP_OFFICE, region=grenland)
    ta5 = service_agreement(5, "Utskriving")
    cases = {
        "skien_to_hf": Case(skien, hospital, days_ago=10, agreement=ta5),
        "skien_to_hf_admission": Case(skien, hospital, days_ago=11, category=C.ADMISSION),
        "hf_to_porsgrunn": Case(hospital, porsgrunn, days_ago=12, agreement=ta5),
        "hf_to_vinje_improvement": Case(hospital, vinje, days_ago=13, kind=Deviation.Kind.IMPROVEMENT),
        "vinje_to_skien": Case(vinje, skien, days_ago=14, category=C.MESSAGING),
        "gp_to_hf": Case(gp, hospital, days_ago=15, agreement=ta5),
        "hf_to_hf": Case(hospital, hospital, days_ago=16, category=C.OTHER),
    }
    add(list(cases.values()))
    return {"cases": cases, "vest": vest, "vinje": vinje, "gp": gp, "ta5": ta5}


def total(client, **params) -> int:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["stats"].total.count


@pytest.fixture
def as_quality(client, quality):
    client.force_login(quality)
    return client


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 7),
        ({"retning": "kommune-hf"}, 3),  # a GP office is on the municipal side
        ({"retning": "hf-kommune"}, 2),
        ({"retning": "kommune-kommune"}, 1),
        ({"retning": "annet"}, 1),
        ({"type": "improvement"}, 1),
        ({"kategori": "admission"}, 1),
        ({"avtale": "tjenesteavtale-5"}, 3),
        ({"avtale": "ingen"}, 4),
        ({"organisasjon": "skien-kommune"}, 3),
        ({"organisasjon": "skien-kommune", "rolle": "melder"}, 2),
        ({"organisasjon": "skien-kommune", "rolle": "mottaker"}, 1),
        ({"region": "vest-telemark"}, 2),
        ({"region": "vest-telemark", "rolle": "melder"}, 1),
        ({"region": "grenland", "rolle": "mottaker"}, 2),
    ],
)
def test_each_filter(as_quality, world, params, expected):
    assert total(as_quality, **params) == expected


def test_filters_combine(as_quality, world):
    assert total(as_quality, region="grenland", rolle="melder", retning="kommune-hf", avtale="tjenesteavtale-5") == 2
    assert (
        total(
            as_quality,
            region="grenland",
            rolle="melder",
            retning="kommune-hf",
            avtale="tjenesteavtale-5",
            kategori="admission",
        )
        == 0
    )
    assert total(as_quality, organisasjon="sykehuset-telemark-hf", rolle="melder", type="improvement") == 1


def test_the_export_is_of_exactly_what_is_filtered(as_quality, world):
    rows = csv_rows(as_quality.get(URL, {"format": "csv", "retning": "kommune-hf"}))
    assert next(row for row in rows if row[0] == "Totalt")[2] == "3"
    rows = csv_rows(as_quality.get(URL, {"format": "csv", "rader": "1", "retning": "kommune-hf"}))
    assert len(rows) == 1 + 3 and {row[7] for row in rows[1:]} == {"Fra kommune til helseforetak"}


def test_the_period_defaults_to_the_last_twelve_months_and_its_edges_are_local_days(as_quality, skien, hospital):
    today = timezone.localdate()
    first = today.replace(day=1).replace(year=today.year - 1)
    first = (first + datetime.timedelta(days=32)).replace(day=1)  # twelve months including this one
    midnight = timezone.make_aware(datetime.datetime.combine(first, datetime.time(0, 0)))
    add(
        [
            Case(skien, hospital, received_at=midnight),  # the first minute of the period
            Case(skien, hospital, received_at=midnight - datetime.timedelta(minutes=1)),  # the last one before
        ]
    )
    response = as_quality.get(URL)
    assert response.context["form"]["fra"].value() == first.isoformat()
    assert response.context["form"]["til"].value() == today.isoformat()
    assert response.context["stats"].total.count == 1
    day_before = (first - datetime.timedelta(days=1)).isoformat()
    assert total(as_quality, fra=day_before, til=day_before) == 1


def test_only_a_last_day_gives_the_twelve_months_up_to_it(as_quality):
    response = as_quality.get(URL, {"til": "2025-05-20"})
    assert response.context["form"]["fra"].value() == "2024-06-01"


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"fra": "2026-02-30"}, "fra", "Skriv en gyldig dato"),
        ({"fra": "i går"}, "fra", "Skriv en gyldig dato"),
        ({"fra": "1999-12-31"}, "fra", "år 2000 eller senere"),
        ({"fra": "2025-05-01", "til": "2025-04-01"}, "til", "kan ikke være før"),
        ({"til": "9999-01-01"}, "til", "Velg en dato senest"),
        ({"region": "atlantis"}, "region", "Velg en region fra listen"),
        ({"organisasjon": "x\x00y"}, "organisasjon", "Skriv navnet på organisasjonen"),
        ({"organisasjon": "atlantis"}, "organisasjon", "Fant ingen organisasjon som passer med «atlantis»"),
        ({"rolle": "begge\x00"}, "rolle", "Velg melder, mottaker eller begge"),
        ({"retning": "sideways"}, "retning", "Velg en retning"),
        ({"type": "klage"}, "type", "Velg samhandlingsavvik"),
        ({"kategori": "x" * 5000}, "kategori", "Velg en kategori"),
        ({"avtale": "tjenesteavtale-99"}, "avtale", "Velg en tjenesteavtale"),
    ],
)
def test_bad_input_is_explained_at_the_top_and_kept(as_quality, world, params, field, message):
    for extra in ({}, {"format": "csv"}, {"format": "xlsx"}):
        response = as_quality.get(URL, params | extra)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        html = response.content.decode()
        assert 'class="ds-error-summary error-summary"' in html
        assert f'href="#id_{field}"' in html and message in html
        assert "Rett feilene i filteret" in html
    # The other input is kept.
    if "fra" not in params:
        assert response.context["form"]["fra"].value()


def test_every_pair_of_odd_values_is_answered_without_a_500(as_quality, world):
    odd = ["", "\x00", "'; DROP TABLE x; --", "9" * 30, "-1", "ø", "%00"]
    for name in ("fra", "til", "region", "organisasjon", "rolle", "retning", "type", "kategori", "avtale", "rader"):
        for value in odd:
            assert as_quality.get(URL, {name: value}).status_code in (200, 400)
