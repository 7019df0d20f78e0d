"""The database the portal runs on has what its search needs: pg_trgm and unaccent, created by a
migration (so the test database, built by migrating, has them as production does)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_database_folds_accents_and_matches_by_trigram() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        assert {"pg_trgm", "unaccent"} <= {name for (name,) in cursor.fetchall()}
        # A name typed without æøå still matches, and a prefix is similar to the whole name.
        cursor.execute("SELECT unaccent('Bitustøyl Åsmund'), similarity('bitus', 'bitustoyl') > 0.3")
        assert cursor.fetchone() == ("Bitustoyl Asmund", True)
