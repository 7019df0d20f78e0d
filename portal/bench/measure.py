"""Serving the bench database as production does and measuring each page.

Throughput is wrk's requests per second divided by /helse/'s (one query, no template) in the
same round, so that a machine shared with other work still gives comparable ratios; rounds
interleave the pages and the median of the rounds is reported. Latency is sequential: one
request at a time, p50 and p95. SQL queries and HTML size come from Django's test client
in this process, against the same database.
"""

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

HOST = "127.0.0.1"
# The bench posts hundreds of reports from one address: the limit is counted as always (its
# cost is measured) but set high enough never to refuse.
BENCH_RATE_LIMIT = "1000000/h"
UNKNOWN_SESSION = "benchuncachedbenchuncachedbench0"


@dataclass
class Page:
    label: str
    path: str
    user: str | None = None
    post: dict[str, str] | None = None
    # Past the reader cache (samhandling.readercache): an unknown session cookie, as a browser
    # whose session expired sends, makes the page rendered afresh every time (and costs the
    # session's one query). A logged-in user's page past the handler page cache
    # (deviations.handlerpages): no CSRF cookie, as on a browser's first page, so every request
    # is rendered as the first visit after a change is.
    uncached: bool = False
    # Slow pages (statistics, exports) get latency only: wrk would give them one or two requests.
    throughput: bool = True
    sequential: int = 20
    rates: list[float] = field(default_factory=list)
    durations: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    errors: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """The bench database as a DATABASE_URL for the server's environment (Unix socket or host)."""
    user, password, name = settings_dict["USER"], settings_dict.get("PASSWORD") or "", settings_dict["NAME"]
    host = settings_dict.get("HOST") or settings_dict.get("OPTIONS", {}).get("host") or ""
    port = settings_dict.get("PORT") or ""
    if not host or host.startswith("/"):
        return f"postgresql://{user}:{password}@/{name}?host={host}" + (f"&port={port}" if port else "")
    return f"postgresql://{user}:{password}@{host}:{port or 5432}/{name}"


