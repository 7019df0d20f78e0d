"""The numbers on the page, in its tables, in the CSV and in the XLSX agree with each other
and with a count made here, in Python, over deviations whose outcome the test chose."""

import datetime
import statistics

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format

from deviations.models import Deviation
from deviations.tests.statistics_data import (
    Case,
    add,
    csv_rows,
    expected,
    number,
    service_agreement,
    table_rows,
    xlsx_rows,
)

URL = "/avvik/statistikk/"
FIELDS = ("count", "in_time", "late", "unanswered_late")
C = Deviation.Category


@pytest.fixture
def agreements(db):
    return {
        3: service_agreement(3, "Innleggelse i sykehus"),
        5: service_agreement(5, "Utskrivningsklare pasienter"),
    }


@pytest.fixture
def cases(skien, porsgrunn, hospital, agreements):
    """A year of deviations in every direction and outcome, and one from long ago."""
    ta3, ta5 = agreements[3], agreements[5]
    chosen = [
        Case(skien, hospital, days_ago=40, agreement=ta5, answered_after_days=10),
        Case(skien, hospital, days_ago=60, agreement=ta5, answered_after_days=35),  # late
        Case(skien, hospital, days_ago=70, agreement=ta5, answered_after_days=28),  # on the deadline: in time
        Case(skien, hospital, days_ago=45, agreement=ta5, category=C.MEDICATION, answered_after_days=2),
        Case(porsgrunn, hospital, days_ago=100, agreement=ta5, category=C.MEDICATION),  # unanswered, late
        Case(porsgrunn, hospital, days_ago=150, agreement=ta5, kind=Deviation.Kind.IMPROVEMENT, answered_after_days=0),
        Case(hospital, skien, days_ago=5, agreement=ta3, category=C.ADMISSION),  # unanswered, within the deadline
        Case(hospital, porsgrunn, days_ago=200, agreement=ta3, category=C.ADMISSION, answered_after_days=3),
        Case(hospital, skien, days_ago=250, agreement=ta3, category=C.REFERRAL, answered_after_days=40),  # late
        Case(skien, porsgrunn, days_ago=15, category=C.MESSAGING, answered_after_days=1),  # between municipalities
        Case(porsgrunn, skien, days_ago=320, category=C.MESSAGING, answered_after_days=12),
    ]
    old = Case(skien, hospital, days_ago=500, agreement=ta5, answered_after_days=1)  # before the period
    add(chosen + [old])
    return chosen


def agreement_label(case):
    return f"{case.agreement.identifier}: {case.agreement.title}" if case.agreement else "Ingen avtale oppgitt"


def from_page(rows: dict) -> dict:
    return {label: dict(zip(FIELDS, map(number, cells[:4]))) for label, cells in rows.items()}


def from_file(rows, section: str) -> dict:
    """The rows of one section of the aggregated CSV or XLSX: {group: {field: value}}."""
    return {
        row[1]: dict(
            zip(FIELDS, (int(value) if isinstance(value, str) and value.isdigit() else value for value in row[2:6]))
        )
        for row in rows[1:]
        if row[0] == section
    }


@pytest.fixture
def shown(client, quality, cases):
    """The page, the CSV and the XLSX for the default period, as Kvalitetsutvalget sees them."""
    client.force_login(quality)
    return {
        "page": client.get(URL),
        "csv": csv_rows(client.get(URL, {"format": "csv"})),
        "xlsx": xlsx_rows(client.get(URL, {"format": "xlsx"}), "Statistikk"),
    }


def test_every_figure_per_agreement_agrees_with_an_independent_count(shown, cases):
    counted = expected(cases, agreement_label)
    page = shown["page"]
    in_context = {
        row.label: {field: getattr(row, field) for field in FIELDS} for row in page.context["stats"].agreements.rows
    }
    assert in_context == counted
    assert from_page(table_rows(page.content.decode(), "Per tjenesteavtale")) == counted
    assert from_file(shown["csv"], "Tjenesteavtale") == counted
    assert from_file(shown["xlsx"], "Tjenesteavtale") == counted


