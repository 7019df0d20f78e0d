"""Demo deviations: about 300 over the last two years, between the municipalities and the hospital.

Deterministic (a fixed random seed) and idempotent (loaded once, recognised by the first
demo report's submission digest), written with bulk operations so load_demo stays fast.
Every status and both kinds appear, in both directions, some of them overdue, with
their timelines and answers. The people are invented, their addresses example.org, and
no text describes a patient.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.crypto import salted_hmac

from agreements.models import Agreement
from contacts.models import Organisation, Unit
from deviations import services, tokens
from deviations.models import Deviation, DeviationEvent, Measure, ReferenceCounter
from samhandling.text import norwegian_slugify

SEED = 2026
COUNT = 300
HOSPITAL = "Sykehuset Telemark HF"
# How often each municipality meets the hospital: the large ones in Grenland most.
MUNICIPALITY_WEIGHTS = {
    "Skien kommune": 26,
    "Porsgrunn kommune": 18,
    "Bamble kommune": 8,
    "Notodden kommune": 7,
    "Midt-Telemark kommune": 6,
    "Kragerø kommune": 6,
    "Nome kommune": 4,
    "Tinn kommune": 4,
}
DEFAULT_WEIGHT = 2
# The demo handler who acts for each organisation (docs/domain.md, Demo data and accounts).
HANDLERS = {HOSPITAL: "sthf", "Skien kommune": "skien", "Porsgrunn kommune": "porsgrunn"}

C = Deviation.Category
# Which § 6-2 point (service agreement) a category usually touches.
LAW_POINT = {
    C.ADMISSION: 3,
    C.DISCHARGE: 5,
    C.DOCUMENTATION: 6,
    C.MEDICATION: 5,
    C.MESSAGING: 9,
    C.REFERRAL: 3,
    C.AIDS: 1,
    C.TRANSPORT: 1,
    C.AVAILABILITY: 6,
}

FIRST_NAMES = [
    "Kari",
    "Ingrid",
    "Siri",
    "Marte",
    "Hanne",
    "Turid",
    "Eli",
    "Anne",
    "Åse",
    "Berit",
    "Ola",
    "Lars",
    "Knut",
    "Jon",
    "Øystein",
    "Per",
    "Tor",
    "Vegard",
    "Håkon",
    "Sindre",
]
LAST_NAMES = [
    "Berg",
    "Haugen",
    "Lunde",
    "Moen",
    "Dahl",
    "Bakke",
    "Strand",
    "Solberg",
    "Nilsen",
    "Aasen",
    "Holm",
    "Vik",
    "Kleiv",
    "Tveit",
    "Bø",
    "Grønli",
]
MUNICIPAL_TITLES = [
    "Sykepleier i hjemmetjenesten",
    "Avdelingsleder, sykehjem",
    "Fastlege",
    "Koordinator, tildelingskontoret",
    "Vernepleier",
    "Sykepleier, korttidsavdeling",
]
HOSPITAL_TITLES = [
    "Sykepleier, medisinsk sengepost",
    "Lege i spesialisering",
    "Overlege",
    "Sykepleier, akuttmottaket",
    "Seksjonsleder",
    "Utskrivningskoordinator",
]

# (category, direction, description, immediate action, suggestion, answer).
# direction: "to_hospital", "to_municipality" or "any".
DEVIATION_SCENARIOS = [
    (
        C.DISCHARGE,
        "to_municipality",
        "Pasienten ble meldt utskrivningsklar sent på ettermiddagen og kom til sykehjemmet etter kl. 20 uten varsel i forkant.",
        "Nattevakt tok imot og ringte sengeposten for å få muntlig rapport.",
        "Utskrivning bør avtales før kl. 14, slik tjenesteavtalen sier.",
        "Vi har gått gjennom rutinen med sengeposten. Sene utskrivninger skal nå godkjennes av vakthavende sykepleier og varsles kommunen på telefon.",
    ),
    (
        C.DISCHARGE,
        "to_municipality",
        "Utskrivningsrapporten manglet opplysninger om sårstell og oppfølging av dren.",
        "Hjemmesykepleien kontaktet avdelingen dagen etter.",
        "Sjekkliste for utskrivningsrapport bør brukes for alle pasienter med sår.",
        "Sjekklisten er tatt inn i avdelingens introduksjon for nyansatte, og vi følger opp med stikkprøver i tre måneder.",
    ),
    (
        C.DOCUMENTATION,
        "to_municipality",
        "Epikrisen var ikke sendt da pasienten kom til fastlegen for kontroll en uke etter utskrivning.",
        "Fastlegen ringte sykehuset og fikk opplysningene muntlig.",
        "Epikrise bør sendes samme dag som pasienten skrives ut.",
        "Klinikken har innført daglig kontroll av ikke-sendte epikriser. Andelen sendt innen én dag har økt.",
    ),
    (
        C.MEDICATION,
        "to_municipality",
        "Legemiddellisten i utskrivningsrapporten stemte ikke med det pasienten hadde med seg hjem.",
        "Sykepleier ringte avdelingen og fikk avklart gjeldende liste før kveldsdosen.",
        "Legemiddelsamstemming bør gjøres før utskrivning.",
        "Vi har minnet legene om samstemming ved utskrivning og tatt avviket opp i kvalitetsmøtet.",
    ),
    (
        C.MESSAGING,
        "any",
        "PLO-melding om innleggelse kom ikke fram. Kommunen fikk vite om innleggelsen først etter to døgn.",
        "Kontaktet sykehuset på telefon og fikk bekreftet innleggelsen.",
        "Ved feil i meldingsutvekslingen bør avsender få varsel om at meldingen ikke er levert.",
        "Feilen skyldtes en feil i adresseregisteret, som nå er rettet. Vi har bedt leverandøren varsle ved ikke-leverte meldinger.",
    ),
    (
        C.MESSAGING,
        "any",
        "Svar på forespørsel i PLO ble ikke besvart innen fristen, og vi måtte ringe flere ganger.",
        "",
        "Avklare hvem som følger med på innboksen i helger.",
        "Innboksen følges nå opp av vakthavende også i helgene. Takk for at dere meldte fra.",
    ),
    (
        C.ADMISSION,
        "to_hospital",
        "Innleggelsesskrivet fra legevakten manglet oversikt over faste legemidler.",
        "Akuttmottaket hentet opplysninger fra kjernejournal.",
        "Legevakten bør bruke malen for innleggelse fra tjenesteavtale 3.",
        "Malen er gjennomgått med legevaktlegene, og den er lagt inn som standard i journalsystemet.",
    ),
    (
        C.ADMISSION,
        "to_hospital",
        "Pasient fra sykehjem kom til akuttmottaket uten informasjon om hva som var avklart om behandlingsnivå.",
        "Mottakende lege ringte sykehjemmet.",
        "Avklaringer om behandlingsnivå bør følge pasienten ved innleggelse.",
        "Sykehjemmene har fått påminnelse om å legge ved avklaringer. Saken er også meldt til fagrådet.",
    ),
    (
        C.REFERRAL,
        "to_hospital",
        "Henvisningen ble returnert uten begrunnelse, og fastlegen visste ikke hva som manglet.",
        "",
        "Returnerte henvisninger bør alltid ha en kort begrunnelse.",
        "Vi beklager. Poliklinikken skal nå alltid skrive begrunnelse ved retur av henvisninger.",
    ),
    (
        C.AIDS,
        "to_hospital",
        "Pasienten ble skrevet ut med behov for seng med trykkavlastende madrass uten at kommunen var varslet.",
        "Hjelpemiddellageret leverte madrass dagen etter.",
        "Behov for hjelpemidler bør meldes i god tid før utskrivning.",
        "Avdelingen melder nå behov for hjelpemidler i første PLO-melding etter innleggelse.",
    ),
    (
        C.TRANSPORT,
        "any",
        "Pasienttransport ble ikke bestilt, og pasienten ventet i fire timer på å komme hjem.",
        "Avdelingen bestilte drosje.",
        "Bestilling av transport bør inngå i sjekklisten for utskrivning.",
        "Transportbestilling er tatt inn i sjekklisten for utskrivning.",
    ),
    (
        C.AVAILABILITY,
        "any",
        "Vi fikk ikke tak i ansvarlig sykepleier på telefon, og ingen ringte tilbake samme dag.",
        "",
        "Det bør være et fast telefonnummer som alltid blir besvart.",
        "Vi har opprettet et fast samhandlingsnummer som er bemannet på dagtid.",
    ),
    (
        C.AVAILABILITY,
        "to_municipality",
        "Sykehuset fikk ikke kontakt med tildelingskontoret før stengetid på fredag.",
        "Pasienten ble værende over helgen.",
        "Tildelingskontoret bør ha utvidet åpningstid på fredager.",
        "Kommunen har innført vakttelefon for tildelingskontoret fram til kl. 18 på fredager.",
    ),
    (
        C.OTHER,
        "any",
        "Rutinen for samarbeid om pasienter med behov for koordinerte tjenester var ukjent for nyansatte.",
        "",
        "Rutinen bør inngå i opplæringen.",
        "Rutinen er lagt inn i opplæringsplanen for nyansatte.",
    ),
]
IMPROVEMENT_SCENARIOS = [
    (
        C.DISCHARGE,
        "any",
        "Et felles skjema for utskrivningssamtale ville gjort overgangen tryggere for pasienter med mange tjenester.",
        "",
        "Lag et felles skjema og ta det inn i tjenesteavtale 5.",
        "Godt forslag. Det er sendt videre til fagrådet for utskrivning, som tar det opp på neste møte.",
    ),
    (
        C.MESSAGING,
        "any",
        "Dialogmeldinger kunne hatt en fast emnelinje for legemiddelspørsmål, så de blir sortert riktig.",
        "",
        "Innfør faste emner for de vanligste spørsmålene.",
        "Vi prøver faste emner i Grenland i et halvt år før vi vurderer å innføre det for alle.",
    ),
    (
        C.AVAILABILITY,
        "any",
        "En felles oversikt over direktenumre til avdelingene ville spart mye tid.",
        "",
        "Publiser oversikten i samhandlingsportalen.",
        "Oversikten er nå lagt ut under Kontakter i portalen.",
    ),
    (
        C.OTHER,
        "any",
        "Felles hospitering mellom hjemmetjenesten og sengepostene ville gitt bedre forståelse for hverandres arbeid.",
        "",
        "Tilby hospitering to dager i året.",
        "Forslaget er tatt opp i FSU, som har bedt om et opplegg for hospitering.",
    ),
]
INTERNAL_NOTES = [
    "Sjekket med seksjonsleder, følger opp.",
    "Har bedt avdelingen om en redegjørelse.",
    "Tas opp i kvalitetsmøtet neste uke.",
    "Liknende sak tidligere i år, se sammenheng.",
]
VISIBLE_NOTES = ["Takk for meldingen. Vi undersøker saken.", "Vi har kontaktet avdelingen og kommer tilbake med svar."]


def _submission_digest(index: int) -> str:
    """A demo report's submission key: fixed for this installation, unguessable without its SECRET_KEY."""
    key = uuid.UUID(bytes=salted_hmac("deviations.demo", str(index), algorithm="sha256").digest()[:16], version=4)
    return tokens.submission_digest(key)