class Server:
    """gunicorn as the README's production section runs it, on 127.0.0.1 and a free port."""

    def __init__(self, database_url: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "HTTPS": "0",
            "ALLOWED_HOSTS": HOST,
            "DEVIATION_RATE_LIMIT": BENCH_RATE_LIMIT,
            "LOG_LEVEL": "WARNING",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        with log.open("w") as output:
            self.process = subprocess.Popen(
                [str(gunicorn), "samhandling.wsgi", "--bind", f"{HOST}:{self.port}", "--workers", "2"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/helse/")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start; see {log}")
            time.sleep(0.3)

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def request(self, method: str, path: str, headers: dict[str, str], body: str | None = None) -> tuple[int, bytes]:
        connection_ = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection_.request(method, path, body=body, headers=headers)
            response = connection_.getresponse()
            return response.status, response.read()
        finally:
            connection_.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        return self.request("GET", path, headers or {})

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Bench:
    def __init__(
        self,
        server: Server,
        sessions: dict[str, str],
        csrf: tuple[str, str],
        say: Callable[[str], None],
        seconds: int = 3,
        connections: int = 2,
    ) -> None:
        self.server = server
        self.sessions = sessions
        self.csrf_cookie, self.csrf_token = csrf
        self.say = say
        self.seconds = seconds
        self.connections = connections
        self.helse: list[float] = []

    def _headers(self, page: Page) -> dict[str, str]:
        cookies = [] if page.user and page.uncached else [f"csrftoken={self.csrf_cookie}"]
        if page.user:
            cookies.append(f"sessionid={self.sessions[page.user]}")
        elif page.uncached:
            cookies.append(f"sessionid={UNKNOWN_SESSION}")
        headers = {"Cookie": "; ".join(cookies), "Host": HOST}
        if page.post is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return headers

    def _body(self, page: Page, key: str) -> str:
        assert page.post is not None
        return urlencode({**page.post, "csrfmiddlewaretoken": self.csrf_token, "submission_key": key})

    def wrk(self, page: Page) -> float:
        headers = self._headers(page)
        with tempfile.TemporaryDirectory() as folder:
            arguments = ["wrk", "-t1", f"-c{self.connections}", f"-d{self.seconds}s", "--timeout", "30s"]
            for name, value in headers.items():
                if name != "Host":
                    arguments += ["-H", f"{name}: {value}"]
            if page.post is not None:
                # Every request a new report: a fresh submission key from a counter.
                prefix = str(uuid.uuid4())[:24]
                template = self._body(page, "XSUBKEYX")
                script = Path(folder) / "post.lua"
                script.write_text(
                    'wrk.method = "POST"\n'
                    "local n = 0\n"
                    "request = function()\n"
                    "  n = n + 1\n"
                    f'  local body = string.gsub("{template}", "XSUBKEYX", string.format("{prefix}%012x", n))\n'
                    "  return wrk.format(nil, nil, nil, body)\n"
                    "end\n"
                )
                arguments += ["-s", str(script)]
            arguments.append(self.server.url(page.path))
            output = subprocess.run(arguments, capture_output=True, text=True, timeout=self.seconds + 60).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        if bad:
            page.errors.append(f"{bad.group(1)} non-2xx/3xx under wrk")
        return float(rate.group(1)) if rate else 0.0

    def throughput(self, pages: list[Page], rounds: int) -> None:
        helse = Page("/helse/", "/helse/")
        for number in range(rounds):
            self.say(f"  throughput, round {number + 1} of {rounds} ...")
            self.helse.append(self.wrk(helse))
            for page in pages:
                if page.throughput:
                    page.rates.append(self.wrk(page) / (self.helse[-1] or 1))

    def latency(self, page: Page) -> None:
        headers = self._headers(page)
        for _ in range(page.sequential):
            body = self._body(page, str(uuid.uuid4())) if page.post is not None else None
            started = time.perf_counter()
            status, _content = self.server.request("POST" if body else "GET", page.path, headers, body)
            page.durations.append(time.perf_counter() - started)
            if status >= 400:
                page.errors.append(f"status {status}")
                break


def count_queries(page: Page, clients: dict[str | None, Client], csrf_token: str) -> None:
    """SQL queries and response size of one request, in this process (warm: the second request)."""
    client = clients[page.user]
    if page.uncached:
        session = client.cookies[settings.SESSION_COOKIE_NAME].value if page.user else UNKNOWN_SESSION
        client = Client(SERVER_NAME="localhost")
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    for _ in range(2):
        if page.uncached:
            client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        with CaptureQueriesContext(connection) as queries:
            if page.post is not None:
                data = {**page.post, "csrfmiddlewaretoken": csrf_token, "submission_key": str(uuid.uuid4())}
                response = client.post(page.path, data, secure=True)
            else:
                response = client.get(page.path, secure=True)
            body = response.getvalue()  # streamed or not
    page.queries = len(queries)
    page.size = len(body)
    if response.status_code >= 400:
        page.errors.append(f"test client: status {response.status_code}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def table(pages: list[Page], helse: list[float]) -> list[str]:
    lines = [
        f"/helse/: {statistics.median(helse):,.0f} req/s (median of {len(helse)} rounds; "
        + ", ".join(f"{rate:,.0f}" for rate in helse)
        + ")",
        "",
        "| page | req/s ÷ /helse/ | p50 / p95 ms | SQL queries | KB |",
        "| --- | --- | --- | --- | --- |",
    ]
    for page in pages:
        ratio = f"{statistics.median(page.rates):.3f}" if page.rates else "—"
        latency = (
            f"{percentile(page.durations, 0.5) * 1000:,.0f} / {percentile(page.durations, 0.95) * 1000:,.0f}"
            if page.durations
            else "—"
        )
        note = f" ({'; '.join(dict.fromkeys(page.errors))})" if page.errors else ""
        lines.append(f"| {page.label}{note} | {ratio} | {latency} | {page.queries} | {page.size / 1024:,.0f} |")
    return lines
