"""The country `make bench` builds: the names it ships must add up to the national figures."""

from portal.bench import norway
from portal.bench.build import municipality_name


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
