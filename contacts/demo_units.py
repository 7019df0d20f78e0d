"""Demo units, services and meetings for the Telemark partnership (called by contacts.demo.load).

The structure follows what the seeds say exists (clinics and wards at the hospital; a
tildelingskontor, a legevakt, home care and a koordinerende enhet in the municipalities; KAD
beds, the LMS, ambulant teams, avtalespesialister); every text here is written for the demo.
Every phone number is in the block 35 99 00 00–35 99 99 99 and invented: the demo uses no other
numbers for units and services, so a number from this block on a page is recognisably demo data.
Idempotent: each object is found by its natural key and updated.
"""

import datetime
import itertools
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.utils import timezone

from contacts.models import Body, Meeting, Organisation, Person, Service, Unit
from samhandling.pdf import minimal_pdf
from samhandling.text import norwegian_slugify

HOSPITAL = "Sykehuset Telemark HF"
HSO = "Helse Sør-Øst RHF"


def _numbers() -> Iterator[str]:
    """35 99 01 00, 35 99 01 01, ...: the demo's invented block, one number each."""
    for n in itertools.count(100):
        yield f"35 99 {n // 100:02d} {n % 100:02d}"


OPEN_DAYTIME = "Hverdager 08.00–15.30"
OPEN_ALWAYS = "Hele døgnet, alle dager"

# (organisation, parent unit name or None, unit name, kind, opening hours, when to call, email local part or "")
UnitRow = tuple[str | None, str, str, str, str, str]
HOSPITAL_UNITS: list[UnitRow] = [
    (None, "Medisinsk klinikk", Unit.Kind.CLINIC, "", "", ""),
    (
        "Medisinsk klinikk",
        "Sengepost 3",
        Unit.Kind.WARD,
        OPEN_ALWAYS,
        "Ring vaktrommet før utskrivning hvis dere trenger mer tid til å forberede mottak, "
        "eller hvis noe i utskrivningsmeldingen er uklart.",
        "",
    ),
    (
        "Medisinsk klinikk",
        "Sengepost 5 geriatri",
        Unit.Kind.WARD,
        OPEN_ALWAYS,
        "For spørsmål om eldre pasienter som er innlagt, og om legemiddellisten ved utskrivning.",
        "",
    ),
    (
        "Medisinsk klinikk",
        "Medisinsk poliklinikk",
        Unit.Kind.OUTPATIENT_CLINIC,
        OPEN_DAYTIME,
        "Timeendringer og spørsmål om innkalling. Henvisninger sendes elektronisk, ikke på telefon.",
        "medpol",
    ),
    (
        "Medisinsk klinikk",
        "Ambulant geriatrisk team",
        Unit.Kind.AMBULANT_TEAM,
        OPEN_DAYTIME,
        "Når en hjemmeboende eldre med flere sykdommer trenger vurdering hjemme, før det blir en innleggelse.",
        "",
    ),
    (None, "Kirurgisk klinikk", Unit.Kind.CLINIC, "", "", ""),
    (
        "Kirurgisk klinikk",
        "Ortopedisk sengepost",
        Unit.Kind.WARD,
        OPEN_ALWAYS,
        "Ring før utskrivning om hjelpemidler og oppfølging av sår og gips.",
        "",
    ),
    (
        "Kirurgisk klinikk",
        "Sårpoliklinikken",
        Unit.Kind.OUTPATIENT_CLINIC,
        OPEN_DAYTIME,
        "Hjemmesykepleien kan ringe for råd om vanskelige sår; bilder sendes bare gjennom godkjente kanaler.",
        "",
    ),
    (None, "Klinikk for psykisk helse og rus", Unit.Kind.CLINIC, "", "", ""),
    (
        "Klinikk for psykisk helse og rus",
        "Ambulant akutteam",
        Unit.Kind.AMBULANT_TEAM,
        OPEN_ALWAYS,
        "Ved akutt forverring hos en pasient som er kjent for teamet, eller etter avtale med legevakten.",
        "",
    ),
    (
        "Klinikk for psykisk helse og rus",
        "FACT-team Grenland",
        Unit.Kind.AMBULANT_TEAM,
        OPEN_DAYTIME,
        "For pasienter teamet følger: når avtaler må endres, eller når dere er bekymret.",
        "",
    ),
    (
        None,
        "Lærings- og mestringssenteret",
        Unit.Kind.LEARNING_CENTRE,
        OPEN_DAYTIME,
        "Spørsmål om kurs, påmelding og plass for pårørende.",
        "lms",
    ),
    (
        None,
        "Koordinerende enhet for habilitering og rehabilitering",
        Unit.Kind.COORDINATING_UNIT,
        OPEN_DAYTIME,
        "Når en pasient trenger individuell plan eller koordinator på tvers av sykehus og kommune.",
        "koordinerende.enhet",
    ),
    (
        None,
        "Palliativt team",
        Unit.Kind.AMBULANT_TEAM,
        OPEN_DAYTIME,
        "Råd om lindrende behandling hjemme eller på sykehjem, også om smertepumpe.",
        "",
    ),
]

