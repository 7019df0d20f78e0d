"""Counts from 1 to 4 are "<5" for those who may not open the deviations behind them, on the
page, in its tables, in the CSV and in the XLSX, and no other figure gives them away."""

import itertools
import re

import pytest
from django.utils import timezone

from agreements.models import Agreement
from deviations.models import Deviation
from deviations.statistics import COUNTS, PARTS, Protection, Row
from deviations.tests.statistics_data import Case, add, csv_rows, number, service_agreement, table_rows, xlsx_rows

URL = "/avvik/statistikk/"
C = Deviation.Category


@pytest.fixture
def ta5(db):
    return service_agreement(5, "Utskrivningsklare pasienter")


@pytest.fixture
def few_and_many(skien, porsgrunn, hospital, ta5):
    """Twelve discharge deviations to the hospital (nine in time, three late), six admission
    ones and three medication ones from Porsgrunn: small counts, next to larger ones."""
    cases = [Case(skien, hospital, days_ago=30 + n, agreement=ta5, answered_after_days=5) for n in range(9)]
    cases += [Case(skien, hospital, days_ago=60 + n, agreement=ta5, answered_after_days=40) for n in range(3)]
    cases += [
        Case(porsgrunn, hospital, days_ago=20 + n, category=C.MEDICATION, answered_after_days=2) for n in range(3)
    ]
    cases += [Case(porsgrunn, hospital, days_ago=90 + n, category=C.ADMISSION, answered_after_days=1) for n in range(6)]
    add(cases)
    return cases


def small_numbers_in(values) -> list:
    return [value for value in values if isinstance(value, int) and 0 < value < 5]


def test_a_coordinator_sees_less_than_five_on_the_page_in_tables_csv_and_xlsx(client, coordinator, few_and_many):
    client.force_login(coordinator)
    page = client.get(URL)
    html = page.content.decode()
    categories = table_rows(html, "Per kategori")
    assert number(categories["Legemidler"][0]) == "<5"
    assert number(categories["Utskrivning"][0]) == 12
    assert "Antall fra 1 til 4 vises som «&lt;5»" in html
    # Nowhere in any table of the page is there a count from 1 to 4.
    for caption in ("Per kategori", "Per tjenesteavtale", "Per type", "Per retning", "Per måned", "Per organisasjon"):
        for cells in table_rows(html, caption).values():
            assert not small_numbers_in(number(cell) for cell in cells if "%" not in cell)

    rows = csv_rows(client.get(URL, {"format": "csv"}))
    medication = next(row for row in rows if row[:2] == ["Kategori", "Legemidler"])
    assert medication[2] == "<5"
    assert not small_numbers_in(int(cell) for row in rows[1:] for cell in row[2:7] if cell.isdigit())

    sheet = xlsx_rows(client.get(URL, {"format": "xlsx"}), "Statistikk")
    medication = next(row for row in sheet if row[:2] == ["Kategori", "Legemidler"])
    assert medication[2] == "<5"
    assert not small_numbers_in(cell for row in sheet[1:] for cell in row[2:7])


def test_the_chart_writes_less_than_five_and_draws_no_bar_for_it(client, coordinator, few_and_many):
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    chart = html[html.index('aria-labelledby="chart-category-title"') :]
    chart = chart[: chart.index("</svg>")]
    assert ">&lt;5</text>" in chart
    assert ">3</text>" not in chart


def test_no_hidden_count_can_be_worked_out_by_subtraction(client, coordinator, few_and_many):
    """Twelve discharge deviations, nine in time: three late would be 12 - 9 without a second hidden cell."""
    client.force_login(coordinator)
    stats = client.get(URL).context["stats"]
    discharge = next(row for row in stats.categories.shown if row.key == "discharge")
    assert discharge.figures.count == 12
    assert discharge.figures.late == "<5"
    shown_parts = [getattr(discharge.figures, part) for part in PARTS]
    assert sum(isinstance(value, int) for value in shown_parts) <= len(PARTS) - 2
    assert discharge.figures.share_in_time is None  # 9 of 12 would give the three away


@pytest.mark.parametrize("persona", ["quality", "superuser", "hospital_handler"], indirect=True)
def test_those_who_may_open_the_rows_see_exact_counts(client, persona, few_and_many):
    client.force_login(persona)
    html = client.get(URL).content.decode()
    assert number(table_rows(html, "Per kategori")["Legemidler"][0]) == 3
    assert "vises som «&lt;5»" not in html
    rows = csv_rows(client.get(URL, {"format": "csv"}))
    assert next(row for row in rows if row[:2] == ["Kategori", "Legemidler"])[2] == "3"


