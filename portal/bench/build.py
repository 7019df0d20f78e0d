"""The national dataset of `make bench`, built in the bench database the command points at.

Rows that pages read one by one (regions, organisations, people, news, events, routines) are
saved through their models, so every derived column (slugs, sort keys, search text, rendered
HTML) is what the portal itself would write. The million deviations are one
INSERT ... SELECT FROM generate_series, drawn in PostgreSQL: reading them back through Python
would take an hour.
"""

import contextlib
import datetime
import random
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from agreements.models import Agreement, Routine
from contacts.models import Organisation, Person, Region, Role
from deviations import services
from deviations.models import Deviation
from portal.bench import norway, words
from portal.models import Event, NewsItem
from samhandling.text import fold

ORGANISATIONS = 1_617
GP_OFFICES = 1_201
PEOPLE = 20_000
NEWS = 10_000
EVENTS = 400
ROUTINES = 2_000
DEVIATIONS = 1_000_300
YEARS = 5

Say = Callable[[str], None]


def municipality_name(entry: str) -> str:
    """'Våler (Østfold)' -> 'Våler kommune (Østfold)'; 'Skien' -> 'Skien kommune'."""
    base, _space, county = entry.partition(" (")
    return f"{base} kommune" + (f" ({county}" if county else "")


def _domain(name: str) -> str:
    return "".join(c for c in fold(name) if c.isalnum())[:30] or "org"


def _phone(rng: random.Random) -> str:
    return f"{rng.randint(21, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


BATCH = 1_000


@contextlib.contextmanager
def saved_in_bulk(model: type[Model]) -> Iterator[list[Any]]:
    """`instance.save()` inside the block runs the model's own save() (slug, sort key, search
    text, rendered HTML: whatever it computes), but the INSERT is collected instead of sent;
    the rows go in with bulk_create, in batches, and send no signal (nothing reads the bench
    database's caches while it is built). Yields the list of the instances, in order.

    Only for new rows whose save() needs no pk of their own. save() checks a slug against
    the rows in the database: when two collected rows get the same one, those collected so
    far are inserted and the second is saved again, so it gets "-2" as it would one by one.
    """
    if "save_base" in vars(model):
        raise TypeError(f"{model.__name__} has its own save_base: save it row by row")
    collected: list[Any] = []
    inserted = 0
    slugs: set[str] = set()

    def insert() -> None:
        nonlocal inserted
        model._default_manager.bulk_create(collected[inserted:], batch_size=BATCH)
        inserted = len(collected)
        slugs.clear()

    def collect(instance: Any, *args: Any, **kwargs: Any) -> None:
        slug = getattr(instance, "slug", "")
        if slug and slug in slugs:
            insert()
            instance.slug = ""
            instance.save()
            return
        if slug:
            slugs.add(slug)
        collected.append(instance)

    model.save_base = collect  # type: ignore[method-assign, assignment]
    try:
        yield collected
    finally:
        del model.save_base
    insert()


