"""The country `make bench` builds: the names it ships must add up to the national figures."""

import datetime
import re

from django.db import connection
from django.utils import timezone

from contacts.models import Organisation, Person
from deviations.models import Deviation
from portal.bench import build, norway
from portal.bench.build import municipality_name, saved_in_bulk
from portal.models import NewsItem


def test_the_bench_has_every_municipality_of_2024_once_in_70_regions() -> None:
    municipalities = [
        municipality_name(entry)
        for county in norway.COUNTIES.values()
        for _trust, entries in county.values()
        for entry in entries
    ]
    assert len(municipalities) == 357
    assert len(set(municipalities)) == 357
    assert sum(len(regions) for regions in norway.COUNTIES.values()) == 70
    assert len(norway.COUNTIES) == 15
    # Two municipalities share a name: the county tells them apart.
    assert "Våler kommune (Østfold)" in municipalities and "Våler kommune (Innlandet)" in municipalities


def test_every_region_sends_its_patients_to_a_hospital_trust_the_bench_creates() -> None:
    trusts = {trust for county in norway.COUNTIES.values() for trust, _entries in county.values()}
    assert trusts <= set(norway.HOSPITAL_TRUSTS)
    assert len(norway.HOSPITAL_TRUSTS) == 20
    # The GP offices' population weights name real municipalities, so none is silently dropped.
    towns = {entry for county in norway.COUNTIES.values() for _t, entries in county.values() for entry in entries}
    assert set(norway.EXTRA_GP_OFFICES) <= towns


def test_rows_saved_in_bulk_get_what_their_own_save_computes(skien) -> None:
    one_by_one = Person(name="Ærlig Åsen", title="Rådgiver", organisation=skien)
    one_by_one.save()
    with saved_in_bulk(Person) as people:
        Person(name="Ærlig Åsen", title="Rådgiver", organisation=skien).save()
        assert not Person.objects.filter(pk__gt=one_by_one.pk).exists()  # collected, not yet inserted
    in_bulk = Person.objects.get(pk=people[0].pk)
    one_by_one.refresh_from_db()
    for field in ("sort_key", "search_document", "search_text"):
        assert getattr(in_bulk, field) == getattr(one_by_one, field) != ""
    assert in_bulk.search_vector == one_by_one.search_vector

    with saved_in_bulk(NewsItem):
        NewsItem(title="Nytt om utskrivning", lead="Kort.", body="## Rutine\n\nTekst.", status="draft").save()
    item = NewsItem.objects.get()
    assert item.slug == "nytt-om-utskrivning"
    assert "Rutine</h" in item.body_html  # rendered from Markdown, as save() renders it
    assert item.body_text.startswith("Rutine")


def test_rows_saved_in_bulk_with_the_same_title_get_distinct_slugs_as_one_by_one(db) -> None:
    with saved_in_bulk(NewsItem) as items:
        for _ in range(3):
            NewsItem(title="Fagdag", lead="Kort.", status="draft").save()
    assert [item.slug for item in items] == ["fagdag", "fagdag-2", "fagdag-3"]
    assert NewsItem.objects.count() == 3


def _bench_deviation_columns() -> list[str]:
    """The columns the bench's INSERT names, read from the statement itself."""
    named = re.search(r"INSERT INTO deviations_deviation \((.*?)\)\s*SELECT", build.GENERATE, re.S)
    assert named, "the bench no longer inserts the deviations in one INSERT ... SELECT"
    return [column.strip() for column in named.group(1).split(",")]


def test_a_deviation_written_in_sql_with_only_the_columns_the_bench_names_goes_in(skien, hospital) -> None:
    # Every NOT NULL column the bench leaves out needs a database default: a column added by a
    # later issue without one makes `make bench` (and any import in SQL) fail on its first row.
    columns = _bench_deviation_columns()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'deviations_deviation' "
            "AND is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER' AND is_identity = 'NO'"
        )
        without_default = {name for (name,) in cursor.fetchall()}
    assert without_default - set(columns) == set()

    values = {
        "reference": "SA-2026-000001",
        "kind": "deviation",
        "status": "received",
        "reporter_name": "Kari Nordmann",
        "reporter_title": "Sykepleier",
        "reporter_email": "kari@example.org",
        "reporter_phone": "",
        "reporter_organisation_id": skien.pk,
        "concerned_organisation_id": hospital.pk,
        "agreement_id": None,
        "category": "discharge",
        "occurred_on": datetime.date(2026, 3, 1),
        "description": "Epikrisen kom tre dager for sent.",
        "consequence": "minor",
        "immediate_action": "",
        "suggestion": "",
        "received_at": timezone.now(),
        "respond_by": datetime.date(2026, 3, 29),
        "answer": "",
        "answered_at": None,
        "closed_at": None,
        "submission_key_hash": "a" * 64,
        "tracking_token_hash": "b" * 64,
    }
    # A column the bench names that this test does not know fails here, not with a NULL.
    assert set(columns) <= set(values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO deviations_deviation ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
            [values[column] for column in columns],
        )
    deviation = Deviation.objects.get(reference="SA-2026-000001")
    # The columns it left out hold what the portal itself would have written.
    assert deviation.case_number == "" and deviation.causes == [] and deviation.reclassified is False
    assert deviation.reporter_verdict == "" and deviation.reporter_workplace == ""
    assert deviation.language == "nb"


def test_the_bench_builds_its_dataset_end_to_end_at_a_small_scale(db, monkeypatch) -> None:
    # The national figures are module constants; smaller ones run every step as `make bench` does,
    # the deviations through the same INSERT ... SELECT FROM generate_series.
    for name, small in (("PEOPLE", 30), ("NEWS", 10), ("EVENTS", 5), ("ROUTINES", 5), ("DEVIATIONS", 300)):
        monkeypatch.setattr(build, name, small)
    build.NationalDataset(say=lambda _line: None).build()

    assert Deviation.objects.count() == 300
    assert Organisation.objects.count() >= build.ORGANISATIONS
    # Every new column not named by the bench got its default, and the references follow on.
    assert not Deviation.objects.exclude(case_number="").exists()
    assert not Deviation.objects.exclude(language="nb").exists()
    assert not Deviation.objects.filter(reclassified=True).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(last_number) FROM deviations_referencecounter")
        assert cursor.fetchone()[0] == 300