def test_the_annual_report_hides_small_counts_from_a_coordinator(client, coordinator, skien, hospital, ta5):
    last_year = timezone.localdate().year - 1
    received = timezone.make_aware(timezone.datetime(last_year, 3, 10, 12))
    add([Case(skien, hospital, received_at=received + timezone.timedelta(days=n), agreement=ta5) for n in range(3)])
    client.force_login(coordinator)
    html = client.get(f"/avvik/statistikk/arsrapport/{last_year}/").content.decode()
    assert number(table_rows(html, "Per tjenesteavtale")["Tjenesteavtale 5: Utskrivningsklare pasienter"][1]) == "<5"
    assert not re.search(r">\s*3\s*</td>", html)


def test_the_public_agreement_page_says_fewer_than_five(client, skien, hospital, ta5, quality):
    add([Case(skien, hospital, days_ago=0, agreement=ta5)])
    html = client.get(f"/avtaler/{ta5.slug}/").content.decode()
    assert "Færre enn 5 avvik gjelder denne avtalen i år." in html
    assert "/avvik/statistikk/" not in html  # no link for those who may not open it
    client.force_login(quality)
    html = client.get(f"/avtaler/{ta5.slug}/").content.decode()
    assert "1 avvik gjelder denne avtalen i år." in html
    year = timezone.localdate().year
    assert f"/avvik/statistikk/?avtale={ta5.slug}&amp;fra={year}-01-01&amp;til={year}-12-31" in html


def test_the_agreement_page_counts_this_year_only(client, skien, hospital, ta5):
    last_year = timezone.make_aware(timezone.datetime(timezone.localdate().year - 1, 12, 31, 23, 30))
    add(
        [Case(skien, hospital, days_ago=0, agreement=ta5) for _ in range(6)]
        + [Case(skien, hospital, received_at=last_year, agreement=ta5)]
    )
    assert "6 avvik gjelder denne avtalen i år." in client.get(f"/avtaler/{ta5.slug}/").content.decode()


# --- The rule itself, over every small table -------------------------------------------------


@pytest.mark.parametrize(
    "counts", list(itertools.product([(0, 0, 0, 0), (3, 0, 0, 0), (9, 3, 0, 0), (6, 0, 1, 7), (5, 5, 5, 5)], repeat=2))
)
def test_no_sum_in_a_protected_table_has_exactly_one_hidden_term(counts):
    rows = []
    for index, (in_time, late, unanswered, pending) in enumerate(counts):
        rows.append(
            Row(
                index,
                "",
                count=in_time + late + unanswered + pending,
                in_time=in_time,
                late=late,
                unanswered_late=unanswered,
            )
        )
    total = Row(
        "total",
        "",
        count=sum(row.count for row in rows),
        in_time=sum(row.in_time for row in rows),
        late=sum(row.late for row in rows),
        unanswered_late=sum(row.unanswered_late for row in rows),
    )
    protection = Protection(total, {"t": rows})
    grid = {
        (table, row.key): protection.figures(table, row) for table, row in [("total", total)] + [("t", r) for r in rows]
    }

    def hidden(figure, column):
        return not isinstance(getattr(figure, column), int)

    # Each row: count = its parts.
    for figure in grid.values():
        terms = [hidden(figure, column) for column in COUNTS]
        assert sum(terms) != 1
    # Each column: the total's = the rows'.
    for column in COUNTS:
        terms = [hidden(grid[("total", "total")], column)] + [hidden(grid[("t", row.key)], column) for row in rows]
        assert sum(terms) != 1
    # And nothing from 1 to 4 is shown.
    for figure in grid.values():
        assert not small_numbers_in(getattr(figure, column) for column in COUNTS)


def test_the_link_on_every_agreement_page_opens_its_statistics(client, quality, ta5):
    framework = Agreement.objects.create(
        kind=Agreement.Kind.FRAMEWORK, identifier="Overordnet", title="Samarbeidsavtalen"
    )
    client.force_login(quality)
    for agreement in (ta5, framework):
        url = client.get(f"/avtaler/{agreement.slug}/").context["deviation_url"]
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["form"].cleaned_data["avtale"] == agreement.slug