# Units of the municipalities of Grenland that the demo fills in; every current municipality
# also gets its koordinerende enhet (below).
MUNICIPAL_UNITS: dict[str, list[UnitRow]] = {
    "Porsgrunn kommune": [
        (
            None,
            "Tildelingskontoret",
            Unit.Kind.ALLOCATION_OFFICE,
            OPEN_DAYTIME,
            "Ring oss om pasienter som skal skrives ut og trenger nye eller endrede tjenester, "
            "og når PLO-meldinger ikke kommer fram. Søknader om tjenester sendes skriftlig.",
            "tildeling",
        ),
        (
            None,
            "Legevakt",
            Unit.Kind.EMERGENCY_ROOM,
            OPEN_ALWAYS,
            "For helsepersonell: direktenummeret går utenom køen. Publikum ringer 116 117.",
            "",
        ),
        (
            None,
            "Hjemmesykepleien",
            Unit.Kind.HOME_CARE,
            OPEN_ALWAYS,
            "Vakthavende sykepleier tar imot beskjeder om pasienter som kommer hjem i dag.",
            "",
        ),
        ("Hjemmesykepleien", "Hjemmesykepleien sone øst", Unit.Kind.HOME_CARE, OPEN_ALWAYS, "", ""),
        ("Hjemmesykepleien", "Hjemmesykepleien sone vest", Unit.Kind.HOME_CARE, OPEN_ALWAYS, "", ""),
        (
            None,
            "Korttidsavdelingen",
            Unit.Kind.NURSING_HOME,
            OPEN_ALWAYS,
            "Korttids- og rehabiliteringsopphold etter sykehus. Plass avtales med tildelingskontoret.",
            "",
        ),
    ],
    "Skien kommune": [
        (
            None,
            "Tildelingskontoret",
            Unit.Kind.ALLOCATION_OFFICE,
            OPEN_DAYTIME,
            "Ring om utskrivningsklare pasienter og om vedtak som må endres før pasienten kommer hjem.",
            "tildeling",
        ),
        (
            None,
            "Legevakten i Grenland",
            Unit.Kind.EMERGENCY_ROOM,
            OPEN_ALWAYS,
            "Interkommunal legevakt. Helsepersonell bruker direktenummeret; publikum ringer 116 117.",
            "",
        ),
        (
            None,
            "KAD Grenland",
            Unit.Kind.NURSING_HOME,
            OPEN_ALWAYS,
            "Kommunale akutte døgnplasser. Legen ringer før innleggelse, slik at plassen kan avklares.",
            "",
        ),
        (
            None,
            "Hjemmesykepleien",
            Unit.Kind.HOME_CARE,
            OPEN_ALWAYS,
            "Vakthavende sykepleier tar imot beskjeder om pasienter som kommer hjem i dag.",
            "",
        ),
    ],
    "Bamble kommune": [
        (
            None,
            "Tildelingskontoret",
            Unit.Kind.ALLOCATION_OFFICE,
            OPEN_DAYTIME,
            "Ring om utskrivningsklare pasienter og nye tjenester.",
            "tildeling",
        ),
        (None, "Hjemmesykepleien", Unit.Kind.HOME_CARE, OPEN_ALWAYS, "", ""),
    ],
}

# Existing demo people placed in the units they work in: (person, organisation, unit).
PEOPLE_IN_UNITS = [
    ("Petter Hølland", "Skien kommune", "Tildelingskontoret"),
    ("Hanne Skjærvø", "Porsgrunn kommune", "Hjemmesykepleien"),
    ("Randi Ødegården", HOSPITAL, "Koordinerende enhet for habilitering og rehabilitering"),
    ("Synne Åkre", HOSPITAL, "Medisinsk klinikk"),
    ("Solveig Bækkelund", HOSPITAL, "Klinikk for psykisk helse og rus"),
]

GRENLAND = [
    "Skien kommune",
    "Porsgrunn kommune",
    "Bamble kommune",
    "Kragerø kommune",
    "Drangedal kommune",
    "Siljan kommune",
]