class NationalDataset:
    """Builds the dataset step by step; each step tops up what an earlier, interrupted run left."""

    def __init__(self, say: Say, seed: int = 2024) -> None:
        self.say = say
        self.rng = random.Random(seed)

    def build(self) -> None:
        for step in (self.regions_and_organisations, self.people, self.news, self.events, self.routines):
            started = time.perf_counter()
            with transaction.atomic():
                step()
            self.say(f"  {step.__name__.replace('_', ' ')}: {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        self.deviations()
        self.say(f"  deviations: {time.perf_counter() - started:.0f} s")

    # --- Organisations ------------------------------------------------------------------

    def regions_and_organisations(self) -> None:
        with saved_in_bulk(Organisation):
            self._add_regions_and_organisations()

    def _add_regions_and_organisations(self) -> None:
        regions = {region.name: region for region in Region.objects.all()}
        existing = set(Organisation.objects.values_list("name", flat=True))
        # Rows sharing a name (none in the demo) still count towards the total.
        others_with_a_name_taken = Organisation.objects.count() - len(existing)

        def add(name: str, kind: str, region: Region | None, **fields: Any) -> None:
            if name in existing:
                return
            domain = _domain(name)
            Organisation(
                name=name,
                kind=kind,
                region=region,
                email=f"postmottak@{domain}.example.org",
                deviation_email=f"avvik@{domain}.example.org" if kind != Organisation.Kind.GP_OFFICE else "",
                phone=_phone(self.rng),
                **fields,
            ).save()
            existing.add(name)

        for county in norway.COUNTIES.values():
            for region_name, (_trust, municipalities) in county.items():
                if region_name not in regions:
                    regions[region_name] = Region(name=region_name)
                    regions[region_name].save()
                for entry in municipalities:
                    add(
                        municipality_name(entry),
                        Organisation.Kind.MUNICIPALITY,
                        regions[region_name],
                        plo_fallback_phone=_phone(self.rng),
                    )
        for trust in norway.HOSPITAL_TRUSTS:
            add(trust, Organisation.Kind.HOSPITAL_TRUST, None, plo_fallback_phone=_phone(self.rng))

        # GP offices, by municipality roughly as the population.
        offices = Organisation.objects.filter(kind=Organisation.Kind.GP_OFFICE)
        missing = GP_OFFICES - offices.count()
        if missing > 0:
            entries = [
                (entry, region)
                for county in norway.COUNTIES.values()
                for region, (_t, ms) in county.items()
                for entry in ms
            ]
            weights = [2 + norway.EXTRA_GP_OFFICES.get(entry, 0) for entry, _region in entries]
            scale = missing / sum(weights)
            shares = [int(weight * scale) for weight in weights]
            for index in sorted(range(len(entries)), key=lambda i: -weights[i])[: missing - sum(shares)]:
                shares[index] += 1
            for (entry, region_name), share in zip(entries, shares, strict=True):
                town = entry.partition(" (")[0]
                places = self.rng.sample(norway.PLACES, k=min(share, len(norway.PLACES)))
                for number in range(share):
                    pattern = (
                        norway.GP_OFFICE_PATTERNS[0] if number == 0 else self.rng.choice(norway.GP_OFFICE_PATTERNS[1:])
                    )
                    place = places[number % len(places)]
                    name = pattern.format(municipality=town, place=place)
                    if number:
                        name = f"{name}, {town}" if number < len(places) else f"{name} {number}, {town}"
                    add(name, Organisation.Kind.GP_OFFICE, regions[region_name])

        # Hospitals (one site of each trust in turn), then user organisations, up to the total.
        sites = [site for sites in norway.HOSPITAL_TRUSTS.values() for site in sites[:1]]
        sites += [site for sites in norway.HOSPITAL_TRUSTS.values() for site in sites[1:]]
        sites += norway.OTHER_HOSPITALS
        others = [(name, Organisation.Kind.HOSPITAL) for name in sites]
        others += [(name, Organisation.Kind.USER_ORGANISATION) for name in norway.USER_ORGANISATIONS]
        for name, kind in others:
            if len(existing) + others_with_a_name_taken >= ORGANISATIONS:  # the collected ones are not inserted yet
                break
            add(name, kind, None)

    # --- People ---------------------------------------------------------------------------

    def people(self) -> None:
        missing = PEOPLE - Person.objects.count()
        if missing <= 0:
            return
        organisations = list(Organisation.objects.current().select_related("region"))
        by_kind: dict[str, list[Organisation]] = {}
        for organisation in organisations:
            by_kind.setdefault(organisation.kind, []).append(organisation)
        hospitals = by_kind.get(Organisation.Kind.HOSPITAL_TRUST, []) + by_kind.get(Organisation.Kind.HOSPITAL, [])
        pools = [
            (by_kind[Organisation.Kind.MUNICIPALITY], "municipality", 0.45),
            (hospitals, "hospital", 0.30),
            (by_kind[Organisation.Kind.GP_OFFICE], "gp_office", 0.22),
            (by_kind.get(Organisation.Kind.USER_ORGANISATION, hospitals), "other", 0.03),
        ]
        titles, title_weights = zip(*words.TITLES, strict=True)
        with saved_in_bulk(Person) as created:
            self._draw_people(missing, pools, titles, title_weights)
        self._roles(created, hospitals)

    def _draw_people(self, missing: int, pools: list, titles: tuple, title_weights: tuple) -> None:
        for number in range(missing):
            pool, department_kind, _share = self.rng.choices(pools, weights=[p[2] for p in pools])[0]
            organisation = self.rng.choice(pool)
            first = self.rng.choice(words.FIRST_NAMES)
            if self.rng.random() < 0.15:
                first = f"{first} {self.rng.choice(words.FIRST_NAMES)}"
            last = self.rng.choice(words.LAST_NAMES)
            if self.rng.random() < 0.1:
                last = f"{self.rng.choice(words.LAST_NAMES)} {last}"
            person = Person(
                name=f"{first} {last}",
                title=self.rng.choices(titles, weights=title_weights)[0],
                organisation=organisation,
                department=self.rng.choice(words.DEPARTMENTS[department_kind]),
                email=f"{fold(first).replace(' ', '.')}.{fold(last).replace(' ', '.')}.{number}@{_domain(organisation.name)}.example.org",
                phone=_phone(self.rng) if self.rng.random() < 0.7 else "",
                mobile=_phone(self.rng) if self.rng.random() < 0.5 else "",
            )
            person.save()

    def _roles(self, created: list[Person], hospitals: list[Organisation]) -> None:
        # Roles: coordinators per region, collaboration doctors per trust, and the contact roles
        # municipalities name (cancer coordinator, coordinating unit, messaging, child responsible).
        regions = list(Region.objects.all())
        municipal = [p for p in created if p.organisation and p.organisation.kind == Organisation.Kind.MUNICIPALITY]
        hospital_people = [p for p in created if p.organisation in hospitals]
        roles, taken = [], set()

        def role(
            person: Person, kind: str, region: Region | None = None, organisation: Organisation | None = None
        ) -> None:
            key = (person.pk, kind, region.pk if region else None, organisation.pk if organisation else None)
            if key not in taken:
                taken.add(key)
                roles.append(Role(person=person, kind=kind, region=region, organisation=organisation))

        for region in regions:
            local = [p for p in municipal if p.organisation and p.organisation.region_id == region.pk] or municipal
            for person in self.rng.sample(local, k=min(len(local), self.rng.randint(1, 3))):
                role(person, Role.Kind.COORDINATOR, region=region)
        for person in self.rng.sample(hospital_people, k=min(len(hospital_people), 120)):
            role(person, Role.Kind.COLLABORATION_DOCTOR, organisation=person.organisation)
        for kind in (
            Role.Kind.CANCER_COORDINATOR,
            Role.Kind.COORDINATING_UNIT,
            Role.Kind.MESSAGING_CONTACT,
            Role.Kind.CHILD_RESPONSIBLE,
            Role.Kind.CANCER_NURSE,
        ):
            for person in self.rng.sample(municipal, k=min(len(municipal), 350)):
                role(person, kind, organisation=person.organisation)
        Role.objects.bulk_create(roles)
        Person.objects.filter(pk__in={r.person_id for r in roles}).refresh_search()

    # --- News, events, routines -----------------------------------------------------------

    def _text(self, topic_words: list[str], sentences: int) -> list[str]:
        """Sentences mixing the topic's words, a few of any topic and plain filler."""
        everything = [word for _topic, topic_words in words.TOPICS for word in topic_words]
        out = []
        for _ in range(sentences):
            if self.rng.random() < 0.35:
                out.append(self.rng.choice(words.FILLER))
                continue
            a, b = self.rng.sample(topic_words, 2)
            other = self.rng.choice(everything)
            out.append(
                f"{self.rng.choice(words.ACTORS)} {self.rng.choice(words.VERBS)} {self.rng.choice(words.OBJECTS)} "
                f"{a} og {b}, i tett dialog om {other}."
            )
        return out

    def news(self) -> None:
        missing = NEWS - NewsItem.objects.count()
        regions = list(Region.objects.values_list("name", flat=True))
        sources = list(Organisation.objects.exclude(kind=Organisation.Kind.GP_OFFICE).values_list("pk", flat=True))
        now = timezone.now()
        with saved_in_bulk(NewsItem):
            self._draw_news(max(missing, 0), regions, sources, now)

    def _draw_news(self, missing: int, regions: list[str], sources: list[int], now: datetime.datetime) -> None:
        for number in range(missing):
            topic, topic_words = self.rng.choice(words.TOPICS)
            sentences = self._text(topic_words, self.rng.randint(6, 14))
            paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
            if self.rng.random() < 0.4:
                paragraphs.insert(1, "## " + self.rng.choice(topic_words).capitalize())
            if self.rng.random() < 0.3:
                paragraphs.append("\n".join(f"- {word}" for word in self.rng.sample(topic_words, 3)))
            published = now - datetime.timedelta(minutes=self.rng.randint(60, YEARS * 365 * 24 * 60))
            status = NewsItem.Status.PUBLISHED if self.rng.random() < 0.95 else NewsItem.Status.DRAFT
            item = NewsItem(
                title=f"{self.rng.choice(words.ACTORS)} {self.rng.choice(words.VERBS)} "
                f"{self.rng.choice(words.OBJECTS)} {topic} i {self.rng.choice(regions)} ({number + 1})",
                lead=sentences[0],
                body="\n\n".join(paragraphs),
                status=status,
                publish_at=published if status == NewsItem.Status.PUBLISHED else None,
                first_published_at=published if status == NewsItem.Status.PUBLISHED else None,
                source_organisation_id=self.rng.choice(sources),
            )
            item.save()

    def events(self) -> None:
        missing = EVENTS - Event.objects.count()
        regions = list(Region.objects.values_list("name", flat=True))
        now = timezone.now()
        with saved_in_bulk(Event):
            self._draw_events(max(missing, 0), regions, now)

    def _draw_events(self, missing: int, regions: list[str], now: datetime.datetime) -> None:
        for _number in range(missing):
            topic, topic_words = self.rng.choice(words.TOPICS)
            # Mostly past (with the years of news), some in the coming months.
            days = self.rng.randint(-YEARS * 365, 180) if self.rng.random() < 0.9 else self.rng.randint(1, 180)
            starts = (now + datetime.timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0)
            region = self.rng.choice(regions)
            Event(
                title=f"{self.rng.choice(['Fagdag', 'Nettverkssamling', 'Webinar', 'Konferanse', 'Kurs'])} om {topic}, {region}",
                description="\n\n".join(self._text(topic_words, 5)),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=self.rng.choice([2, 3, 6, 7])),
                location=f"Kulturhuset, {region}",
                organiser="Helsefellesskapet",
                audience=self.rng.choice(["Helsepersonell i kommunene og sykehuset", "Fastleger", "Alle ansatte"]),
                status=Event.Status.PUBLISHED,
                publish_at=starts - datetime.timedelta(days=30),
                first_published_at=starts - datetime.timedelta(days=30),
            ).save()

    def routines(self) -> None:
        missing = ROUTINES - Routine.objects.count()
        agreements = list(Agreement.objects.all())
        owners = list(Organisation.objects.exclude(kind=Organisation.Kind.GP_OFFICE).values_list("pk", flat=True))
        audiences = list(Routine.Audience.values)
        regions = list(Region.objects.values_list("name", flat=True))
        today = timezone.localdate()
        chosen: list[list[Agreement]] = []
        with saved_in_bulk(Routine) as created:
            for number in range(max(missing, 0)):
                self._draw_routine(number, agreements, owners, audiences, regions, today)
                chosen.append(self.rng.sample(agreements, self.rng.randint(1, 2)) if agreements else [])
        through = Routine.agreements.through
        through.objects.bulk_create(
            [
                through(routine_id=routine.pk, agreement_id=agreement.pk)
                for routine, picked in zip(created, chosen, strict=True)
                for agreement in picked
            ],
            batch_size=BATCH,
        )

    def _draw_routine(
        self,
        number: int,
        agreements: list[Agreement],
        owners: list[int],
        audiences: list[str],
        regions: list[str],
        today: datetime.date,
    ) -> None:
        topic, topic_words = self.rng.choice(words.TOPICS)
        sentences = self._text(topic_words, self.rng.randint(5, 12))
        approved = today - datetime.timedelta(days=self.rng.randint(0, 4 * 365))
        routine = Routine(
            title=f"Rutine for {self.rng.choice(words.OBJECTS).split()[-1]} {self.rng.choice(topic_words)} "
            f"({topic}, {self.rng.choice(regions)}) {number + 1}",
            body="".join(f"<p>{sentence}</p>" for sentence in sentences),
            owner_organisation_id=self.rng.choice(owners),
            audience=self.rng.sample(audiences, self.rng.randint(1, 3)),
            approved_on=approved,
            next_review_due=approved + datetime.timedelta(days=2 * 365),
            status=Routine.Status.IN_FORCE if self.rng.random() < 0.9 else Routine.Status.DRAFT,
        )
        routine.save()

    # --- Deviations ------------------------------------------------------------------------

    def deviations(self) -> None:
        if Deviation.objects.count() >= DEVIATIONS:
            return
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE deviations_deviation CASCADE")
        units = self._units()
        descriptions = [
            "Pasienten ble skrevet ut uten at hjemmetjenesten var varslet.",
            "Epikrisen kom tre dager etter at pasienten var hjemme.",
            "Legemiddellisten i PLO-meldingen stemte ikke med det pasienten fikk utlevert.",
            "Innleggelsesskrivet manglet opplysninger om pasientens faste medisiner.",
            "Pasienten ble sendt hjem sent på kvelden uten avtale med kommunen.",
            "Hjelpemidler var ikke på plass da pasienten kom hjem.",
            "Ingen svar på dialogmelding etter to uker.",
            "Pasienten ble meldt utskrivningsklar uten at vurderingen var oppdatert.",
            "Sårbehandlingen var ikke beskrevet i overføringen.",
            "Timen til poliklinisk kontroll ble ikke sendt til fastlegen.",
        ]
        # One transaction: the indexes dropped here are always back at its end, or never gone.
        with transaction.atomic(), connection.cursor() as cursor:
            # A million rows go into a table without its plain indexes, which are then built
            # again from their own definitions (sorting once is much faster than a million
            # inserts into each of fifteen indexes), with more memory than the default.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(PLAIN_INDEXES, ["deviations_deviation"])
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
            cursor.execute(
                GENERATE,
                {
                    "count": DEVIATIONS,
                    "days": YEARS * 365,
                    "response_days": settings.DEVIATION_RESPONSE_DAYS,
                    "n": len(units["municipality"]),
                    **units,
                    "agreements": list(
                        Agreement.objects.filter(kind=Agreement.Kind.SERVICE).values_list("pk", flat=True)
                    ),
                    "categories": list(Deviation.Category.values),
                    "consequences": list(Deviation.Consequence.values),
                    "first_names": words.FIRST_NAMES,
                    "last_names": words.LAST_NAMES,
                    "titles": [title for title, _weight in words.TITLES],
                    "descriptions": descriptions,
                },
            )
            # The foreign keys' checks are deferred to the commit; an index cannot be built
            # while they are pending, so they run now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in indexes:
                cursor.execute(definition)
            # The next reference of each year follows the generated ones.
            cursor.execute(
                "INSERT INTO deviations_referencecounter (year, last_number) "
                "SELECT split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int) "
                "FROM deviations_deviation GROUP BY 1 "
                "ON CONFLICT (year) DO UPDATE SET last_number = GREATEST(deviations_referencecounter.last_number, EXCLUDED.last_number)"
            )

    def _units(self) -> dict[str, list[int]]:
        """One entry per GP office: its municipality, that municipality's trust, one of the trust's
        hospitals and the office itself. Drawing an entry at random weights municipalities by
        their number of GP offices, roughly by population."""
        trusts = dict(Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL_TRUST).values_list("name", "pk"))
        hospitals = dict(Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL).values_list("name", "pk"))
        trust_of_region = {
            region: trust for county in norway.COUNTIES.values() for region, (trust, _m) in county.items()
        }
        # (region, town) -> municipality: 'Våler' is a town in two regions.
        municipalities: dict[tuple[str, str], int] = {}
        in_region: dict[str, list[int]] = {}
        current = Organisation.objects.current().filter(kind=Organisation.Kind.MUNICIPALITY).select_related("region")
        for municipality in current:
            region = municipality.region.name if municipality.region_id else ""
            municipalities[(region, municipality.name.partition(" kommune")[0])] = municipality.pk
            in_region.setdefault(region, []).append(municipality.pk)
        units: dict[str, list[int]] = {"municipality": [], "trust": [], "hospital": [], "gp_office": []}
        offices = Organisation.objects.filter(kind=Organisation.Kind.GP_OFFICE).select_related("region")
        for office in offices.order_by("pk"):
            region = office.region.name if office.region else ""
            # 'Skien legesenter', or 'Torget legekontor, Skien' (see regions_and_organisations).
            town = office.name.rpartition(", ")[2].removesuffix(" legesenter")
            municipality = municipalities.get((region, town)) or self.rng.choice(
                in_region.get(region) or list(municipalities.values())
            )
            trust_name = trust_of_region.get(region, "Sykehuset Telemark HF")
            sites = [hospitals[name] for name in norway.HOSPITAL_TRUSTS[trust_name] if name in hospitals]
            units["municipality"].append(municipality)
            units["trust"].append(trusts[trust_name])
            units["hospital"].append(self.rng.choice(sites) if sites else trusts[trust_name])
            units["gp_office"].append(office.pk)
        return units


