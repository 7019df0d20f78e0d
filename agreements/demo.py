"""Demo data for agreements: the framework agreement, the 13 service agreements, versions, routines.

Idempotent: agreements are looked up by slug, versions by (agreement, label), routines by
slug; documents are generated once and stored through the storage. Dates are relative to
today, so there is always a version coming, and something overdue or due soon for review.
The texts are invented for the demo.
"""

import datetime
import re

from django.core.files.base import ContentFile
from django.utils import timezone

from agreements.documents import minimal_pdf
from agreements.models import (
    Agreement,
    AgreementVersion,
    Measure,
    Pathway,
    PathwayStep,
    Plan,
    ProgressNote,
    Project,
    ProjectDocument,
    Routine,
    Theme,
)
from contacts.models import Body, Organisation, Person, User

HOSPITAL = "Sykehuset Telemark HF"
_POINT_IN_NAME = re.compile(r"tjenesteavtale\s+(\d{1,2})\b", re.IGNORECASE)

FRAMEWORK_SUMMARY = """Den overordnede samarbeidsavtalen sier hvordan kommunene og helseforetaket styrer samarbeidet:
hvilke utvalg som finnes, hvordan uenighet løses, og hvordan tjenesteavtalene revideres.

Avtalen gjelder for alle kommunene i opptaksområdet og for Sykehuset Telemark HF."""

SERVICE_SUMMARIES = {
    3: "Avtalen beskriver hvordan fastlege og legevakt henviser og legger inn pasienter, og hvilke "
    "opplysninger som følger pasienten til sykehuset.",
    5: (
        "Avtalen gjelder pasienter som er **utskrivningsklare**: når sykehuset varsler kommunen, hvilke opplysninger kommunen får, og når kommunen overtar ansvaret.\n"
        "\n"
        "- Varsel om innlagt pasient innen 24 timer\n"
        "- Melding om utskrivningsklar pasient samme dag"
    ),
    9: "Avtalen gjelder elektronisk meldingsutveksling (PLO-meldinger, epikriser, henvisninger) og hva partene "
    "gjør når systemene er ute av drift.",
    12: "Avtalen beskriver hvordan partene melder og følger opp samhandlingsavvik, og hvordan "
    "erfaringene brukes til å forbedre tjenestene.",
}

