"""The country `make bench` builds: the names it ships must add up to the national figures."""

from contacts.models import Person
from portal.bench import norway
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
