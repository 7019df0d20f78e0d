"""`make bench`: every page measured at the size of the whole country.

Everything happens in a database of its own (samhandling_bench by default, on the same server
as the portal's), so the developer's own data is never touched. The first run builds the
national dataset there (portal/bench/build.py: 357 municipalities in 70 regions, 1,617
organisations, 20,000 people, 10,000 news items, 2,000 routines and 1,000,300 deviations over
five years); later runs reuse it (--regenerate drops and builds it again). Then the database is
served as the README's production section says (gunicorn, two sync workers, DEBUG off; plain
HTTP on 127.0.0.1 and a free port) and one table is printed: see portal/bench/measure.py.
"""

import datetime
import io
import logging
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement
from contacts.models import Organisation, Person, User
from deviations.models import Deviation
from portal.bench import build, measure
from portal.models import NewsItem


class Command(BaseCommand):
    help = (
        "Builds the national dataset in a separate database (samhandling_bench), serves it with gunicorn "
        "and prints each page's throughput against /helse/, latency, SQL queries and size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="samhandling_bench", help="the bench database's name")
        parser.add_argument("--regenerate", action="store_true", help="drop the bench database and build it again")
        parser.add_argument("--build-only", action="store_true", help="build (or check) the dataset, measure nothing")
        parser.add_argument("--rounds", type=int, default=3, help="interleaved wrk rounds (3)")
        parser.add_argument("--seconds", type=int, default=3, help="seconds per wrk run (3)")
        parser.add_argument("--connections", type=int, default=2, help="wrk connections (2)")
        parser.add_argument(
            "--pages",
            default="",
            help="measure only the pages whose name contains one of these words (comma-separated)",
        )

    def handle(self, *args: Any, database: str, regenerate: bool, build_only: bool, **options: Any) -> None:
        if not build_only and shutil.which("wrk") is None:
            raise CommandError("wrk is missing: apt-get install -y wrk")
        default = connections["default"]
        own_name = default.settings_dict["NAME"]
        if database == own_name:
            raise CommandError(f"The bench database must not be the portal's own ({own_name}).")
        self._create_database(database, regenerate)
        default.close()
        default.settings_dict["NAME"] = database
        settings.DEVIATION_RATE_LIMIT = measure.BENCH_RATE_LIMIT
        try:
            self._prepare()
            if not build_only:
                self._measure(default.settings_dict, **options)
        finally:
            default.close()
            default.settings_dict["NAME"] = own_name

    def say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _create_database(self, name: str, regenerate: bool) -> None:
        quoted = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            if regenerate:
                self.say(f"Dropping the database {name} ...")
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                self.say(f"Creating the database {name} ...")
                cursor.execute(f"CREATE DATABASE {quoted}")

    def _prepare(self) -> None:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        if not User.objects.filter(username="kvalitet").exists():
            self.say("Loading the demo partnership into the bench database ...")
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
        complete = (
            Organisation.objects.count() >= build.ORGANISATIONS
            and Person.objects.count() >= build.PEOPLE
            and NewsItem.objects.count() >= build.NEWS
            and Deviation.objects.count() >= build.DEVIATIONS
        )
        if not complete:
            self.say("Building the national dataset (about 5 minutes on 2 cores) ...")
            build.NationalDataset(self.say).build()
            with connection.cursor() as cursor:
                # Fresh planner statistics and visibility maps, as autovacuum leaves a live database.
                cursor.execute("VACUUM ANALYZE")
            self.say(f"Built in {time.perf_counter() - started:.0f} s.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        self.say(
            f"Bench database: {Organisation.objects.count():,} organisations, {Person.objects.count():,} people, "
            f"{NewsItem.objects.count():,} news items, {Deviation.objects.count():,} deviations ({size})."
        )

    def _static_current(self) -> bool:
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.exists():
            return False
        sources = [settings.BASE_DIR / "requirements.txt", settings.BASE_DIR / "package-lock.json"]
        sources += [path for path in (settings.BASE_DIR / "static").rglob("*") if path.is_file()]
        return all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources if path.exists())

    def _pages(self) -> list[measure.Page]:
        today = timezone.localdate()
        hospital = Organisation.objects.get(name="Sykehuset Telemark HF")
        skien = Organisation.objects.get(name="Skien kommune")
        sample = (
            Deviation.objects.filter(concerned_organisation=hospital, reporter_name="Kari Nordmann")
            .order_by("-received_at")
            .first()
        ) or build.submit_sample(hospital, skien)
        news = NewsItem.objects.published().order_by("-publish_at").first()
        agreement = Agreement.objects.filter(kind=Agreement.Kind.SERVICE).order_by("pk").first()
        person = Person.objects.filter(roles__kind="coordinator").order_by("pk").first()
        if news is None or agreement is None or person is None:
            raise CommandError("The bench database lacks news, agreements or coordinators: run with --regenerate.")
        received = Deviation.objects.filter(concerned_organisation=hospital).count()
        five_years_ago = (today - datetime.timedelta(days=5 * 366)).isoformat()
        report = {
            "kind": Deviation.Kind.DEVIATION,
            "reporter_name": "Kari Nordmann",
            "reporter_title": "Sykepleier",
            "reporter_email": "kari.nordmann@example.org",
            "reporter_phone": "",
            "reporter_organisation": str(skien.pk),
            "concerned_organisation": str(hospital.pk),
            "agreement": "",
            "category": Deviation.Category.DISCHARGE,
            "occurred_on": (today - datetime.timedelta(days=2)).isoformat(),
            "description": "Pasienten kom hjem uten oppdatert legemiddelliste.",
            "consequence": Deviation.Consequence.MINOR,
            "immediate_action": "",
            "suggestion": "",
            "homepage": "",
        }
        Page = measure.Page
        return [
            Page("front page", "/"),
            Page("news list", "/nyheter/"),
            Page("a news item", news.get_absolute_url()),
            Page("events", "/arrangementer/"),
            Page("agreements", "/avtaler/"),
            Page("an agreement", agreement.get_absolute_url()),
            Page("routines ?q=utskrivning", "/rutiner/?q=utskrivning"),
            Page("contacts ?q=koordinator", "/kontakter/?q=koordinator"),
            Page("contacts ?q=bitus", "/kontakter/?q=bitus"),
            Page("a person (a coordinator)", person.get_absolute_url()),
            Page("/sok/?q=utskrivning", "/sok/?q=utskrivning"),
            # The pages whose ?q= varies most, rendered afresh: what a new query costs.
            Page("routines ?q=utskrivning, uncached", "/rutiner/?q=utskrivning", uncached=True),
            Page("contacts ?q=koordinator, uncached", "/kontakter/?q=koordinator", uncached=True),
            Page("/sok/?q=utskrivning, uncached", "/sok/?q=utskrivning", uncached=True),
            Page("deviation form GET", "/avvik/meld/"),
            Page("deviation POST (anonymous, new report each)", "/avvik/meld/", post=report),
            Page(f"inbox (hospital handler, {received:,} received)", "/avvik/", user="sthf"),
            Page("a deviation (hospital handler)", sample.get_absolute_url(), user="sthf"),
            Page("inbox, uncached", "/avvik/", user="sthf", uncached=True),
            Page("a deviation, uncached", sample.get_absolute_url(), user="sthf", uncached=True),
            Page("statistics, 12 months", "/avvik/statistikk/", "kvalitet", throughput=False, sequential=5),
            Page(
                "statistics, 5 years",
                f"/avvik/statistikk/?fra={five_years_ago}",
                "kvalitet",
                throughput=False,
                sequential=5,
            ),
            Page(
                f"annual report {today.year - 1}",
                f"/avvik/statistikk/arsrapport/{today.year - 1}/",
                "kvalitet",
                throughput=False,
                sequential=5,
            ),
            Page(
                "CSV, aggregated, 12 months",
                "/avvik/statistikk/?format=csv",
                "kvalitet",
                throughput=False,
                sequential=5,
            ),
            Page(
                "XLSX, aggregated, 12 months",
                "/avvik/statistikk/?format=xlsx",
                "kvalitet",
                throughput=False,
                sequential=5,
            ),
        ]

    def _measure(self, settings_dict: dict, rounds: int, seconds: int, connections: int, **options: Any) -> None:
        only = [word.strip().lower() for word in str(options.get("pages") or "").split(",") if word.strip()]
        started = time.perf_counter()
        # The pages are served as in production, with whitenoise's hashed static names. Brotli at
        # its best quality makes collectstatic take half a minute: only when a source changed.
        if not self._static_current():
            self.say("Collecting static files ...")
            call_command("collectstatic", verbosity=0, interactive=False)
        pages = [
            page
            for page in self._pages()
            if not only or any(word in f"{page.label} {page.path}".lower() for word in only)
        ]
        clients: dict[str | None, Client] = {None: Client(SERVER_NAME="localhost", enforce_csrf_checks=False)}
        sessions = {}
        for username in {page.user for page in pages if page.user}:
            clients[username] = Client(SERVER_NAME="localhost")
            clients[username].force_login(User.objects.get(username=username))
            sessions[username] = clients[username].cookies[settings.SESSION_COOKIE_NAME].value
        # A CSRF cookie and the form's token, as a browser has them after opening the form.
        form = clients[None].get("/avvik/meld/", secure=True)
        csrf_cookie = form.cookies[settings.CSRF_COOKIE_NAME].value
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content)
        if token is None:
            raise CommandError("The deviation form has no CSRF token.")
        csrf_token = token.group(1).decode()

        # The reports posted here would each log a line between the progress messages.
        logging.getLogger("deviations").setLevel(logging.WARNING)
        self.say("Counting SQL queries ...")
        for page in pages:
            measure.count_queries(page, clients, csrf_token)
        load_before = os.getloadavg()
        self.say(f"Serving the bench database with gunicorn (load {load_before[0]:.2f}) ...")
        log = settings.BASE_DIR / ".data" / "bench-gunicorn.log"
        server = measure.Server(measure.database_url(settings_dict), log)
        try:
            bench = measure.Bench(server, sessions, (csrf_cookie, csrf_token), self.say, seconds, connections)
            for page in pages:  # once, so that no page is measured cold
                bench.latency(
                    measure.Page(page.label, page.path, page.user, page.post, uncached=page.uncached, sequential=1)
                )
            bench.throughput(pages, rounds)
            self.say("  sequential latency ...")
            for page in pages:
                bench.latency(page)
        finally:
            server.stop()
        load_after = os.getloadavg()
        self.say("")
        self.say(
            f"National dataset, gunicorn 2 sync workers, DEBUG=0; wrk {seconds} s × {connections} connections, "
            f"{rounds} interleaved rounds (medians); latency sequential; load average {load_before[0]:.2f} before, "
            f"{load_after[0]:.2f} after; {time.perf_counter() - started:.0f} s."
        )
        for line in measure.table(pages, bench.helse):
            self.say(line)
        if any(page.errors for page in pages):
            self.stderr.write("Some pages answered with errors: see the table and " + str(log))