def load(stdout=None):
    _load_reports(stdout)
    load_handling(stdout)


def _load_reports(stdout=None):
    if Deviation.objects.filter(submission_key_hash=_submission_digest(0)).exists():
        if stdout:
            stdout.write("  deviations: demo reports already loaded")
        return
    organisations = {o.name: o for o in Organisation.objects.current()}
    hospital = organisations.get(HOSPITAL)
    municipalities = sorted(
        (o for o in organisations.values() if o.kind == Organisation.Kind.MUNICIPALITY), key=lambda o: o.sort_key
    )
    if hospital is None or not municipalities:
        return
    rng = random.Random(SEED)
    agreements = {
        a.law_point: a for a in Agreement.objects.filter(kind=Agreement.Kind.SERVICE, law_point__isnull=False)
    }
    users = {u.username: u for u in get_user_model().objects.filter(username__in=HANDLERS.values())}
    handlers = {name: users.get(username) for name, username in HANDLERS.items()}
    weights = [MUNICIPALITY_WEIGHTS.get(m.name, DEFAULT_WEIGHT) for m in municipalities]

    now = timezone.now()
    plans = []
    for index in range(COUNT):
        municipality = rng.choices(municipalities, weights)[0]
        to_hospital = rng.random() < 0.6
        reporter, receiver = (municipality, hospital) if to_hospital else (hospital, municipality)
        improvement = rng.random() < 0.15
        direction = "to_hospital" if to_hospital else "to_municipality"
        scenarios = [
            s for s in (IMPROVEMENT_SCENARIOS if improvement else DEVIATION_SCENARIOS) if s[1] in (direction, "any")
        ]
        scenario = rng.choice(scenarios)
        # More reports lately than two years ago, as the portal becomes known.
        age = datetime.timedelta(
            days=int(730 * rng.random() ** 1.4), hours=rng.randint(0, 9), minutes=rng.randint(0, 59)
        )
        plans.append((index, reporter, receiver, improvement, scenario, now - age))
    plans.sort(key=lambda plan: plan[5])

    deviations, histories = [], []
    numbers = {}
    for year in sorted({timezone.localtime(plan[5]).year for plan in plans}):
        count = sum(1 for plan in plans if timezone.localtime(plan[5]).year == year)
        numbers[year] = iter(ReferenceCounter.take(year, count))
    for index, reporter, receiver, improvement, scenario, received_at in plans:
        category, _, description, immediate_action, suggestion, answer = scenario
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = norwegian_slugify(reporter.name.replace(" kommune", "")) + ".example.org"
        submission = _submission_digest(index)
        law_point = LAW_POINT.get(category)
        agreement = agreements.get(law_point) if rng.random() < 0.75 else None
        deviation = Deviation(
            reference=ReferenceCounter.format(
                timezone.localtime(received_at).year, next(numbers[timezone.localtime(received_at).year])
            ),
            kind=Deviation.Kind.IMPROVEMENT if improvement else Deviation.Kind.DEVIATION,
            reporter_name=f"{first} {last}",
            reporter_title=rng.choice(HOSPITAL_TITLES if reporter == hospital else MUNICIPAL_TITLES),
            reporter_email=f"{norwegian_slugify(first)}.{norwegian_slugify(last)}@{domain}",
            reporter_phone=f"35 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            if rng.random() < 0.5
            else "",
            reporter_organisation=reporter,
            concerned_organisation=receiver,
            agreement=agreement,
            original_agreement=agreement,
            category=category,
            original_category=category,
            occurred_on=timezone.localdate(received_at) - datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 7])),
            description=description,
            consequence=(
                consequence := ""
                if improvement
                else rng.choice(["none", "minor", "minor", "moderate", "moderate", "serious"])
            ),
            original_consequence=consequence,
            immediate_action=immediate_action,
            suggestion=suggestion,
            received_at=received_at,
            respond_by=Deviation.deadline_for(received_at),
            submission_key_hash=submission,
            tracking_token_hash=tokens.digest(tokens.derive_token(submission)),
            reported_by=handlers.get(reporter.name) if rng.random() < 0.1 else None,
        )
        history = _history(rng, deviation, answer, handlers.get(receiver.name), municipalities, now)
        deviations.append(deviation)
        histories.append(history)

    Deviation.objects.bulk_create(deviations)
    events = []
    for deviation, history in zip(deviations, histories):
        for event in history:
            event.deviation = deviation
            events.append(event)
    deviation_type = ContentType.objects.get_for_model(Deviation)
    for event in events:
        event.content_type, event.object_id, event.object_repr = (
            deviation_type,
            event.deviation.pk,
            event.deviation.reference,
        )
    DeviationEvent.objects.bulk_create(events)
    _name_the_wards(hospital)
    _give_some_to_a_clinic(hospital)
    if stdout:
        stdout.write(f"  deviations: {len(deviations)} demo reports with {len(events)} timeline events")