@pytest.mark.parametrize(
    "caption, section, key",
    [
        ("Per kategori", "Kategori", lambda case: str(C(case.category).label)),
        ("Per type", "Type", lambda case: str(Deviation.Kind(case.kind).label)),
        (
            "Per retning",
            "Retning",
            lambda case: {
                ("municipality", "hospital_trust"): "Fra kommune til helseforetak",
                ("hospital_trust", "municipality"): "Fra helseforetak til kommune",
                ("municipality", "municipality"): "Mellom kommuner",
            }[(case.reporter.kind, case.concerned.kind)],
        ),
        ("Per organisasjon", "Meldt til organisasjon", lambda case: case.concerned.name),
    ],
    ids=["category", "kind", "direction", "organisation"],
)
def test_every_breakdown_agrees_on_page_table_csv_and_xlsx(shown, cases, caption, section, key):
    counted = expected(cases, key)
    html = shown["page"].content.decode()
    rows = table_rows(html, caption)
    if section == "Meldt til organisasjon":
        # The organisation table has "Meldt fra" first; the rest are the receiver's figures.
        rows = {label: cells[1:] for label, cells in rows.items()}
    on_page = {label: figures for label, figures in from_page(rows).items() if figures["count"]}
    assert on_page == counted
    in_csv = {group: figures for group, figures in from_file(shown["csv"], section).items() if figures["count"]}
    assert in_csv == counted
    in_xlsx = {group: figures for group, figures in from_file(shown["xlsx"], section).items() if figures["count"]}
    assert in_xlsx == counted


def test_what_each_organisation_reported(shown, cases):
    reported = expected(cases, lambda case: case.reporter.name)
    rows = table_rows(shown["page"].content.decode(), "Per organisasjon")
    assert {label: number(cells[0]) for label, cells in rows.items()} == {
        name: figures["count"] for name, figures in reported.items()
    }
    in_csv = from_file(shown["csv"], "Meldt fra organisasjon")
    assert {group: figures["count"] for group, figures in in_csv.items()} == {
        name: figures["count"] for name, figures in reported.items()
    }


def test_the_months_of_the_period_each_have_a_row_and_the_right_counts(shown, cases):
    counted = expected(cases, lambda case: case.received_on.replace(day=1))
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    page_rows = from_page(table_rows(shown["page"].content.decode(), "Per måned"))
    csv_months = from_file(shown["csv"], "Måned")
    assert len(page_rows) == len(csv_months) == 12
    assert min(csv_months) == f"{first:%Y-%m}" and max(csv_months) == f"{today:%Y-%m}"
    for month, figures in counted.items():
        assert page_rows[date_format(month, "F Y")] == figures
        assert csv_months[f"{month:%Y-%m}"] == figures
    assert sum(figures["count"] for figures in page_rows.values()) == len(cases)


def test_the_key_figures_share_in_time_and_median(shown, cases):
    stats = shown["page"].context["stats"]
    outcomes = [case.outcome for case in cases]
    decided = [outcome for outcome in outcomes if outcome != "pending"]
    days = [
        (timezone.localdate(case.answered_at) - case.received_on).days for case in cases if case.answered_at is not None
    ]
    assert stats.total.count == len(cases) == 11
    assert stats.total.in_time == outcomes.count("in_time") == 7
    assert stats.total.share_in_time == pytest.approx(outcomes.count("in_time") / len(decided))
    assert stats.total.median_days == statistics.median(days)

    html = shown["page"].content.decode()
    assert f"{outcomes.count('in_time')} av {len(decided)} der svaret er gitt" in html
    share = f"{100 * outcomes.count('in_time') / len(decided):.1f}".replace(".", ",") + " %"
    assert share in html
    total = next(row for row in shown["csv"] if row[0] == "Totalt")
    assert total[2:7] == ["11", "7", "2", "1", "1"]
    assert total[7] == share.removesuffix(" %") and total[8] == f"{statistics.median(days):.1f}".replace(".", ",")
    xlsx_total = next(row for row in shown["xlsx"] if row[0] == "Totalt")
    assert xlsx_total[7] == pytest.approx(7 / 10) and xlsx_total[8] == statistics.median(days)
    outcome_table = table_rows(html, "Svar og frister")
    assert {label: number(cells[0]) for label, cells in outcome_table.items()} == {
        "Besvart innen fristen": 7,
        "Besvart etter fristen": 2,
        "Ikke besvart, fristen er ute": 1,
        "Ikke besvart, innen fristen": 1,
    }


def test_the_charts_carry_the_same_numbers_as_text(shown):
    html = shown["page"].content.decode()
    chart = html[html.index('<svg class="chart" role="img" aria-labelledby="chart-agreement-title"') :]
    chart = chart[: chart.index("</svg>")]
    assert "Tjenesteavtale 5: Utskrivningsklare pasienter" in chart
    assert '<text x="' in chart and ">6</text>" in chart  # TA5 has six deviations in the period
    assert 'role="img"' in chart and "<title" in chart