ROUTINES = [
    {
        "slug": "rutine-for-samarbeid-om-pasienter-med-behov-for-koordinerte-tjenester",
        "title": "Rutine for samarbeid om pasienter med behov for koordinerte tjenester",
        "points": [2],
        "audience": ["koordinerende_enhet", "fastlege", "sykehus", "hjemmetjeneste"],
        "owner": ("body", Body.Kind.PROFESSIONAL_COUNCIL, "koordinerende"),
        "review_in_days": 300,
        "body": (
            "## Formål\n"
            "\n"
            "Pasienter med behov for langvarige og koordinerte tjenester skal få én kontaktperson og en individuell plan.\n"
            "\n"
            "## Slik gjør du\n"
            "\n"
            "1. Meld behovet til koordinerende enhet i kommunen.\n"
            "2. Koordinerende enhet oppnevner koordinator innen to uker.\n"
            "3. Sykehuset inviterer kommunen til samarbeidsmøte før utskrivning."
        ),
    },
    {
        "slug": "rutine-for-innleggelse-i-sykehus",
        "title": "Rutine for innleggelse i sykehus",
        "points": [3],
        "audience": ["fastlege", "legevakt", "sykehus", "hjemmetjeneste", "sykehjem"],
        "owner": ("organisation", HOSPITAL),
        "review_in_days": 200,
        "body": (
            "## Før innleggelse\n"
            "\n"
            "Innleggende lege sender innleggelsesskriv med oppdatert legemiddelliste. Hjemmetjenesten sender innleggelsesrapport (PLO) samme dag.\n"
            "\n"
            "## Ved innleggelse\n"
            "\n"
            "Sykehuset bekrefter mottak og melder innlagt pasient til kommunen innen 24 timer."
        ),
    },
    {
        "slug": "rutine-for-utskrivning-av-utskrivningsklare-pasienter",
        "title": "Rutine for utskrivning av utskrivningsklare pasienter",
        "points": [3, 5],
        "audience": ["sykehus", "hjemmetjeneste", "sykehjem", "fastlege"],
        "owner": ("body", Body.Kind.FSU, ""),
        "review_in_days": 20,
        "body": (
            "## Når pasienten er utskrivningsklar\n"
            "\n"
            "Sykehuset melder utskrivningsklar pasient til kommunen samme dag, med vurdering av funksjon og behov for tjenester.\n"
            "\n"
            "## Kommunens svar\n"
            "\n"
            "Kommunen svarer om den kan ta imot pasienten. Kan kommunen ikke ta imot, blir pasienten på sykehuset, og kommunen betaler for oppholdet fra dagen etter.\n"
            "\n"
            "## Ved utskrivning\n"
            "\n"
            "- Epikrise og oppdatert legemiddelliste følger pasienten.\n"
            "- Hjemmetjenesten får utskrivningsrapport (PLO) før pasienten reiser.\n"
            "- Fastlegen får epikrisen samme dag."
        ),
        "document": True,
    },
    {
        "slug": "rutine-ved-brudd-i-plo-meldingsutvekslingen",
        "title": "Rutine ved brudd i PLO-meldingsutvekslingen",
        "points": [9],
        "audience": ["sykehus", "hjemmetjeneste", "sykehjem", "legevakt"],
        "owner": ("body", Body.Kind.PROFESSIONAL_COUNCIL, "digital"),
        "review_in_days": -15,
        "body": "Når PLO-meldinger ikke kommer fram, dokumenteres opplysningene i meldingen som vanlig, og mottakeren ringes på telefonnummeret i PLO-telefonlisten. Meldingene sendes automatisk når systemet virker igjen.",
        "document": True,
    },
    {
        "slug": "rutine-for-melding-av-samhandlingsavvik",
        "title": "Rutine for melding av samhandlingsavvik",
        "points": [12],
        "audience": [choice for choice, _ in Routine.Audience.choices],
        "owner": ("body", Body.Kind.SSU, ""),
        "review_in_days": 365,
        "body": (
            "## Hva er et samhandlingsavvik?\n"
            "\n"
            "Et avvik i samarbeidet mellom kommune og sykehus, for eksempel manglende epikrise, feil i legemiddellisten eller utskrivning uten varsel.\n"
            "\n"
            "## Slik melder du\n"
            "\n"
            "Bruk skjemaet «Meld avvik» i portalen. Skriv ikke navn, fødselsnummer eller andre opplysninger som kan identifisere pasienten.\n"
            "\n"
            "## Svar\n"
            "\n"
            "Mottakeren svarer innen fire uker."
        ),
        "document": True,
    },
    {
        "slug": "rutine-for-overforing-av-legemiddellister",
        "title": "Rutine for overføring av legemiddellister",
        "points": [5, 9],
        "audience": ["sykehus", "fastlege", "hjemmetjeneste"],
        "owner": ("organisation", HOSPITAL),
        "status": Routine.Status.DRAFT,
        "body": "Utkast til felles rutine for oppdaterte legemiddellister ved innleggelse og utskrivning.",
    },
    {
        "slug": "rutine-for-utskrivning-av-pasienter-2016",
        "title": "Rutine for utskrivning av pasienter (2016)",
        "points": [5],
        "audience": ["sykehus", "hjemmetjeneste"],
        "owner": ("organisation", HOSPITAL),
        "status": Routine.Status.ARCHIVED,
        "body": "Erstattet av rutinen for utskrivning av utskrivningsklare pasienter.",
    },
]