def _name_the_wards(hospital) -> None:
    """Reports to the hospital about admission and discharge name a ward (the demo's contacts units), a third each."""
    wards = list(Unit.objects.filter(organisation=hospital, kind=Unit.Kind.WARD).order_by("sort_key"))
    if not wards:
        return
    reports = Deviation.objects.filter(
        concerned_organisation=hospital,
        concerned_unit__isnull=True,
        category__in=[Deviation.Category.ADMISSION, Deviation.Category.DISCHARGE],
    ).order_by("pk")
    pks = list(reports.values_list("pk", flat=True))
    for number, ward in enumerate(wards):
        Deviation.objects.filter(pk__in=pks[number :: len(wards)]).update(concerned_unit=ward)


def _give_some_to_a_clinic(hospital) -> None:
    """Three open reports are given to Medisinsk klinikk with nobody named, as a handler does
    with the assign form: the clinic's people (the demo handler sthf among them) find them
    under "Mine" until one of them takes the case."""
    clinic = Unit.objects.filter(organisation=hospital, name="Medisinsk klinikk").first()
    handler = get_user_model().objects.filter(username="sthf").first()
    if clinic is None or handler is None:
        return
    reports = Deviation.objects.filter(
        concerned_organisation=hospital,
        status__in=Deviation.OPEN_STATUSES,
        assigned_to__isnull=True,
        assigned_unit__isnull=True,
    ).order_by("received_at")[:3]
    for deviation in reports:
        services.assign(deviation, handler, None, unit=clinic)