# (name, kind, target group, provider, provider unit, municipalities ([] = the whole area), summary, how to refer, contact)
ServiceRow = tuple[str, str, str, str, str | None, list[str], str, str, str]
SERVICES: list[ServiceRow] = [
    (
        "Ambulant akutteam",
        Service.Kind.AMBULANT_TEAM,
        Service.TargetGroup.MENTAL_HEALTH,
        HOSPITAL,
        "Ambulant akutteam",
        GRENLAND,
        "Akutt vurdering og kortvarig oppfølging hjemme for voksne i psykisk krise, som et alternativ til innleggelse.",
        "Fastlege eller legevaktlege ringer teamet direkte. Teamet avgjør sammen med legen om de rykker ut.",
        "Vakthavende i teamet, hele døgnet.",
    ),
    (
        "FACT-team Grenland",
        Service.Kind.AMBULANT_TEAM,
        Service.TargetGroup.MENTAL_HEALTH,
        HOSPITAL,
        "FACT-team Grenland",
        GRENLAND,
        "Langvarig, oppsøkende behandling og oppfølging for personer med alvorlig psykisk lidelse og rusproblemer, "
        "i et team der kommunen og sykehuset arbeider sammen.",
        "Henvisning fra fastlege, spesialisthelsetjenesten eller kommunens psykiske helsetjeneste. Drøft gjerne med "
        "teamet først.",
        "Teamkoordinator på hverdager.",
    ),
    (
        "Ambulant geriatrisk team",
        Service.Kind.AMBULANT_TEAM,
        Service.TargetGroup.ELDERLY,
        HOSPITAL,
        "Ambulant geriatrisk team",
        [],
        "Geriater og sykepleier vurderer hjemmeboende eldre med sammensatte sykdommer, fall eller kognitiv svikt, "
        "sammen med hjemmetjenesten.",
        "Elektronisk henvisning fra fastlegen. Skriv hva dere ønsker vurdert, og hvem i hjemmetjenesten som følger opp.",
        "Sykepleier i teamet, hverdager 08–15.",
    ),
    (
        "Palliativt team",
        Service.Kind.AMBULANT_TEAM,
        Service.TargetGroup.EVERYONE,
        HOSPITAL,
        "Palliativt team",
        [],
        "Råd og veiledning om lindrende behandling og symptomlindring, hjemme, på sykehjem eller i sykehus.",
        "Helsepersonell ringer teamet for råd. Besøk hjemme avtales etter henvisning fra lege.",
        "",
    ),
    (
        "Sårpoliklinikk",
        Service.Kind.OTHER,
        Service.TargetGroup.ADULTS,
        HOSPITAL,
        "Sårpoliklinikken",
        [],
        "Behandling av kroniske og kompliserte sår, og veiledning til hjemmesykepleien.",
        "Elektronisk henvisning fra fastlege. Hjemmesykepleien kan ringe for råd uten henvisning.",
        "",
    ),
    (
        "Kurs for deg med diabetes type 2",
        Service.Kind.LEARNING_AND_COPING,
        Service.TargetGroup.ADULTS,
        HOSPITAL,
        "Lærings- og mestringssenteret",
        [],
        "Dagskurs om kosthold, aktivitet, blodsukker og legemidler, laget sammen med brukere. Pårørende kan være med.",
        "Pasienten melder seg på selv, eller fastlegen henviser. Ingen egenandel for pårørende.",
        "Lærings- og mestringssenteret, hverdager.",
    ),
    (
        "Hjerteskolen",
        Service.Kind.LEARNING_AND_COPING,
        Service.TargetGroup.ADULTS,
        HOSPITAL,
        "Lærings- og mestringssenteret",
        [],
        "Kurs for personer med hjertesykdom og deres pårørende: å leve med sykdommen, trening og hverdagsliv.",
        "Tilbys under eller etter innleggelse; fastlegen kan også henvise.",
        "",
    ),
    (
        "KOLS-skole",
        Service.Kind.LEARNING_AND_COPING,
        Service.TargetGroup.ADULTS,
        HOSPITAL,
        "Lærings- og mestringssenteret",
        [],
        "Kurs om pust, fysisk aktivitet, forverringer og egenbehandlingsplan for personer med kols.",
        "Henvisning fra fastlege eller lungepoliklinikken.",
        "",
    ),
    (
        "Mestringskurs for foreldre til barn med langvarig sykdom",
        Service.Kind.LEARNING_AND_COPING,
        Service.TargetGroup.CHILDREN,
        HOSPITAL,
        "Lærings- og mestringssenteret",
        [],
        "Samlinger for foreldre om å leve med et barn som har en langvarig sykdom eller funksjonsnedsettelse.",
        "Foreldrene melder seg på selv; helsesykepleier eller fastlege kan tipse om kurset.",
        "",
    ),
    (
        "Koordinerende enhet i spesialisthelsetjenesten",
        Service.Kind.COORDINATING_UNIT,
        Service.TargetGroup.EVERYONE,
        HOSPITAL,
        "Koordinerende enhet for habilitering og rehabilitering",
        [],
        "Hjelper pasienter som trenger langvarige og koordinerte tjenester med individuell plan og koordinator i sykehuset.",
        "Melding fra behandlende avdeling, fastlege eller kommunens koordinerende enhet.",
        "Rådgiver i koordinerende enhet.",
    ),
    (
        "Døgnrehabilitering etter sykehusopphold",
        Service.Kind.REHABILITATION,
        Service.TargetGroup.ELDERLY,
        "Porsgrunn kommune",
        "Korttidsavdelingen",
        ["Porsgrunn kommune"],
        "Tidsavgrenset opphold med trening og oppfølging for å komme hjem igjen etter sykehus.",
        "Sykehuset melder behov i PLO-meldingen; tildelingskontoret fatter vedtak.",
        "Tildelingskontoret i Porsgrunn.",
    ),
    (
        "Hverdagsrehabilitering",
        Service.Kind.REHABILITATION,
        Service.TargetGroup.ELDERLY,
        "Skien kommune",
        "Hjemmesykepleien",
        ["Skien kommune"],
        "Intensiv trening i eget hjem i noen uker, med mål pasienten selv setter, for å mestre hverdagen igjen.",
        "Søknad til tildelingskontoret; fastlege eller hjemmetjeneste kan foreslå det.",
        "",
    ),
    (
        "KAD Grenland",
        Service.Kind.EMERGENCY_BEDS,
        Service.TargetGroup.ADULTS,
        "Skien kommune",
        "KAD Grenland",
        ["Skien kommune", "Porsgrunn kommune", "Siljan kommune"],
        "Kommunale akutte døgnplasser for pasienter som trenger innleggelse, men ikke sykehus.",
        "Lege (fastlege eller legevakt) ringer før innleggelse; kriteriene står i rutinen for tjenesteavtale 4.",
        "Ansvarshavende sykepleier, hele døgnet.",
    ),
    (
        "Avtalespesialister",
        Service.Kind.CONTRACT_SPECIALIST,
        Service.TargetGroup.EVERYONE,
        HSO,
        None,
        [],
        "Privatpraktiserende spesialister med avtale med Helse Sør-Øst, blant annet i psykiatri, psykologi, øye og "
        "øre-nese-hals. De er en del av spesialisthelsetjenesten.",
        "Henvis elektronisk direkte til spesialisten. Henvisningen vurderes som andre henvisninger til "
        "spesialisthelsetjenesten.",
        "Oversikten over avtalespesialister finnes hos Helse Sør-Øst.",
    ),
]