def _store_pdf(field, title: str, lines: tuple[str, ...]) -> None:
    """Generates and stores a document unless one is already in storage (idempotent)."""
    if field and field.storage.exists(field.name):
        return
    field.save(f"{title}.pdf", ContentFile(minimal_pdf(title, lines)), save=True)


def _version(agreement, label, adopted_on, in_force_from, next_revision_due, changes=""):
    version, _ = AgreementVersion.objects.update_or_create(
        agreement=agreement,
        label=label,
        defaults={
            "adopted_on": adopted_on,
            "in_force_from": in_force_from,
            "next_revision_due": next_revision_due,
            "changes": changes,
        },
    )
    _store_pdf(
        version.document,
        f"{agreement.identifier} versjon {label}",
        (agreement.title, f"Gjelder fra {in_force_from:%d.%m.%Y}.", "Signert av partene (demodokument)."),
    )
    return version


def _agreement(slug, **fields):
    return Agreement.objects.update_or_create(slug=slug, defaults=fields)[0]


def _body(kind, name_contains=""):
    bodies = Body.objects.filter(kind=kind).order_by("name")
    if name_contains:
        bodies = bodies.filter(name__icontains=name_contains)
    return bodies.first()


# Bodies of the contacts demo that follow up a service agreement, by the § 6-2 point, as partnerships name them.
BODY_AGREEMENT_POINTS = {
    "Fagråd for koordinerende enheter (tjenesteavtale 2)": 2,
    "Fagråd for jordmortjenester (tjenesteavtale 8)": 8,
    "Fagråd digital samhandling (tjenesteavtale 9)": 9,
    "Fagråd for forebygging (tjenesteavtale 10)": 10,
    "Faglig samarbeidsutvalg for barn og unge": 13,
    "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling": 12,
}


def _link_bodies(framework, services):
    """Links the demo bodies, if the contacts demo made any, to the agreements they look after."""
    for kind in (Body.Kind.PARTNERSHIP_MEETING, Body.Kind.SSU):
        for body in Body.objects.filter(kind=kind):
            body.agreements.add(framework)
    for body in Body.objects.filter(kind=Body.Kind.FSU):
        body.agreements.add(services[3], services[5])
    # Fagråd named after their agreement (a fagråd for digital collaboration follows service agreement 9).
    for body in Body.objects.exclude(kind__in=[Body.Kind.PARTNERSHIP_MEETING, Body.Kind.SSU]):
        for point in _POINT_IN_NAME.findall(f"{body.name} {body.mandate}"):
            if int(point) in services:
                body.agreements.add(services[int(point)])
    for body in Body.objects.filter(name__in=BODY_AGREEMENT_POINTS):
        if BODY_AGREEMENT_POINTS[body.name] in services:
            body.agreements.add(services[BODY_AGREEMENT_POINTS[body.name]])


