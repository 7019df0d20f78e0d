"""Two app nodes behind a real nginx, on one PostgreSQL and one object store.

The layout of the README's production section, on one machine: nginx on a free port balancing
round robin over node A and node B (gunicorn, two workers each, started as in production),
one task worker (`manage.py db_worker`) per node, PostgreSQL (the test database) and SeaweedFS
(S3) shared by both. Nothing is mocked: requests go over TCP through nginx, or straight to one
node where the test must know which node answers.

Each test starts its own cluster (about ten seconds) and prints what it measured.
"""

import datetime
import email
import email.policy
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from contacts import roles
from contacts.models import User
from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import report_data
from portal.models import NewsItem
from portal.tests.conftest import image_bytes
from portal.tests.processes import (
    NGINX,
    Browser,
    ObjectStore,
    free_port,
    http_status,
    require,
    seaweedfs,  # noqa: F401 (the fixture)
    start,
    stop,
    wait_until,
)
from samhandling.models import OutboxEmail

PASSWORD = "to noder bak samme proxy"
RATE_LIMIT = 5
# The load: reports from distinct client addresses (at most RATE_LIMIT - 1 each), several at once.
LOAD_REPORTS = 60
LOAD_THREADS = 4
REPORTS_PER_ADDRESS = RATE_LIMIT - 1
RETRIES = 4

