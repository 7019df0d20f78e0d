"""The embedded PostgreSQL server used when DATABASE_URL is unset.

pgserver runs a real PostgreSQL 16 from a wheel, with its data in .data/postgres/.
It is started with cleanup_mode=None so that no process owns its lifetime: `make run`,
`make test` and a developer's shell all attach to the same server, and none of them
stops it on exit (pgserver's default would stop it under the feet of the others).
`make stop-db` stops it.
"""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pgserver

DATABASE_NAME = "samhandling"


def _server(datadir: Path) -> "pgserver.PostgresServer":
    datadir.mkdir(parents=True, exist_ok=True)
    # pgserver picks its lock and socket folder from XDG_RUNTIME_DIR when it is imported.
    runtime = datadir.parent / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver  # only now: it reads XDG_RUNTIME_DIR when imported

    return pgserver.get_server(datadir, cleanup_mode=None)


def embedded_database_url(datadir: Path) -> str:
    """Start (or attach to) the embedded server and return a URL for the portal's database."""
    server = _server(datadir)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME)


def stop(datadir: Path) -> None:
    if not (datadir / "postmaster.pid").exists():
        print("The embedded PostgreSQL is not running.")
        return
    # pgserver makes its pg_ctl wrapper at import, in a loop over the programs: no stub sees it.
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    server = _server(datadir)
    pg_ctl(["-w", "stop"], pgdata=datadir, user=server.system_user)
    print("Stopped the embedded PostgreSQL.")


if __name__ == "__main__":
    datadir = Path(__file__).resolve().parent.parent / ".data" / "postgres"
    if sys.argv[1:] == ["stop"]:
        stop(datadir)
    else:
        print(embedded_database_url(datadir))