def load(stdout=None):
    today = timezone.localdate()
    days = datetime.timedelta

    framework = _agreement(
        "samarbeidsavtale",
        kind=Agreement.Kind.FRAMEWORK,
        identifier="Samarbeidsavtale",
        title="Overordnet samarbeidsavtale mellom kommunene og Sykehuset Telemark HF",
        summary=FRAMEWORK_SUMMARY,
    )
    _version(framework, "2012", datetime.date(2012, 1, 20), datetime.date(2012, 2, 1), None)
    _version(
        framework,
        "2023",
        datetime.date(2023, 5, 10),
        datetime.date(2023, 6, 1),
        today + days(400),
        ("- Nye helsefellesskap erstatter de gamle samarbeidsutvalgene.\n- Revisjon hvert fjerde år."),
    )

    services = {}
    for point, title in Agreement.LawPoint.choices:
        services[point] = _agreement(
            f"tjenesteavtale-{point}",
            kind=Agreement.Kind.SERVICE,
            identifier=f"Tjenesteavtale {point}",
            title=str(title),
            law_point=point,
            summary=SERVICE_SUMMARIES.get(point, ""),
        )
    # Revision due dates: overdue for 3 and 9, due soon for 5 and 12, later for the rest.
    due = {3: today - days(60), 9: today - days(10), 5: today + days(30), 12: today + days(80)}
    for point, agreement in services.items():
        _version(
            agreement,
            "2019",
            datetime.date(2019, 5, 15),
            datetime.date(2019, 7, 1),
            None if point in (5, 12) else due.get(point, today + days(700)),
        )
    for point in (5, 12):
        _version(
            services[point],
            "2023",
            datetime.date(2023, 3, 1),
            datetime.date(2023, 4, 1),
            due[point],
            "Kortere frister for varsling og nye krav til legemiddellister.",
        )
    # A version adopted but not yet in force: today's stays in force until then.
    _version(
        services[5],
        "2027",
        today - days(20),
        today + days(45),
        today + days(45 + 4 * 365),
        "Kommunen får melding om utskrivningsklar pasient senest kl. 12 samme dag.",
    )

    emergency_beds = _agreement(
        "saeravtale-4-1",
        kind=Agreement.Kind.SUB,
        identifier="Særavtale 4.1",
        title="Kommunal akutt døgnenhet (KAD) i Grenland",
        parent=services[4],
        summary="Særavtalen gjelder den interkommunale akutte døgnenheten i Grenland: hvilke pasienter "
        "som kan legges inn, og hvordan legevakt og sykehus samarbeider.",
    )
    _version(emergency_beds, "2021", datetime.date(2021, 1, 10), datetime.date(2021, 2, 1), today + days(500))

    hospital = Organisation.objects.filter(name=HOSPITAL).first()
    for spec in ROUTINES:
        kind, *lookup = spec["owner"]
        owner_body = _body(*lookup) if kind == "body" else None
        owner_organisation = None if owner_body else hospital
        status = spec.get("status", Routine.Status.IN_FORCE)
        review_in_days = spec.get("review_in_days")
        routine, _ = Routine.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "title": spec["title"],
                "body": spec["body"],
                "audience": spec["audience"],
                "status": status,
                "owner_body": owner_body,
                "owner_organisation": owner_organisation,
                "approved_on": None if status == Routine.Status.DRAFT else today - days(400),
                "next_review_due": today + days(review_in_days) if review_in_days is not None else None,
            },
        )
        routine.agreements.set([services[point] for point in spec["points"]])
        if spec.get("document"):
            _store_pdf(routine.document, spec["title"], ("Felles rutine for kommunene og Sykehuset Telemark HF.",))

    _link_bodies(framework, services)
    if stdout:
        stdout.write(
            f"  agreements: {Agreement.objects.count()} agreements, {AgreementVersion.objects.count()} versions, "
            f"{Routine.objects.count()} routines"
        )


# --- The partnership's work: the 2025–2026 action plan, pathways, projects ------------------------
#
# Invented for the demo in the spirit of the partnerships' own plans: the four priority patient
# groups of the national health and hospital plan, plus quality and service development.

PLAN_INTRODUCTION = (
    "Planen samler det helsefellesskapet i Telemark vil få til i perioden. Temaene følger de fire "
    "prioriterte pasientgruppene i Nasjonal helse- og samhandlingsplan, og et eget tema for kvalitet og "
    "tjenesteutvikling.\n"
    "\n"
    "Hvert tiltak har en eier, en ansvarlig og en frist. De faglige samarbeidsutvalgene rapporterer "
    "framdrift til strategisk samarbeidsutvalg før hvert møte."
)