NGINX_CONF = """
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    # Method, status and which node answered; never the path (receipt links hold a secret).
    log_format nodes '$msec $request_method $status $upstream_addr';
    access_log {folder}/nginx-access.log nodes;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 21m;
    upstream portal {{
        server 127.0.0.1:{port_a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{port_b} max_fails=1 fail_timeout=30s;
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


@dataclass
class Node:
    name: str
    port: int
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    worker_log: Path | None = None


@dataclass
class Cluster:
    folder: Path
    proxy_port: int
    nodes: dict[str, Node]
    store: ObjectStore
    processes: list[subprocess.Popen] = field(default_factory=list)
    started_in: float = 0.0

    def browser(self, source: str = "127.0.0.1") -> Browser:
        return Browser(self.proxy_port, source=source)

    def upstream_log(self) -> list[tuple[str, str, str]]:
        """(method, status, node port) of every request nginx passed on, in order."""
        lines = (self.folder / "nginx-access.log").read_text().splitlines()
        return [(m, s, upstream.split(":")[-1]) for _, m, s, upstream in (line.split(" ", 3) for line in lines)]


def database_url() -> str:
    """The test database, as the nodes reach it (the same server the test process uses)."""
    params = connection.get_connection_params()
    user = urllib.parse.quote(params.get("user") or "")
    password = urllib.parse.quote(params.get("password") or "")
    host, port, name = params.get("host") or "", params.get("port") or "", connection.settings_dict["NAME"]
    if host.startswith("/"):
        return f"postgresql://{user}:{password}@/{name}?host={urllib.parse.quote(host)}"
    return f"postgresql://{user}:{password}@{host}:{port or 5432}/{name}"


@pytest.fixture
def cluster(transactional_db, seaweedfs, tmp_path):  # noqa: F811
    require(NGINX, "apt-get install nginx")
    began = time.monotonic()
    folder = tmp_path
    nodes = {name: Node(name, free_port()) for name in ("a", "b")}
    proxy_port = free_port()
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "MEDIA_ROOT")
    }
    base.update(
        DATABASE_URL=database_url(),
        SECRET_KEY=uuid.uuid4().hex * 2,
        DEBUG="0",
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PROXY_COUNT="1",
        DEVIATION_RATE_LIMIT=f"{RATE_LIMIT}/h",
        RECEIPT_MAIL_LIMIT="1000/d",
        LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
        # No collectstatic in a test run (pytest.ini ignores the same warning).
        PYTHONWARNINGS="ignore:No directory at",
        SITE_URL=f"http://127.0.0.1:{proxy_port}",
        **seaweedfs.environment(),
    )
    cluster = Cluster(folder, proxy_port, nodes, seaweedfs)
    try:
        for node in nodes.values():
            run = folder / f"run-{node.name}"
            run.mkdir(mode=0o700)
            env = {**base, "XDG_RUNTIME_DIR": str(run)}
            node.web = start(
                [sys.executable, "-m", "gunicorn", "samhandling.wsgi", "--config", "samhandling/gunicorn.conf.py"]
                + ["--bind", f"127.0.0.1:{node.port}", "--workers", "2", "--timeout", "30", "--graceful-timeout", "2"],
                folder / f"node-{node.name}.log",
                env,
            )
            node.worker_log = folder / f"worker-{node.name}.log"
            node.worker = start(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"]
                + ["--worker-id", f"node-{node.name}"],
                node.worker_log,
                env,
            )
            cluster.processes += [node.web, node.worker]
        for node in nodes.values():
            wait_until(
                lambda node=node: http_status(node.port, "/helse/klar/") == 200, 90, f"node {node.name}", node.web
            )
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / sub).mkdir()
        # As root, nginx's workers would run as nobody, who may not write into the test's folder.
        user = "user root;" if os.geteuid() == 0 else ""
        config = NGINX_CONF.format(
            user=user, folder=folder, port=proxy_port, port_a=nodes["a"].port, port_b=nodes["b"].port
        )
        (folder / "nginx.conf").write_text(config)
        proxy = start(
            [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "nginx-error.log")]
            + ["-g", "daemon off;"],
            folder / "nginx.out",
        )
        cluster.processes.append(proxy)
        wait_until(lambda: http_status(proxy_port, "/helse/") == 200, 30, "nginx", proxy)
        cluster.started_in = time.monotonic() - began
        yield cluster
    finally:
        for process in reversed(cluster.processes):
            stop(process)


def make_editor(organisation) -> None:
    """An editor whose password the nodes can check (they hash with Argon2, as in production)."""
    user = User.objects.create(username="redaktor", email="redaktor@example.org", organisation=organisation)
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get_or_create(name=roles.EDITOR)[0])


def log_in(browser: Browser, port: int) -> None:
    browser.get("/konto/logg-inn/", port=port)
    response = browser.post("/konto/logg-inn/", {"username": "redaktor", "password": PASSWORD}, port=port)
    assert response.status == 302, response.text[:2000]


def report_form(browser: Browser, data: dict, port: int | None = None):
    """The form fetched (for its CSRF cookie), then posted, as a browser does."""
    browser.get("/avvik/meld/", port=port)
    return browser.post("/avvik/meld/", {key: str(value) for key, value in data.items()}, port=port)


# --- What must be shared --------------------------------------------------------------------


def test_sessions_files_rate_limits_and_the_front_page_hold_across_two_nodes(cluster, skien, hospital, capsys):
    began = time.monotonic()
    a, b = cluster.nodes["a"].port, cluster.nodes["b"].port
    make_editor(hospital)

    # A login on node A is valid on node B: the session lives in PostgreSQL, not in a node.
    editor = Browser(a)
    log_in(editor, a)
    assert editor.get("/redaksjon/", port=b).status == 200
    assert Browser(b).get("/redaksjon/").status == 302  # and without the cookie, B asks for a login

    # B's front page is cached before the news exists.
    reader = Browser(b)
    assert reader.get("/").status == 200
    title = f"Felles nyhet {uuid.uuid4().hex[:6]}"
    assert title not in reader.get("/").text

    # A file uploaded through A is stored in the bucket and downloads through B.
    picture = image_bytes("PNG", (64, 48))
    editor.get("/redaksjon/nyheter/ny/", port=a)
    fields = {
        "title": title,
        "lead": "Ingress.",
        "body": "Tekst.",
        "image_alt": "Et rødt felt",
        "source_organisation": "",
    }
    created = editor.post_multipart(
        "/redaksjon/nyheter/ny/", fields, {"image": ("bilde.png", picture, "image/png")}, port=a
    )
    assert created.status == 302, created.text[:2000]
    item = NewsItem.objects.get(title=title)
    assert item.image.name in cluster.store.keys()
    assert editor.post(f"/redaksjon/nyheter/{item.pk}/publiser/", {}, port=a).status == 302

    # Published through A, it shows at once on B's front page (the cache is shared and dropped).
    assert title in reader.get("/").text
    download = reader.get(f"/nyheter/{item.slug}/bilde/")
    assert download.status == 200
    stored = cluster.store.client().get_object(Bucket=cluster.store.bucket, Key=item.image.name)["Body"].read()
    assert download.body == stored

    # The report rate limit is counted across both nodes: one client posting through nginx, whose
    # round robin sends the posts to A and B in turn.
    client = cluster.browser(source="127.0.0.2")
    client.get("/avvik/meld/")
    before = len(cluster.upstream_log())
    statuses = [
        client.post("/avvik/meld/", {k: str(v) for k, v in report_data(skien, hospital).items()}).status
        for _ in range(RATE_LIMIT + 2)
    ]
    wait_until(lambda: len(cluster.upstream_log()) - before >= RATE_LIMIT + 2, 10, "nginx's log")
    posts = [(status, port) for method, status, port in cluster.upstream_log()[before:] if method == "POST"]
    assert statuses == [302] * RATE_LIMIT + [429, 429]
    assert {port for _, port in posts} == {str(a), str(b)}, posts
    # Another client (another hospital behind the same proxy) is not held back by the first.
    assert report_form(cluster.browser(source="127.0.0.3"), report_data(skien, hospital)).status == 302

    with capsys.disabled():
        print(
            f"\n[two nodes] layout: nginx :{cluster.proxy_port} -> node A :{a}, node B :{b} (gunicorn x2 workers each), "
            f"a db_worker per node, PostgreSQL {connection.settings_dict['NAME']}, SeaweedFS {cluster.store.endpoint}; "
            f"started in {cluster.started_in:.1f} s; sharing checks in {time.monotonic() - began:.1f} s; "
            f"rate-limit posts by node: {Counter(port for _, port in posts)}"
        )


# --- Load, a node killed, and two task workers ----------------------------------------------------


@dataclass
class Load:
    requests: int = 0
    failures: int = 0  # answers other than the expected, and broken connections, retried
    accepted: dict = field(default_factory=dict)  # submission key -> receipt path
    statuses: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int | str) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1


class Refused(Exception):
    """An answer a reporter would not accept (a 502 from nginx, a 500): they send the form again."""


def submit(cluster: Cluster, load: Load, number: int, skien, hospital) -> None:
    """One reporter: fetch the form, post it, and on a failed answer post the same form again."""
    source = f"127.0.1.{number // REPORTS_PER_ADDRESS + 1}"
    browser = cluster.browser(source=source)
    key = str(uuid.uuid4())
    data = report_data(skien, hospital, reporter_email=f"melder{number}@example.org", submission_key=key)
    for _attempt in range(RETRIES):
        try:
            form = browser.get("/avvik/meld/")
            load.count(form.status)
            if form.status != 200:
                raise Refused(form.status)
            posted = browser.post("/avvik/meld/", {k: str(v) for k, v in data.items()})
            load.count(posted.status)
            if posted.status != 302:
                raise Refused(posted.status)
            receipt = browser.get(posted.headers["location"])
            load.count(receipt.status)
            if receipt.status != 200:
                raise Refused(receipt.status)
            with load.lock:
                load.accepted[key] = posted.headers["location"]
            return
        except (OSError, http.client.HTTPException, Refused) as error:
            if not isinstance(error, Refused):  # the connection broke, before or during the answer
                load.count(type(error).__name__)
            with load.lock:
                load.failures += 1
            time.sleep(0.3)
    raise AssertionError(f"report {number} was never accepted")


def sent_emails(log: Path) -> list[tuple[str, str]]:
    """(recipient, subject) of every e-mail the console backend printed into a worker's log."""
    found = []
    for chunk in log.read_text().split("-" * 79):
        start = chunk.find("Content-Type: ")
        if start < 0:
            continue
        message = email.message_from_string(chunk[start:], policy=email.policy.default)
        if message["To"]:
            found.append((str(message["To"]), str(message["Subject"])))
    return found


