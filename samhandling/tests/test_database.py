"""The database the portal runs on has what its search needs: pg_trgm and unaccent, created by a
migration (so the test database, built by migrating, has them as production does)."""

import pytest
from django.db import connection

from samhandling.pg import legacy_notice


@pytest.mark.django_db
def test_the_database_folds_accents_and_matches_by_trigram() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        assert {"pg_trgm", "unaccent"} <= {name for (name,) in cursor.fetchall()}
        # A name typed without æøå still matches, and a prefix is similar to the whole name.
        cursor.execute("SELECT unaccent('Bitustøyl Åsmund'), similarity('bitus', 'bitustoyl') > 0.3")
        assert cursor.fetchone() == ("Bitustoyl Asmund", True)


def test_an_old_postgresql_16_data_directory_is_named_and_never_deleted(tmp_path) -> None:
    # Checkouts from before the move to PostgreSQL 18 hold version 16 data, which 18 cannot
    # open: the developer is told where it is and how to remove it; the portal removes nothing.
    old = tmp_path / "postgres"
    old.mkdir()
    (old / "PG_VERSION").write_text("16\n")
    (old / "base").mkdir()

    notice = legacy_notice(old)

    assert notice is not None
    assert "PostgreSQL 16" in notice and str(old) in notice and "rm -rf" in notice
    assert (old / "PG_VERSION").exists() and (old / "base").exists()
    assert legacy_notice(tmp_path / "never-created") is None
