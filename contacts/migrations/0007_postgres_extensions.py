"""The PostgreSQL extensions the portal's search relies on: pg_trgm and unaccent.

Both ship with PostgreSQL's contrib modules (the embedded server and every managed service
have them) and are trusted extensions since PostgreSQL 13, so the database owner may create
them without superuser rights. Created here, in the lowest app with models, so every later
migration and the test database (built by migrating) can use them.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_body_agreements_moved_to_agreements"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
    ]