def enqueue_again(ids: list[int]) -> None:
    """The same e-mails in one more task on the shared queue, as a retry or a cron run would."""
    from django_tasks_db.backend import DatabaseBackend

    from samhandling.outbox import send_emails

    DatabaseBackend("default", {}).enqueue(send_emails, [ids], {})


def test_a_node_killed_under_load_loses_no_report_and_two_workers_send_each_email_once(
    cluster, skien, hospital, capsys
):
    began = time.monotonic()
    load = Load()
    stop_racing = threading.Event()
    extra_tasks = 0

    def race_the_workers() -> None:
        # Every pending e-mail goes into the queue once more, again and again, so the two workers
        # are handed the same e-mails at the same moment.
        nonlocal extra_tasks
        while not stop_racing.is_set():
            pending = list(OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).values_list("pk", flat=True))
            if pending:
                enqueue_again(pending)
                extra_tasks += 1
            time.sleep(0.2)
        connection.close()

    racer = threading.Thread(target=race_the_workers)
    racer.start()
    killed_at = None
    try:
        with ThreadPoolExecutor(LOAD_THREADS) as pool:
            futures = [pool.submit(submit, cluster, load, number, skien, hospital) for number in range(LOAD_REPORTS)]
            wait_until(lambda: len(load.accepted) >= LOAD_REPORTS // 3, 120, "a third of the load")
            killed_at = len(load.accepted)
            # Node B's gunicorn, master and workers, without warning. (Its task worker goes on: one
            # killed between handing an e-mail to the mail server and its commit would send it
            # again, which the README says; that is not what this test measures.)
            stop(cluster.nodes["b"].web, signal.SIGKILL)
            for future in futures:
                future.result(timeout=120)
        # Every report accepted while it was killed must be there, with its e-mails sent.
        wait_until(
            lambda: not OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exists(), 60, "the outbox drained"
        )
    finally:
        stop_racing.set()
        racer.join(timeout=10)
    load_seconds = time.monotonic() - began
    time.sleep(1)  # a task handed out just now finds its e-mails sent, and prints nothing
    for node in cluster.nodes.values():
        stop(node.worker)

    reports = Deviation.objects.filter(reporter_email__startswith="melder")
    assert len(load.accepted) == LOAD_REPORTS
    # Every report a reporter got a receipt for is saved, under the receipt's key, and only once.
    lost = [key for key in load.accepted if services.submitted(uuid.UUID(key)) is None]
    assert not lost
    assert reports.count() == LOAD_REPORTS
    assert set(reports.values_list("reporter_email", flat=True)) == {
        f"melder{n}@example.org" for n in range(LOAD_REPORTS)
    }

    outbox = OutboxEmail.objects.filter(created_at__gte=timezone.now() - datetime.timedelta(hours=1))
    assert outbox.count() == 2 * LOAD_REPORTS  # the receiver's and the reporter's
    assert set(outbox.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}
    mails = {name: sent_emails(node.worker_log) for name, node in cluster.nodes.items()}
    everything = mails["a"] + mails["b"]
    duplicates = [mail for mail, count in Counter(everything).items() if count > 1]
    assert not duplicates
    assert len(everything) == outbox.count()
    assert all(re.search(r"SA-\d{4}-\d{6}", subject) for _, subject in everything)

    # The nodes' logs (LOG_FORMAT=json): JSON lines only, none holding a receipt token or an
    # e-mail address. (The workers' logs hold the e-mails themselves: they are the mail server here.)
    tokens = [path.rstrip("/").rsplit("/", 1)[-1] for path in load.accepted.values()]
    log_lines = [
        line
        for node in cluster.nodes.values()
        for line in (cluster.folder / f"node-{node.name}.log").read_text().splitlines()
    ]
    entries = [json.loads(line) for line in log_lines]
    assert any(entry["logger"] == "gunicorn.access" and entry["path"] == "/avvik/meld/" for entry in entries)
    assert not [line for line in log_lines if "@" in line or any(token in line for token in tokens)]

    served = Counter((port, status) for _, status, port in cluster.upstream_log())
    with capsys.disabled():
        print(
            f"\n[two nodes under load] {LOAD_REPORTS} reports from {LOAD_REPORTS // REPORTS_PER_ADDRESS} client addresses, "
            f"{LOAD_THREADS} at a time; node B killed (SIGKILL) after {killed_at} accepted; "
            f"{load.requests} requests sent, statuses {dict(load.statuses)}, {load.failures} failed and retried; "
            f"{reports.count()} reports saved, {len(lost)} lost, {reports.count() - reports.values('reporter_email').distinct().count()} duplicates; "
            f"{len(everything)} e-mails sent (worker A {len(mails['a'])}, worker B {len(mails['b'])}), "
            f"{len(duplicates)} sent twice, {extra_tasks} extra racing tasks; nginx by node and status {dict(served)}; "
            f"load {load_seconds:.1f} s after a start of {cluster.started_in:.1f} s"
        )