# (theme, owning body (part of its name), [(title, description, responsible, deadline in days, status,
#  [(days ago, progress note)], routine slugs, agreement points)])
PLAN_THEMES = [
    (
        "Barn og unge",
        "Faglig samarbeidsutvalg for barn og unge",
        [
            (
                "Felles rutine for barn som pårørende i kommunene og på sykehuset",
                "Barn som pårørende skal fanges opp likt enten forelderen er innlagt eller følges opp hjemme. "
                "Tiltaket lager én felles rutine med kontaktpunkter i hver kommune.",
                "Solveig Bækkelund",
                -40,
                "in_progress",
                [
                    (120, "Utkast til rutine sendt på høring til kommunene."),
                    (30, "Høringssvar fra 11 kommuner er gjennomgått."),
                ],
                [],
                [13],
            ),
            (
                "Samarbeidsmøter om barn med sammensatte behov før skolestart",
                "Helsestasjon, PPT og barneavdelingen avtaler faste møter om barn som trenger tjenester fra begge nivåer.",
                "Anders Løvås",
                200,
                "not_started",
                [],
                [],
                [13],
            ),
        ],
    ),
    (
        "Personer med alvorlige psykiske lidelser og rusproblemer",
        "Faglig samarbeidsutvalg for psykisk helse og rus",
        [
            (
                "Oppfølgingsteam (FACT) i alle regioner",
                "Vest-Telemark og Øst-Telemark får et ambulant team etter modell fra Grenland, med felles "
                "finansiering fra kommunene og helseforetaket.",
                "Tordis Fjellstøyl",
                120,
                "in_progress",
                [
                    (60, "Vest-Telemark har ansatt teamleder."),
                ],
                [],
                [2],
            ),
            (
                "Felles plan for pasienter som skrives ut fra døgnbehandling i rus",
                "Kommunen skal være med i planleggingen minst en uke før utskrivning fra døgnbehandling.",
                "Petter Hølland",
                -15,
                "not_started",
                [],
                ["rutine-for-samarbeid-om-pasienter-med-behov-for-koordinerte-tjenester"],
                [2, 5],
            ),
        ],
    ),
    (
        "Skrøpelige eldre og personer med flere kroniske lidelser",
        "Faglig samarbeidsutvalg for skrøpelige eldre og kronisk syke",
        [
            (
                "Samhandlingsforløpet tas i bruk i alle kommunene",
                "Alle kommunene bruker forløpet fra hjem til sykehus og hjem igjen, med felles sjekklister "
                "for innleggelse og utskrivning.",
                "Ingrid Sæterstøl",
                30,
                "in_progress",
                [(200, "Forløpet er tatt i bruk i Grenland."), (45, "Midt-Telemark og Øst-Telemark er i gang.")],
                ["rutine-for-innleggelse-i-sykehus", "rutine-for-utskrivning-av-utskrivningsklare-pasienter"],
                [3, 5],
            ),
            (
                "Riktig legemiddelliste ved alle overganger",
                "Legemiddellisten følger pasienten ved innleggelse og utskrivning, og fastlegen får den samme dag.",
                "Magnus Ørbekk",
                -60,
                "in_progress",
                [(90, "Kartlegging av avvik om legemidler i 2025 er ferdig.")],
                ["rutine-for-overforing-av-legemiddellister"],
                [5],
            ),
            (
                "Digital hjemmeoppfølging for pasienter med KOLS og hjertesvikt",
                "Se prosjektet Digital hjemmeoppfølging i Telemark.",
                "Jonas Mæland",
                300,
                "in_progress",
                [],
                [],
                [9],
            ),
        ],
    ),
    (
        "Den akuttmedisinske kjeden",
        "Faglig samarbeidsutvalg for akuttmedisinsk kjede",
        [
            (
                "Felles opplæring i akuttmedisin for legevakt og ambulanse",
                "Årlig fagdag og simuleringstrening for legevakt, ambulanse og kommunale akutte døgnplasser.",
                "Live Brårud",
                -120,
                "done",
                [(150, "Fagdagen ble holdt i Skien med 90 deltakere.")],
                [],
                [11],
            ),
            (
                "Revidert beredskapsplan for den akuttmedisinske kjeden",
                "Planen oppdateres etter erfaringene fra øvelsen i 2025.",
                "Åsmund Kvålen",
                -5,
                "stopped",
                [(20, "Stoppet i påvente av ny nasjonal veileder.")],
                [],
                [11],
            ),
        ],
    ),
    (
        "Kvalitet og tjenesteutvikling",
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        [
            (
                "Samhandlingsavvik meldes og følges opp i portalen",
                "Alle parter melder og besvarer samhandlingsavvik i portalen, og kvalitetsutvalget legger fram "
                "årsrapport for strategisk samarbeidsutvalg.",
                "Randi Ødegården",
                -200,
                "done",
                [(240, "Meldeskjemaet er tatt i bruk."), (210, "Første årsrapport er lagt fram.")],
                ["rutine-for-melding-av-samhandlingsavvik"],
                [12],
            ),
            (
                "Stabil PLO-meldingsutveksling og felles reserverutine",
                "Færre brudd i meldingsutvekslingen, og en reserverutine alle kjenner.",
                "Bjørn Sletthølen",
                90,
                "in_progress",
                [(14, "Telefonlisten for reserverutinen er oppdatert.")],
                ["rutine-ved-brudd-i-plo-meldingsutvekslingen"],
                [9],
            ),
        ],
    ),
]

