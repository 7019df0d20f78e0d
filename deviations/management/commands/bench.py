"""`make bench`: the statistics page and its exports timed over a million deviations.

Everything happens in a database of its own (samhandling_bench by default, on the same
server as the portal's), so the demo data and the developer's own data are never touched:
the command creates it if it is missing, migrates it, loads the demo partnership into it
(organisations, agreements, accounts) and adds the deviations with one
INSERT ... SELECT FROM generate_series, which PostgreSQL runs in well under a minute.
A second run reuses them (--regenerate starts afresh).
"""

import io
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from agreements.models import Agreement
from contacts.models import Organisation, User
from deviations.models import Deviation
from deviations.statistics import HF_KINDS

GENERATE = """
INSERT INTO deviations_deviation (
    reference, kind, status, reporter_name, reporter_title, reporter_email, reporter_phone,
    reporter_organisation_id, concerned_organisation_id, agreement_id, category, occurred_on,
    description, consequence, immediate_action, suggestion, received_at, respond_by, answer,
    answered_at, closed_at, submission_key_hash, tracking_token_hash
)
SELECT
    'SA-' || extract(year FROM received_at AT TIME ZONE 'Europe/Oslo') || '-' || lpad(i::text, 7, '0'),
    CASE WHEN r_kind < 0.85 THEN 'deviation' ELSE 'improvement' END,
    CASE WHEN answered_at IS NULL THEN (CASE WHEN r_kind < 0.5 THEN 'received' ELSE 'in_progress' END)
         WHEN r_answer < 0.4 THEN 'closed' ELSE 'answered' END,
    'Benk Testesen', 'Sykepleier', 'benk@example.org', '',
    reporter, concerned, agreement, category,
    (received_at AT TIME ZONE 'Europe/Oslo')::date - (r_days * 5)::int,
    'Generert for ytelsestest.', '', '', '', received_at,
    (received_at AT TIME ZONE 'Europe/Oslo')::date + %(response_days)s,
    CASE WHEN answered_at IS NULL THEN '' ELSE 'Svar.' END,
    answered_at,
    CASE WHEN answered_at IS NOT NULL AND r_answer < 0.4 THEN answered_at + interval '1 day' END,
    encode(sha256(('bench-submission-' || i)::bytea), 'hex'),
    encode(sha256(('bench-token-' || i)::bytea), 'hex')
FROM (
    SELECT *,
        CASE WHEN (now() - received_at > interval '60 days' AND r_answer < 0.92) OR r_answer < 0.5
             THEN LEAST(received_at + r_days * interval '45 days', now()) END AS answered_at
    FROM (
        SELECT i, r_kind, r_answer, r_days,
            now() - random() * %(days)s * interval '1 day' AS received_at,
            CASE WHEN r_direction < 0.6 THEN (%(municipalities)s)[1 + floor(r_a * %(m)s)::int]
                 WHEN r_direction < 0.95 THEN (%(hospitals)s)[1 + floor(r_a * %(h)s)::int]
                 ELSE (%(municipalities)s)[1 + floor(r_a * %(m)s)::int] END AS reporter,
            CASE WHEN r_direction < 0.6 THEN (%(hospitals)s)[1 + floor(r_b * %(h)s)::int]
                 ELSE (%(municipalities)s)[1 + floor(r_b * %(m)s)::int] END AS concerned,
            CASE WHEN r_agreement < 0.2 THEN NULL
                 ELSE (%(agreements)s)[1 + floor((r_agreement - 0.2) / 0.8 * %(a)s)::int] END AS agreement,
            (%(categories)s)[1 + floor(r_category * %(c)s)::int] AS category
        FROM (
            SELECT i, random() AS r_kind, random() AS r_answer, random() AS r_days, random() AS r_direction,
                random() AS r_a, random() AS r_b, random() AS r_agreement, random() AS r_category
            FROM generate_series(1, %(count)s) AS i
        ) AS dice
    ) AS drawn
) AS answered
-- In the order they arrive, as a live database holds them.
ORDER BY received_at
"""


