"""The restore drill: back up the portal, restore it into an empty database and storage, compare.

Runs on the embedded PostgreSQL with its own pg_dump and pg_restore, as the README's backup
section tells an operator to do it (`manage.py backup_portal`, `manage.py restore_portal`).
"""

import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from deviations.tests.conftest import make_deviation
from portal.models import NewsItem
from samhandling import backup

IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def drill_database():
    """An empty database on the same server, dropped afterwards whatever happened."""
    name = f"restore_drill_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    host = connection.get_connection_params()["host"]
    yield name, f"postgresql://postgres:@/{name}?host={host}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_file(
    skien, hospital, drill_database, settings, tmp_path, capsys
):
    news = NewsItem.objects.create(
        title="Ny rutine for utskrivning", lead="Ingress.", body="Tekst.", image_alt="Et bilde"
    )
    news.image.save("nyhet.png", ContentFile(IMAGE))
    deviation = make_deviation(skien, hospital)
    folder = tmp_path / "backup"

    call_command("backup_portal", str(folder))
    assert "and 1 file(s)" in capsys.readouterr().out

    name, url = drill_database
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore_portal", str(folder), "--database-url", url)
    assert "and 1 file(s)" in capsys.readouterr().out

    # The restored database holds the same rows, and its file names point at restored files.
    dsn = backup.dsn_from_url(url)
    assert backup.table_counts(dsn) == backup.table_counts()
    with psycopg2.connect(dsn) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT image FROM portal_newsitem WHERE slug = %s", [news.slug])
        (image_name,) = cursor.fetchone()
        cursor.execute("SELECT reporter_email FROM deviations_deviation WHERE reference = %s", [deviation.reference])
        assert cursor.fetchone() == (deviation.reporter_email,)
    restored.close()
    assert Path(settings.MEDIA_ROOT, image_name).read_bytes() == IMAGE


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_restored(drill_database, settings, tmp_path):
    news = NewsItem.objects.create(title="Nyhet", lead="Ingress.", body="Tekst.", image_alt="Et bilde")
    news.image.save("nyhet.png", ContentFile(IMAGE))
    folder = tmp_path / "backup"
    call_command("backup_portal", str(folder))
    stored = next((folder / backup.FILES).rglob("*.png"))
    stored.write_bytes(b"not the picture")
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore_portal", str(folder), "--database-url", drill_database[1])
    assert not Path(settings.MEDIA_ROOT).exists()


def test_it_refuses_to_write_into_a_folder_that_holds_something(db, tmp_path):
    (tmp_path / "old.txt").write_text("")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup_portal", str(tmp_path))