PATHWAY_SUMMARY = (
    "Samhandlingsforløpet beskriver hvordan kommunen, fastlegen og sykehuset samarbeider når en "
    "pasient med kommunale helse- og omsorgstjenester blir lagt inn og skrevet ut igjen. Målet er trygge "
    "overganger: riktig informasjon til rett tid, og at pasienten kommer hjem til tjenester som er klare."
)

# (title, description, documentation, routine slugs, agreement points, contact names, organisation names)
PATHWAY_STEPS = [
    (
        "Hjemme: kommunen følger opp",
        "Hjemmetjenesten og fastlegen kjenner pasienten. Pasienter med behov for koordinerte tjenester har "
        "en koordinator og en oppdatert legemiddelliste.",
        "Individuell plan\nLegemiddelliste fra fastlegen",
        ["rutine-for-samarbeid-om-pasienter-med-behov-for-koordinerte-tjenester"],
        [2],
        ["Ingrid Sæterstøl"],
        [],
    ),
    (
        "Innleggelse i sykehus",
        "Legen som legger inn sender innleggelsesskriv. Hjemmetjenesten sender innleggelsesrapport samme døgn.",
        "Innleggelsesskriv fra lege\nPLO: Innleggelsesrapport\nPLO: Helseopplysninger ved innleggelse",
        ["rutine-for-innleggelse-i-sykehus"],
        [3],
        ["Magnus Ørbekk"],
        ["Sykehuset Telemark HF"],
    ),
    (
        "Under oppholdet",
        "Sykehuset varsler kommunen om innlagt pasient og om forventet behov for tjenester etter utskrivning.",
        "PLO: Melding om innlagt pasient\nPLO: Forespørsel om og svar med helseopplysninger",
        [],
        [5],
        [],
        ["Sykehuset Telemark HF"],
    ),
    (
        "Utskrivning",
        "Sykehuset melder pasienten utskrivningsklar. Kommunen svarer om den kan ta imot, og sykehuset sender "
        "utskrivningsrapport og epikrise.",
        "PLO: Melding om utskrivningsklar pasient\nPLO: Utskrivningsrapport\nEpikrise\nOppdatert legemiddelliste",
        ["rutine-for-utskrivning-av-utskrivningsklare-pasienter", "rutine-for-overforing-av-legemiddellister"],
        [5],
        [],
        ["Sykehuset Telemark HF"],
    ),
    (
        "Hjem igjen",
        "Hjemmetjenesten tar imot pasienten og følger opp legemidler. Fastlegen får epikrisen og vurderer "
        "kontroll. Brudd i meldingsutvekslingen håndteres etter reserverutinen.",
        "Epikrise til fastlegen\nPLO: Helseopplysninger ved utskrivning",
        ["rutine-ved-brudd-i-plo-meldingsutvekslingen", "rutine-for-overforing-av-legemiddellister"],
        [5, 9],
        ["Bjørn Sletthølen"],
        [],
    ),
]