def load(stdout=None) -> None:
    numbers = _numbers()
    organisations = {org.name: org for org in Organisation.objects.current()}
    hso, _created = Organisation.objects.update_or_create(
        name=HSO, defaults={"kind": Organisation.Kind.OTHER, "website": "https://helse-sorost.example.org/"}
    )
    organisations[HSO] = hso
    units: dict[tuple[str, str], Unit] = {}

    def add(organisation_name: str, parent: str | None, name: str, kind: str, hours: str, when: str, email: str):
        organisation = organisations[organisation_name]
        domain = (
            "sthf"
            if organisation.kind == Organisation.Kind.HOSPITAL_TRUST
            else (norwegian_slugify(organisation.short_name) + ".kommune")
        )
        wards_and_offices = kind in (
            Unit.Kind.WARD,
            Unit.Kind.ALLOCATION_OFFICE,
            Unit.Kind.HOME_CARE,
            Unit.Kind.NURSING_HOME,
            Unit.Kind.EMERGENCY_ROOM,
        )
        unit, _created = Unit.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "parent": units.get((organisation_name, parent)) if parent else None,
                "kind": kind,
                "phone": next(numbers) if kind != Unit.Kind.CLINIC else "",
                "direct_phone": next(numbers) if wards_and_offices else "",
                # Those who receive PLO messages have a number for when the messages do not come.
                "plo_fallback_phone": next(numbers) if wards_and_offices else "",
                "email": f"{email}@{domain}.example.org" if email else "",
                "opening_hours": hours,
                "when_to_call": when,
                "address": "",
            },
        )
        units[(organisation_name, name)] = unit

    for parent, name, kind, hours, when, email in HOSPITAL_UNITS:
        add(HOSPITAL, parent, name, kind, hours, when, email)
    for organisation_name, rows in MUNICIPAL_UNITS.items():
        for parent, name, kind, hours, when, email in rows:
            add(organisation_name, parent, name, kind, hours, when, email)
    municipalities = sorted(
        (org for org in organisations.values() if org.kind == Organisation.Kind.MUNICIPALITY), key=lambda o: o.sort_key
    )
    for municipality in municipalities:
        add(
            municipality.name,
            None,
            "Koordinerende enhet",
            Unit.Kind.COORDINATING_UNIT,
            OPEN_DAYTIME,
            "Når en innbygger trenger individuell plan, koordinator eller langvarige tjenester fra flere steder.",
            "koordinerende.enhet",
        )

    # The switchboards the PLO list shows beside the units, where none is registered.
    for organisation in [organisations[HOSPITAL], *municipalities]:
        if not organisation.phone:
            Organisation.objects.filter(pk=organisation.pk).update(phone=next(numbers))

    for person_name, organisation_name, unit_name in PEOPLE_IN_UNITS:
        unit = units[(organisation_name, unit_name)]
        for person in Person.objects.filter(name=person_name, unit__isnull=True):
            person.unit = unit
            person.save()

    for name, service_kind, target, provider, provider_unit, covered, summary, how, contact in SERVICES:
        service, _created = Service.objects.update_or_create(
            name=name,
            defaults={
                "kind": service_kind,
                "target_group": target,
                "provider": organisations[provider],
                "provider_unit": units[(provider, provider_unit)] if provider_unit else None,
                "summary": summary,
                "how_to_refer": how,
                "contact": contact,
                "phone": units[(provider, provider_unit)].phone if provider_unit else "",
            },
        )
        service.municipalities.set([organisations[name] for name in covered])
    for municipality in municipalities:
        unit = units[(municipality.name, "Koordinerende enhet")]
        service, _created = Service.objects.update_or_create(
            name=f"Koordinerende enhet i {municipality.short_name}",
            defaults={
                "kind": Service.Kind.COORDINATING_UNIT,
                "target_group": Service.TargetGroup.EVERYONE,
                "provider": municipality,
                "provider_unit": unit,
                "summary": "Kommunens kontaktpunkt for individuell plan, koordinator og habilitering og rehabilitering.",
                "how_to_refer": "Innbyggeren, pårørende eller helsepersonell tar kontakt; søknad om tjenester går skriftlig.",
                "contact": "",
                "phone": unit.phone,
                "email": unit.email,
            },
        )
        service.municipalities.set([municipality])

    meetings = _load_meetings()
    if stdout:
        stdout.write(
            f"  units and services: {Unit.objects.count()} units, {Service.objects.count()} services, "
            f"{meetings} meetings"
        )


