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
from agreements.models import Agreement, AgreementVersion, Routine
from contacts.models import Body, Organisation

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