# (title, purpose, owner body (part of name), status, start (days from today), end, contact, document titles)
PROJECTS = [
    (
        "Digital hjemmeoppfølging i Telemark",
        "Pasienter med kols og hjertesvikt måler selv og følges opp av en felles responssentertjeneste, slik at "
        "forverring fanges opp før innleggelse.\n\n- Seks kommuner med i første fase\n- Evaluering våren 2027",
        "Fagråd digital samhandling",
        "ongoing",
        -500,
        220,
        "Jonas Mæland",
        ["Prosjektmandat", "Statusrapport høsten 2026"],
    ),
    (
        "Kompetanseløft i legemiddelhåndtering ved overganger",
        "Felles e-læring og fagdager om legemiddellister for hjemmetjeneste, sykehjem og sykehusposter.",
        "Faglig samarbeidsutvalg for skrøpelige eldre",
        "ongoing",
        -200,
        160,
        "Magnus Ørbekk",
        ["Prosjektmandat"],
    ),
    (
        "Kartlegging av tilbudet til barn som pårørende",
        "Kartla hvordan kommunene og sykehuset fanger opp barn som pårørende, som grunnlag for en felles rutine.",
        "Arbeidsgruppe barn som pårørende",
        "completed",
        -700,
        -250,
        "Solveig Bækkelund",
        ["Sluttrapport"],
    ),
]


def _person(name):
    return Person.objects.filter(name=name).first()