class Command(BaseCommand):
    help = (
        "Generates a million deviations in a separate database (samhandling_bench) and times the "
        "statistics page, its CSV and XLSX exports and the annual report. The portal's database is not touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000, help="deviations to generate (1,000,000)")
        parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
        parser.add_argument("--database", default="samhandling_bench", help="the bench database's name")
        parser.add_argument("--years", type=int, default=5, help="the deviations spread over this many years")
        parser.add_argument("--regenerate", action="store_true", help="delete and generate the deviations again")

    def handle(self, *args, count, runs, database, years, regenerate, **options):
        default = connections["default"]
        own_name = default.settings_dict["NAME"]
        if database == own_name:
            raise CommandError(f"The bench database must not be the portal's own ({own_name}).")
        self._create_database(database)
        default.close()
        default.settings_dict["NAME"] = database
        try:
            self._prepare(count, years, regenerate)
            self._measure(runs)
        finally:
            default.close()
            default.settings_dict["NAME"] = own_name

    def _create_database(self, name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                self.stdout.write(f"Creating the database {name} ...")
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")

    def _prepare(self, count, years, regenerate):
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        # The pages are rendered as in production, with whitenoise's hashed static names.
        call_command("collectstatic", verbosity=0, interactive=False)
        if not User.objects.filter(username="kvalitet").exists():
            self.stdout.write("Loading the demo partnership into the bench database ...")
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
        existing = Deviation.objects.count()
        if regenerate or existing < count:
            self.stdout.write(f"Generating {count:,} deviations over {years} years ...")
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE deviations_deviation CASCADE")
            generated = time.perf_counter()
            self._generate(count, years)
            self.stdout.write(f"  inserted in {time.perf_counter() - generated:.1f} s")
        with connection.cursor() as cursor:
            # Fresh statistics for the planner and a visibility map for index-only scans,
            # as autovacuum would leave them on a live database.
            cursor.execute("VACUUM ANALYZE deviations_deviation")
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('deviations_deviation'))")
            size = cursor.fetchone()[0]
        self.stdout.write(
            f"{Deviation.objects.count():,} deviations ({size} with indexes); ready in "
            f"{time.perf_counter() - started:.1f} s"
        )

    def _generate(self, count, years):
        organisations = Organisation.objects.current()
        hospitals = list(organisations.filter(kind__in=HF_KINDS).values_list("pk", flat=True))
        municipalities = list(organisations.filter(kind=Organisation.Kind.MUNICIPALITY).values_list("pk", flat=True))
        agreements = list(Agreement.objects.filter(kind=Agreement.Kind.SERVICE).values_list("pk", flat=True))
        categories = list(Deviation.Category.values)
        if not (hospitals and municipalities and agreements):
            raise CommandError("The demo partnership is missing from the bench database.")
        with connection.cursor() as cursor:
            cursor.execute(
                GENERATE,
                {
                    "count": count,
                    "days": years * 365,
                    "response_days": settings.DEVIATION_RESPONSE_DAYS,
                    "hospitals": hospitals,
                    "h": len(hospitals),
                    "municipalities": municipalities,
                    "m": len(municipalities),
                    "agreements": agreements,
                    "a": len(agreements),
                    "categories": categories,
                    "c": len(categories),
                },
            )

    def _measure(self, runs):
        today = timezone.localdate()
        skien = Organisation.objects.get(name="Skien kommune")
        measurements = [
            ("kvalitet", "Statistics page, last 12 months (default)", "/avvik/statistikk/", runs),
            ("kvalitet", "Statistics page, all five years", "/avvik/statistikk/?fra=2000-01-01", runs),
            (
                "kvalitet",
                "Statistics page, Skien as reporter, kommune → HF, utskrivning",
                f"/avvik/statistikk/?organisasjon={skien.slug}&rolle=melder&retning=kommune-hf&kategori=discharge",
                runs,
            ),
            ("koordinator", "Statistics page as coordinator (small counts hidden)", "/avvik/statistikk/", runs),
            ("sthf", "Statistics page as the hospital's handler", "/avvik/statistikk/", runs),
            ("kvalitet", "CSV export, aggregated, last 12 months", "/avvik/statistikk/?format=csv", runs),
            ("kvalitet", "XLSX export, aggregated, last 12 months", "/avvik/statistikk/?format=xlsx", runs),
            ("kvalitet", "Annual report, last year", f"/avvik/statistikk/arsrapport/{today.year - 1}/", runs),
            (
                "kvalitet",
                "CSV export, one row per deviation, last 12 months",
                "/avvik/statistikk/?format=csv&rader=1",
                1,
            ),
            (
                "kvalitet",
                "XLSX export, one row per deviation, one month",
                f"/avvik/statistikk/?format=xlsx&rader=1&fra={today.replace(day=1).isoformat()}",
                1,
            ),
        ]
        clients = {}
        self.stdout.write("")
        self.stdout.write(f"{'measurement':<62} {'median':>9} {'min':>9} {'max':>9} {'size':>10} {'first byte':>11}")
        for username, label, path, times in measurements:
            if username not in clients:
                clients[username] = Client(SERVER_NAME="localhost")
                clients[username].force_login(User.objects.get(username=username))
            client = clients[username]
            durations, size, first = [], 0, ""
            for _run in range(times):
                started = time.perf_counter()
                response = client.get(path, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}")
                if response.streaming:
                    chunks = iter(response.streaming_content)
                    body = next(chunks)
                    first = f"{(time.perf_counter() - started) * 1000:>7.0f}ms"
                    body += b"".join(chunks)
                else:
                    body = response.content
                durations.append(time.perf_counter() - started)
                size = len(body)
            self.stdout.write(
                f"{label:<62} {statistics.median(durations) * 1000:>7.0f}ms {min(durations) * 1000:>7.0f}ms "
                f"{max(durations) * 1000:>7.0f}ms {size / 1024:>8.0f}kB {first:>11}"
            )
