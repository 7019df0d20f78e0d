"""The page's organisation table is bounded: the most active 25, with a word about the rest;
the CSV still lists every organisation (it is a file)."""

from contacts.models import Organisation
from deviations.statistics.queries import ORGANISATIONS_ON_PAGE
from deviations.tests.statistics_data import Case, add, csv_rows, table_rows

URL = "/avvik/statistikk/"


def test_the_page_lists_the_most_active_organisations_and_the_csv_lists_them_all(client, quality, hospital, skien):
    offices = [
        Organisation.objects.create(
            name=f"Legekontor {number:02d}", kind=Organisation.Kind.GP_OFFICE, region=skien.region
        )
        for number in range(ORGANISATIONS_ON_PAGE + 5)
    ]
    # The first office reports the most, so it heads the table; each one reports at least one.
    add([Case(office, hospital) for index, office in enumerate(offices) for _ in range(1 + (index == 0) * 10)])
    client.force_login(quality)

    page = client.get(URL)
    rows = table_rows(page.content.decode(), "Per organisasjon")
    assert len(rows) == ORGANISATIONS_ON_PAGE
    assert list(rows)[:2] == [hospital.name, offices[0].name]
    assert "6 til er utelatt" in page.content.decode()

    in_csv = [row[1] for row in csv_rows(client.get(URL, {"format": "csv"})) if row[0] == "Meldt fra organisasjon"]
    assert set(in_csv) == {office.name for office in offices} | {hospital.name}
