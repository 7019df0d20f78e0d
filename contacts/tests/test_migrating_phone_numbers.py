"""Phone numbers typed before they were kept as E.164 are converted by their own migration, on the
rows that exist when it runs, apart from the schema changes to the same tables."""

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("contacts", "0010_user_language")]
CONVERTED = [("contacts", "0011_phones_to_e164")]


def migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_conversion_is_a_migration_of_its_own_before_the_schema_changes() -> None:
    # PostgreSQL refuses to ALTER TABLE contacts_person while the conversion's UPDATEs have trigger
    # events pending, which they have until the transaction commits: one migration, one transaction.
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    conversion = graph.nodes[CONVERTED[0]]
    assert [type(operation).__name__ for operation in conversion.operations] == ["RunPython"]
    assert conversion.atomic
    schema = graph.nodes[("contacts", "0012_units_services_meetings")]
    assert CONVERTED[0] in schema.dependencies
    assert not any(type(operation).__name__ in ("RunPython", "RunSQL") for operation in schema.operations)


@pytest.mark.django_db(transaction=True)
def test_phone_numbers_already_in_the_directory_are_converted_to_e164_and_unreadable_ones_kept() -> None:
    old = migrate(BEFORE)
    try:
        Organisation = old.get_model("contacts", "Organisation")
        Person = old.get_model("contacts", "Person")
        skien = Organisation.objects.create(
            name="Skien kommune", slug="skien", kind="municipality", phone="35 50 10 00", plo_fallback_phone=""
        )
        kari = Person.objects.create(
            name="Kari Nordmann", organisation=skien, phone="+47 35 50 10 01", mobile="ring sentralbordet"
        )

        new = migrate(CONVERTED)
        skien = new.get_model("contacts", "Organisation").objects.get(pk=skien.pk)
        kari = new.get_model("contacts", "Person").objects.get(pk=kari.pk)
        assert skien.phone == "+4735501000"
        assert skien.plo_fallback_phone == ""
        assert kari.phone == "+4735501001"
        assert kari.mobile == "ring sentralbordet"  # not a number: kept as typed, nothing lost
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