def _event(kind, *, created_at, author=None, visible_to_reporter=True, **data) -> DeviationEvent:
    """A timeline entry as deviations.services writes it (the deviation is set once it is saved)."""
    for organisation in ("from_organisation", "to_organisation"):
        if organisation in data:
            data[organisation] = {"id": data[organisation].pk, "name": data[organisation].name}
    return DeviationEvent(
        action=kind, user=author, visible_to_reporter=visible_to_reporter, data=data, created_at=created_at
    )


def _history(rng, deviation, answer, handler, municipalities, now) -> list[DeviationEvent]:
    """Sets the deviation's status fields and returns its timeline, oldest first."""
    received_at = deviation.received_at
    age_days = (now - received_at).days
    events = [
        _event(
            DeviationEvent.Kind.CREATED,
            by_reporter=True,
            visible_to_reporter=True,
            to_status=Deviation.Status.RECEIVED,
            created_at=received_at,
            author=deviation.reported_by,
        )
    ]
    Status = Deviation.Status
    if age_days < 3:
        status = rng.choices([Status.RECEIVED, Status.IN_PROGRESS], [8, 2])[0]
    elif age_days < 28:
        status = rng.choices([Status.RECEIVED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED], [15, 45, 30, 10])[0]
    else:
        # Most old ones are done; the rest are overdue.
        status = rng.choices([Status.RECEIVED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED], [4, 7, 14, 75])[0]

    def at(days, hours=0):
        return min(received_at + datetime.timedelta(days=days, hours=hours), now - datetime.timedelta(minutes=5))

    if deviation.concerned_organisation.kind == Organisation.Kind.MUNICIPALITY and rng.random() < 0.1:
        # Sent to the wrong municipality first, then forwarded by its handler.
        wrong = rng.choice([m for m in municipalities if m != deviation.concerned_organisation])
        events.append(
            _event(
                DeviationEvent.Kind.FORWARDED,
                visible_to_reporter=True,
                created_at=at(0, 3),
                text="Gjelder hjemmetjenesten i nabokommunen.",
                from_organisation=wrong,
                to_organisation=deviation.concerned_organisation,
                from_status=Status.RECEIVED,
                to_status=Status.RECEIVED,
            )
        )
    if status == Status.RECEIVED:
        deviation.status = status
        return events

    taken_after = rng.randint(0, min(3, max(age_days, 0)))
    deviation.status = Status.IN_PROGRESS
    deviation.assigned_to = handler
    events.append(
        _event(
            DeviationEvent.Kind.STATUS_CHANGED,
            author=handler,
            visible_to_reporter=True,
            from_status=Status.RECEIVED,
            to_status=Status.IN_PROGRESS,
            created_at=at(taken_after, 1),
        )
    )
    if rng.random() < 0.5:
        events.append(
            _event(
                DeviationEvent.Kind.COMMENT,
                author=handler,
                visible_to_reporter=False,
                text=rng.choice(INTERNAL_NOTES),
                created_at=at(taken_after, 3),
            )
        )
    if rng.random() < 0.3:
        events.append(
            _event(
                DeviationEvent.Kind.COMMENT,
                author=handler,
                visible_to_reporter=True,
                text=rng.choice(VISIBLE_NOTES),
                created_at=at(taken_after, 4),
            )
        )
    if status == Status.IN_PROGRESS:
        return events

    # Four in five are answered within the deadline.
    latest = max(age_days, taken_after + 1)
    if rng.random() < 0.8 or latest <= 28:
        answered_after = rng.randint(taken_after + 1, max(taken_after + 1, min(latest, 27)))
    else:
        answered_after = rng.randint(29, max(29, min(latest, 70)))
    answered_at = at(answered_after, 5)
    deviation.answer, deviation.answered_at, deviation.answered_by = answer, answered_at, handler
    deviation.status = Status.ANSWERED
    events.append(
        _event(
            DeviationEvent.Kind.ANSWERED,
            author=handler,
            visible_to_reporter=True,
            text=answer,
            from_status=Status.IN_PROGRESS,
            to_status=Status.ANSWERED,
            created_at=answered_at,
        )
    )
    if status == Status.CLOSED:
        closed_at = min(answered_at + datetime.timedelta(days=rng.randint(1, 10)), now - datetime.timedelta(minutes=1))
        deviation.status, deviation.closed_at = Status.CLOSED, closed_at
        events.append(
            _event(
                DeviationEvent.Kind.STATUS_CHANGED,
                author=handler,
                visible_to_reporter=True,
                from_status=Status.ANSWERED,
                to_status=Status.CLOSED,
                created_at=closed_at,
            )
        )
    return events


