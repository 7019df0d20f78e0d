"""After 0010 rewrote every deviation, the planner knows the new columns at once: a migration
ANALYZEs the table instead of waiting for autovacuum (a handling query took 600 ms, not 3 ms,
on a million rows until it did)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from deviations.models import Deviation

ANALYZED = ("deviations", "0015_analyze_after_backfill")


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def most_common_values(column: str) -> list[str] | None:
    # pg_stats is written by ANALYZE itself, in the catalog: no delay as in the cumulative counters.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_vals::text::text[] FROM pg_stats "
            "WHERE tablename = 'deviations_deviation' AND attname = %s",
            [column],
        )
        row = cursor.fetchone()
        return row[0] if row else None


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_leaves_the_planner_statistics_for_the_backfilled_columns(skien, hospital) -> None:
    (previous,) = MigrationExecutor(connection).loader.graph.node_map[ANALYZED].parents
    migrate([previous.key])
    try:
        # Statistics outlive the rows of an earlier test: these rows get values they do not show.
        category = next(c for c in Deviation.Category.values if most_common_values("original_category") != [c])
        consequence = next(c for c in Deviation.Consequence.values if most_common_values("original_consequence") != [c])
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO deviations_deviation (
                    reference, kind, status, reporter_name, reporter_title, reporter_email, reporter_phone,
                    reporter_organisation_id, concerned_organisation_id, category, occurred_on, description,
                    consequence, immediate_action, suggestion, received_at, respond_by, answer,
                    original_category, original_consequence, submission_key_hash, tracking_token_hash
                )
                SELECT 'SA-2026-' || lpad(i::text, 6, '0'), 'deviation', 'received', 'Kari', '', 'kari@example.org',
                    '', %s, %s, 'discharge', current_date, 'Epikrisen kom for sent.', 'minor', '', '', now(),
                    current_date + 28, '', %s, %s, md5('key' || i) || md5('k' || i),
                    md5('token' || i) || md5('t' || i)
                FROM generate_series(1, 200) AS i
                """,
                [skien.pk, hospital.pk, category, consequence],
            )

        migrate([ANALYZED])
        assert most_common_values("original_category") == [category]
        assert most_common_values("original_consequence") == [consequence]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