def load_work(stdout=None):
    """The 2025–2026 plan, the home-to-home pathway and its neighbour, and three projects. Idempotent."""
    today = timezone.localdate()
    days = datetime.timedelta
    services = {agreement.law_point: agreement for agreement in Agreement.objects.filter(kind=Agreement.Kind.SERVICE)}
    routines = {routine.slug: routine for routine in Routine.objects.all()}

    projects = {}
    for title, purpose, owner, status, start, end, contact, documents in PROJECTS:
        project, _ = Project.objects.update_or_create(
            title=title,
            defaults={
                "purpose": purpose,
                "owner_body": Body.objects.filter(name__icontains=owner).first(),
                "status": status,
                "starts_on": today + days(start),
                "ends_on": today + days(end),
                "contact": _person(contact),
            },
        )
        projects[title] = project
        for document_title in documents:
            document = project.documents.filter(title=document_title).first() or ProjectDocument(
                project=project, title=document_title, added_on=today + days(start + 30)
            )
            if not document.pk:
                document.document.save(
                    f"{document_title}.pdf",
                    ContentFile(minimal_pdf(f"{title}: {document_title}", ("Demodokument.",))),
                    save=False,
                )
                document.save()

    pathway, _ = Pathway.objects.update_or_create(
        slug="samhandlingsforlopet",
        defaults={
            "title": "Samhandlingsforløpet",
            "summary": PATHWAY_SUMMARY,
            "owner_body": Body.objects.filter(name__icontains="samhandlingsforløpet").first(),
        },
    )
    for position, (title, description, documentation, routine_slugs, points, people, organisations) in enumerate(
        PATHWAY_STEPS, start=1
    ):
        step, _ = PathwayStep.objects.update_or_create(
            pathway=pathway,
            position=position,
            defaults={"title": title, "description": description, "documentation": documentation},
        )
        step.routines.set([routines[slug] for slug in routine_slugs if slug in routines])
        step.agreements.set([services[point] for point in points if point in services])
        step.contacts.set([person for name in people if (person := _person(name))])
        step.organisations.set(Organisation.objects.filter(name__in=organisations))

    acute, _ = Pathway.objects.update_or_create(
        slug="akuttforlop-i-grenland",
        defaults={
            "title": "Akuttforløp i Grenland: legevakt, KAD og sykehus",
            "summary": "Hvem som vurderer pasienten, og når pasienten legges inn på kommunal akutt døgnenhet "
            "(KAD) i stedet for på sykehuset.",
            "owner_body": Body.objects.filter(name__icontains="akutte døgnplasser").first(),
        },
    )
    kad = Agreement.objects.filter(slug="saeravtale-4-1").first()
    for position, (title, description, documentation) in enumerate(
        [
            ("Legevakten vurderer", "Legevaktlegen vurderer om pasienten kan legges inn på KAD.", "Innleggelsesskriv"),
            ("Innleggelse på KAD", "KAD tar imot pasienter etter kriteriene i særavtalen.", "PLO: Innleggelsesrapport"),
            ("Videre til sykehus eller hjem", "Forverring: sykehuset. Ellers hjem med oppfølging.", "Epikrise"),
        ],
        start=1,
    ):
        step, _ = PathwayStep.objects.update_or_create(
            pathway=acute,
            position=position,
            defaults={"title": title, "description": description, "documentation": documentation},
        )
        step.agreements.set([agreement for agreement in (kad, services.get(4)) if agreement])

    plan, _ = Plan.objects.update_or_create(
        slug="2025-2026",
        defaults={
            "title": "Handlingsplan 2025–2026",
            "first_year": 2025,
            "last_year": 2026,
            "status": Plan.Status.ADOPTED,
            "introduction": PLAN_INTRODUCTION,
            "decided_by": Body.objects.filter(kind=Body.Kind.SSU).first(),
            "decided_on": datetime.date(2024, 12, 5),
        },
    )
    Plan.objects.update_or_create(
        slug="2027-2028",
        defaults={
            "title": "Handlingsplan 2027–2028",
            "first_year": 2027,
            "last_year": 2028,
            "status": Plan.Status.DRAFT,
            "introduction": "Utkast til behandling i strategisk samarbeidsutvalg.",
            "decided_by": Body.objects.filter(kind=Body.Kind.SSU).first(),
        },
    )
    editor = User.objects.filter(username="koordinator").first()
    for theme_position, (theme_title, owner, measures) in enumerate(PLAN_THEMES, start=1):
        theme, _ = Theme.objects.update_or_create(plan=plan, title=theme_title, defaults={"position": theme_position})
        owner_body = Body.objects.filter(name__icontains=owner).first()
        for position, (title, description, responsible, due, status, notes, slugs, points) in enumerate(
            measures, start=1
        ):
            measure, _ = Measure.objects.update_or_create(
                title=title,
                defaults={
                    "theme": theme,
                    "position": position,
                    "description": description,
                    "owner_body": owner_body,
                    "responsible": _person(responsible),
                    "deadline": today + days(due),
                    "status": status,
                },
            )
            measure.routines.set([routines[slug] for slug in slugs if slug in routines])
            measure.agreements.set([services[point] for point in points if point in services])
            for days_ago, text in notes:
                ProgressNote.objects.get_or_create(
                    measure=measure, text=text, defaults={"written_on": today - days(days_ago), "created_by": editor}
                )
            if "Samhandlingsforløpet" in title:
                measure.pathways.set([pathway])
            if "hjemmeoppfølging" in title:
                measure.projects.set([projects["Digital hjemmeoppfølging i Telemark"]])
            if "legemiddelliste" in title.lower():
                measure.projects.set([projects["Kompetanseløft i legemiddelhåndtering ved overganger"]])
            if "barn som pårørende" in title:
                measure.projects.set([projects["Kartlegging av tilbudet til barn som pårørende"]])
    if stdout:
        stdout.write(
            f"  work: {Plan.objects.count()} plans, {Measure.objects.count()} measures, "
            f"{Pathway.objects.count()} pathways, {Project.objects.count()} projects"
        )