# --- The handling (issue 15): classification, causes, measures, the reporters' replies --------

HANDLING_SEED = SEED + 15

# Measures a receiver agrees on after a case, by category (invented, in the seeds' spirit).
MEASURES = {
    C.ADMISSION: ["Innleggelsesrapporten sendes før pasienten kommer", "Felles sjekkliste for innleggelse"],
    C.DISCHARGE: ["Utskrivningssamtale med kommunen før hjemreise", "Legemiddelliste følger pasienten ut"],
    C.DOCUMENTATION: ["Epikrisen sendes samme dag", "Opplæring i dokumentasjon ved utskrivning"],
    C.MEDICATION: ["Legemiddelsamstemming før utskrivning", "Resepter sendes før hjemreise"],
    C.MESSAGING: ["Faste rutiner for å følge med på PLO-meldinger", "Ny rutine når meldingsutvekslingen er nede"],
    C.REFERRAL: ["Henvisningsmal gjennomgått med fastlegene"],
    C.AIDS: ["Hjelpemidler bestilles før utskrivning"],
    C.TRANSPORT: ["Transport bestilles når utskrivningsdato er satt"],
    C.AVAILABILITY: ["Direktenummer til vakthavende i telefonlisten"],
    C.OTHER: ["Saken tas opp i fagrådet"],
}
OWNERS = ["Seksjonsleder, medisinsk sengepost", "Leder, hjemmetjenesten", "Tildelingskontoret", "Fagrådet"]
CAUSES_BY_CATEGORY = {
    C.ADMISSION: ["communication", "routine_not_followed"],
    C.DISCHARGE: ["communication", "routine_not_followed", "capacity"],
    C.DOCUMENTATION: ["documentation", "routine_not_followed"],
    C.MEDICATION: ["documentation", "communication"],
    C.MESSAGING: ["ict", "routine_missing"],
    C.REFERRAL: ["documentation", "responsibility"],
    C.AIDS: ["responsibility", "routine_missing"],
    C.TRANSPORT: ["capacity", "responsibility"],
    C.AVAILABILITY: ["capacity", "communication"],
    C.OTHER: ["other"],
}