def submit_sample(concerned: Organisation, reporter: Organisation) -> Deviation:
    """One deviation through the portal's own service (with its events), for the detail page."""
    deviation, _created = services.submit_deviation(
        data={
            "kind": Deviation.Kind.DEVIATION,
            "reporter_name": "Kari Nordmann",
            "reporter_title": "Sykepleier",
            "reporter_email": "kari.nordmann@example.org",
            "reporter_phone": "",
            "reporter_organisation": reporter,
            "concerned_organisation": concerned,
            "agreement": None,
            "category": Deviation.Category.DISCHARGE,
            "occurred_on": timezone.localdate() - datetime.timedelta(days=2),
            "description": "Pasienten kom hjem uten oppdatert legemiddelliste.",
            "consequence": Deviation.Consequence.MINOR,
            "immediate_action": "",
            "suggestion": "",
        },
        submission_key=uuid.uuid4(),
        reported_by=None,
    )
    return deviation


# A table's indexes that back no constraint (primary key, unique): (qualified name, CREATE INDEX ...).
PLAIN_INDEXES = """
SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
FROM pg_index
WHERE indrelid = %s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)
"""

# The deviations, drawn per row: a unit (GP office, its municipality, trust and hospital), a
# direction, dates over the years and the answer as handlers give it (most within weeks,
# some never). Numbered per year in order of arrival, as the portal numbers them.
GENERATE = """
INSERT INTO deviations_deviation (
    reference, kind, status, reporter_name, reporter_title, reporter_email, reporter_phone,
    reporter_organisation_id, concerned_organisation_id, agreement_id, category, occurred_on,
    description, consequence, immediate_action, suggestion, received_at, respond_by, answer,
    answered_at, closed_at, submission_key_hash, tracking_token_hash
)
SELECT
    'SA-' || year || '-' || lpad((row_number() OVER (PARTITION BY year ORDER BY received_at, i))::text, 6, '0'),
    CASE WHEN r_kind < 0.85 THEN 'deviation' ELSE 'improvement' END,
    CASE WHEN answered_at IS NULL THEN (CASE WHEN r_kind < 0.5 THEN 'received' ELSE 'in_progress' END)
         WHEN r_answer < 0.4 THEN 'closed' ELSE 'answered' END,
    first_name || ' ' || last_name, title,
    lower(translate(first_name || '.' || last_name, 'æøåÆØÅ', 'eoaEOA')) || '@example.org', '',
    reporter, concerned, agreement, category,
    (received_at AT TIME ZONE 'Europe/Oslo')::date - (r_days * 5)::int,
    description, consequence, '', '', received_at,
    (received_at AT TIME ZONE 'Europe/Oslo')::date + %(response_days)s,
    CASE WHEN answered_at IS NULL THEN '' ELSE 'Takk for meldingen. Vi har gått gjennom rutinen med de involverte.' END,
    answered_at,
    CASE WHEN answered_at IS NOT NULL AND r_answer < 0.4 THEN answered_at + interval '1 day' END,
    encode(sha256(('bench-submission-' || i)::bytea), 'hex'),
    encode(sha256(('bench-token-' || i)::bytea), 'hex')
FROM (
    SELECT *,
        extract(year FROM received_at AT TIME ZONE 'Europe/Oslo')::int AS year,
        CASE WHEN (now() - received_at > interval '60 days' AND r_answer < 0.92) OR r_answer < 0.5
             THEN LEAST(received_at + r_days * interval '45 days', now()) END AS answered_at
    FROM (
        SELECT i, r_kind, r_answer, r_days,
            now() - random() * %(days)s * interval '1 day' AS received_at,
            CASE WHEN r_direction < 0.45 THEN (%(municipality)s::bigint[])[u]
                 WHEN r_direction < 0.60 THEN (%(gp_office)s::bigint[])[u]
                 WHEN r_direction < 0.80 THEN (%(trust)s::bigint[])[u]
                 WHEN r_direction < 0.92 THEN (%(hospital)s::bigint[])[u]
                 WHEN r_direction < 0.96 THEN (%(trust)s::bigint[])[u]
                 ELSE (%(municipality)s::bigint[])[u] END AS reporter,
            CASE WHEN r_direction < 0.60 THEN
                     (CASE WHEN r_site < 0.9 THEN (%(trust)s::bigint[])[u] ELSE (%(hospital)s::bigint[])[u] END)
                 WHEN r_direction < 0.92 THEN (%(municipality)s::bigint[])[u]
                 WHEN r_direction < 0.96 THEN (%(gp_office)s::bigint[])[u]
                 ELSE (%(municipality)s::bigint[])[v] END AS concerned,
            CASE WHEN r_agreement < 0.2 THEN NULL
                 ELSE (%(agreements)s::bigint[])[1 + floor((r_agreement - 0.2) / 0.8 * cardinality(%(agreements)s::bigint[]))::int] END AS agreement,
            (%(categories)s::text[])[1 + floor(random() * cardinality(%(categories)s::text[]))::int] AS category,
            (%(consequences)s::text[])[1 + floor(random() * cardinality(%(consequences)s::text[]))::int] AS consequence,
            (%(first_names)s::text[])[1 + floor(random() * cardinality(%(first_names)s::text[]))::int] AS first_name,
            (%(last_names)s::text[])[1 + floor(random() * cardinality(%(last_names)s::text[]))::int] AS last_name,
            (%(titles)s::text[])[1 + floor(random() * cardinality(%(titles)s::text[]))::int] AS title,
            (%(descriptions)s::text[])[1 + floor(random() * cardinality(%(descriptions)s::text[]))::int] AS description
        FROM (
            SELECT i, random() AS r_kind, random() AS r_answer, random() AS r_days, random() AS r_direction,
                random() AS r_site, random() AS r_agreement,
                1 + floor(random() * %(n)s)::int AS u, 1 + floor(random() * %(n)s)::int AS v
            FROM generate_series(1, %(count)s) AS i
        ) AS dice
    ) AS drawn
) AS answered
-- In the order they arrive, as a live database holds them.
ORDER BY received_at
"""