# The bodies that publish their meetings in the demo, with the month-day of their four meetings a year.
MEETING_BODIES = {
    "Strategisk samarbeidsutvalg (SSU)": ["03-12", "06-11", "09-17", "12-10"],
    "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling": ["02-18", "05-20", "08-26", "11-25"],
    "Faglig samarbeidsutvalg for skrøpelige eldre og kronisk syke": ["01-28", "04-22", "09-09", "12-02"],
}
AGENDA = (
    "1. Godkjenning av innkalling og referat\n"
    "2. Orienteringssaker fra kommunene og sykehuset\n"
    "3. Samhandlingsavvik siden forrige møte\n"
    "4. Revisjon av rutiner\n"
    "5. Eventuelt"
)


def _load_meetings() -> int:
    """Last year's, this year's and next year's meetings; minutes for those already held."""
    now = timezone.now()
    year = timezone.localdate().year
    count = 0
    for body in Body.objects.filter(name__in=MEETING_BODIES):
        for each_year in (year - 1, year, year + 1):
            for month_day in MEETING_BODIES[body.name]:
                month, day = (int(part) for part in month_day.split("-"))
                starts = timezone.make_aware(datetime.datetime(each_year, month, day, 10, 0))
                meeting, _created = Meeting.objects.update_or_create(
                    body=body,
                    starts_at=starts,
                    defaults={
                        "ends_at": starts + datetime.timedelta(hours=3),
                        "place": "Teams" if month in (1, 2, 8) else "Sykehuset Telemark, møterom Kirkeparken",
                        "agenda": AGENDA,
                    },
                )
                if starts < now and not meeting.minutes:
                    title = f"Referat {body.name} {starts:%d.%m.%Y}"
                    content = minimal_pdf(title[:80], ("Demodata: referatet er oppdiktet.",))
                    meeting.minutes.save("referat.pdf", ContentFile(content), save=True)
                count += 1
    return count