def load_handling(stdout=None):
    """What the demo handlers did with the reports: they classified those without an agreement
    (most, not all: some fit no service agreement), recorded causes, case numbers and measures
    on closed cases, and some reporters said whether the answer helped. Once; its own seed, so
    the reports above stay the same."""
    if DeviationEvent.objects.filter(action=DeviationEvent.Kind.CLASSIFIED).exists() or not Deviation.objects.exists():
        return
    rng = random.Random(HANDLING_SEED)
    agreements = {
        a.law_point: a for a in Agreement.objects.filter(kind=Agreement.Kind.SERVICE, law_point__isnull=False)
    }
    today = timezone.localdate()
    now = timezone.now()
    deviations = list(
        Deviation.objects.exclude(status=Deviation.Status.RECEIVED)
        .select_related("assigned_to", "answered_by")
        .order_by("received_at")
    )
    events, measures, changed = [], [], []
    for deviation in deviations:
        handler = deviation.assigned_to or deviation.answered_by
        late = min(deviation.received_at + datetime.timedelta(days=1), now)
        touched = False
        # A handler sets the agreement when the category points at one, nine times in ten.
        law_point = LAW_POINT.get(deviation.category)
        if deviation.agreement_id is None and law_point in agreements and rng.random() < 0.9:
            deviation.agreement = agreements[law_point]
            deviation.reclassified = True
            events.append(
                _event(
                    DeviationEvent.Kind.CLASSIFIED,
                    author=handler,
                    visible_to_reporter=False,
                    created_at=late,
                    **{
                        "from": {
                            "agreement": None,
                            "category": deviation.category,
                            "consequence": deviation.consequence,
                        },
                        "to": {
                            "agreement": deviation.agreement_id,
                            "category": deviation.category,
                            "consequence": deviation.consequence,
                        },
                    },
                )
            )
            events[-1].deviation = deviation
            touched = True
        if deviation.status == Deviation.Status.CLOSED and rng.random() < 0.6:
            year = timezone.localtime(deviation.received_at).year
            deviation.case_number = f"{year}/{rng.randint(100, 9999):05d}"
            deviation.causes = rng.sample(CAUSES_BY_CATEGORY[deviation.category], 1)
            for description in rng.sample(MEASURES[deviation.category], 1):
                due = timezone.localdate(deviation.received_at) + datetime.timedelta(days=rng.choice([30, 60, 90]))
                status = rng.choices(list(Measure.Status.values), [1, 2, 5])[0] if due < today else "planned"
                measures.append(
                    Measure(
                        deviation=deviation,
                        description=description,
                        owner=rng.choice(OWNERS),
                        due_on=due,
                        status=status,
                        completed_on=min(due, today) if status == Measure.Status.DONE else None,
                        created_at=late,
                    )
                )
            touched = True
        if deviation.answered_at and rng.random() < 0.35:
            deviation.reporter_verdict = rng.choices(list(Deviation.ReporterVerdict.values), [6, 3, 1])[0]
            deviation.reporter_replied_at = min(deviation.answered_at + datetime.timedelta(days=2), now)
            events.append(
                _event(
                    DeviationEvent.Kind.REPORTER_REPLIED,
                    visible_to_reporter=True,
                    created_at=deviation.reporter_replied_at,
                    by_reporter=True,
                    verdict=deviation.reporter_verdict,
                    text="",
                )
            )
            events[-1].deviation = deviation
            touched = True
        if touched:
            changed.append(deviation)
    Deviation.objects.bulk_update(
        changed, ["agreement", "reclassified", "case_number", "causes", "reporter_verdict", "reporter_replied_at"]
    )
    Measure.objects.bulk_create(measures)
    deviation_type = ContentType.objects.get_for_model(Deviation)
    for event in events:
        event.content_type, event.object_id, event.object_repr = (
            deviation_type,
            event.deviation.pk,
            event.deviation.reference,
        )
    DeviationEvent.objects.bulk_create(events)
    if stdout:
        total = Deviation.objects.count()
        with_agreement = Deviation.objects.filter(agreement__isnull=False).count()
        stdout.write(
            f"  deviations: {sum(1 for d in changed if d.reclassified)} classified by their handlers, "
            f"{len(measures)} measures; {with_agreement} of {total} reports "
            f"({with_agreement / total:.0%}) have an agreement"
        )
