"""Demo data for contacts: the Telemark partnership of docs/domain.md and the demo accounts.

Idempotent: every object is looked up by a natural key and updated, never duplicated.
The people are invented (no real person is copied); addresses are example.org.
The body tree has the usual shape of a partnership (partnerskapsmøte -> SSU -> FSU -> groups), and
the Grenland steering group has a kommunedirektør and a tillitsvalgt per municipality.
"""

import datetime
import os

from django.contrib.auth.models import Group

from contacts import demo_units, roles
from contacts.models import Body, Membership, Organisation, Person, Region, Role, User
from samhandling.text import norwegian_slugify

REGIONS = {
    "Grenland": ["Skien", "Porsgrunn", "Bamble", "Kragerø", "Drangedal", "Siljan"],
    "Midt-Telemark": ["Midt-Telemark", "Nome"],
    "Øst-Telemark": ["Notodden", "Tinn", "Hjartdal"],
    "Vest-Telemark": ["Vinje", "Tokke", "Kviteseid", "Seljord", "Nissedal", "Fyresdal"],
}

# (username, role group or None for superuser, organisation name or None)
ACCOUNTS = [
    ("admin", None, None),
    ("redaktor", roles.EDITOR, "Sykehuset Telemark HF"),
    ("koordinator", roles.COORDINATOR, "Skien kommune"),
    ("kvalitet", roles.QUALITY_COMMITTEE, "Sykehuset Telemark HF"),
    ("sthf", roles.HANDLER, "Sykehuset Telemark HF"),
    ("skien", roles.HANDLER, "Skien kommune"),
    ("porsgrunn", roles.HANDLER, "Porsgrunn kommune"),
]


def _municipality(name, region, **extra):
    slug_name = norwegian_slugify(name)
    defaults = {
        "kind": Organisation.Kind.MUNICIPALITY,
        "region": region,
        "email": f"postmottak@{slug_name}.kommune.example.org",
        "deviation_email": f"samhandlingsavvik@{slug_name}.kommune.example.org",
        "plo_fallback_phone": extra.pop("plo_fallback_phone", ""),
        **extra,
    }
    organisation, _ = Organisation.objects.update_or_create(name=f"{name} kommune", defaults=defaults)
    return organisation


def load(stdout=None):
    regions = {name: Region.objects.update_or_create(name=name)[0] for name in REGIONS}
    for number, (region_name, municipalities) in enumerate(REGIONS.items()):
        for index, name in enumerate(municipalities):
            _municipality(name, regions[region_name], plo_fallback_phone=f"35 {50 + number:02d} {10 + index:02d} 00")

    # The merged municipalities of Midt-Telemark are kept as history (Bø and Sauherad became Midt-Telemark in 2020).
    midt = Organisation.objects.get(name="Midt-Telemark kommune")
    Organisation.objects.filter(pk=midt.pk).update(valid_from=datetime.date(2020, 1, 1))
    for old in ("Bø", "Sauherad"):
        _municipality(
            old,
            regions["Midt-Telemark"],
            merged_into=midt,
            valid_to=datetime.date(2019, 12, 31),
        )

    Organisation.objects.update_or_create(
        name="Sykehuset Telemark HF",
        defaults={
            "kind": Organisation.Kind.HOSPITAL_TRUST,
            "email": "postmottak@sthf.example.org",
            "deviation_email": "samhandlingsavvik@sthf.example.org",
            "plo_fallback_phone": "35 00 35 00",
            "website": "https://sthf.example.org/",
        },
    )

    Organisation.objects.update_or_create(
        name="Fjordglimt legesenter",
        defaults={"kind": Organisation.Kind.GP_OFFICE, "region": regions["Grenland"], "phone": "35 51 77 00"},
    )

    password = os.environ.get("DEMO_PASSWORD", "demo")
    for username, role, organisation_name in ACCOUNTS:
        user, _created = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.org"
        user.organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
        user.is_superuser = user.is_staff = role is None
        if role == roles.COORDINATOR:
            user.is_staff = True  # coordinators maintain contacts in the admin
        user.set_password(password)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
    people = _load_people(regions)
    _load_bodies(regions, people)
    # The demo coordinator, editor and hospital handler are people in the directory too.
    for username, name in (("koordinator", "Ingrid Sæterstøl"), ("redaktor", "Nora Bråten"), ("sthf", "Synne Åkre")):
        Person.objects.filter(user__username=username).exclude(name=name).update(user=None)
        Person.objects.filter(name=name).update(user=User.objects.get(username=username))
    # Units, services and meetings (contacts.demo_units): after the people they place in units.
    demo_units.load(stdout=stdout)
    if stdout:
        stdout.write(
            f"  contacts: {Region.objects.count()} regions, {Organisation.objects.count()} organisations, "
            f"{Person.objects.count()} people, {Body.objects.count()} bodies"
        )


# --- People -----------------------------------------------------------------------------

# (name, title, organisation, department, [(role kind, region name or None, organisation name or None, note)])
PEOPLE = [
    # The four regional samhandlingskoordinatorer, financed jointly by the region and the hospital.
    (
        "Ingrid Sæterstøl",
        "Samhandlingskoordinator",
        "Skien kommune",
        "",
        [(Role.Kind.COORDINATOR, "Grenland", None, "")],
    ),
    (
        "Tordis Fjellstøyl",
        "Samhandlingskoordinator",
        "Vinje kommune",
        "",
        [(Role.Kind.COORDINATOR, "Vest-Telemark", None, "")],
    ),
    (
        "Øyvind Håkedal",
        "Samhandlingskoordinator",
        "Midt-Telemark kommune",
        "",
        [(Role.Kind.COORDINATOR, "Midt-Telemark", None, "")],
    ),
    (
        "Åsmund Kvålen",
        "Samhandlingskoordinator",
        "Notodden kommune",
        "",
        [(Role.Kind.COORDINATOR, "Øst-Telemark", None, "")],
    ),
    # Samhandlingsleger (praksiskonsulenter, PKO, until 2024): GPs in small posts at the hospital.
    (
        "Magnus Ørbekk",
        "Fastlege og samhandlingslege",
        "Sykehuset Telemark HF",
        "Samhandlingsavdelingen",
        [(Role.Kind.COLLABORATION_DOCTOR, None, "Sykehuset Telemark HF", "medisinske fag")],
    ),
    (
        "Live Brårud",
        "Fastlege og samhandlingslege",
        "Sykehuset Telemark HF",
        "Samhandlingsavdelingen",
        [(Role.Kind.COLLABORATION_DOCTOR, None, "Sykehuset Telemark HF", "psykisk helse og rus")],
    ),
    # Kreftkoordinatorer and a kreftsykepleier in the municipalities.
    (
        "Hanne Skjærvø",
        "Kreftkoordinator",
        "Porsgrunn kommune",
        "Hjemmetjenesten",
        [(Role.Kind.CANCER_COORDINATOR, None, "Porsgrunn kommune", "")],
    ),
    (
        "Kjell Årdal",
        "Kreftkoordinator",
        "Bamble kommune",
        "",
        [(Role.Kind.CANCER_COORDINATOR, None, "Bamble kommune", "")],
    ),
    (
        "Sigrun Tveitå",
        "Kreftkoordinator",
        "Vinje kommune",
        "",
        [(Role.Kind.CANCER_COORDINATOR, "Vest-Telemark", "Vinje kommune", "også Tokke")],
    ),
    (
        "Marte Nygård",
        "Kreftkoordinator",
        "Notodden kommune",
        "",
        [(Role.Kind.CANCER_COORDINATOR, None, "Notodden kommune", "")],
    ),
    ("Eirik Dølen", "Kreftsykepleier", "Kragerø kommune", "", [(Role.Kind.CANCER_NURSE, None, "Kragerø kommune", "")]),
    # Barneansvarlig helsepersonell.
    (
        "Solveig Bækkelund",
        "Barneansvarlig psykologspesialist",
        "Sykehuset Telemark HF",
        "Klinikk for psykisk helse og rus",
        [(Role.Kind.CHILD_RESPONSIBLE, None, "Sykehuset Telemark HF", "")],
    ),
    (
        "Anders Løvås",
        "Helsesykepleier",
        "Skien kommune",
        "",
        [(Role.Kind.CHILD_RESPONSIBLE, None, "Skien kommune", "")],
    ),
    # Koordinerende enhet for habilitering og rehabilitering.
    (
        "Randi Ødegården",
        "Rådgiver",
        "Sykehuset Telemark HF",
        "Koordinerende enhet for habilitering og rehabilitering",
        [(Role.Kind.COORDINATING_UNIT, None, "Sykehuset Telemark HF", "")],
    ),
    (
        "Petter Hølland",
        "Fagkonsulent",
        "Skien kommune",
        "Tildelingskontoret",
        [(Role.Kind.COORDINATING_UNIT, None, "Skien kommune", "")],
    ),
    # Electronic messaging (the hospital's technology and e-health staff).
    (
        "Bjørn Sletthølen",
        "Meldingsansvarlig",
        "Sykehuset Telemark HF",
        "Teknologi og eHelse",
        [(Role.Kind.MESSAGING_CONTACT, None, "Sykehuset Telemark HF", "")],
    ),
    # The web editorial team: two from the municipalities, two from the hospital.
    (
        "Nora Bråten",
        "Kommunikasjonsrådgiver",
        "Sykehuset Telemark HF",
        "Kommunikasjon",
        [(Role.Kind.WEB_EDITOR, None, None, "")],
    ),
    (
        "Jonas Mæland",
        "Rådgiver",
        "Sykehuset Telemark HF",
        "Samhandlingsavdelingen",
        [(Role.Kind.WEB_EDITOR, None, None, "")],
    ),
    ("Kari Vågslid", "Kommunikasjonsrådgiver", "Porsgrunn kommune", "", [(Role.Kind.WEB_EDITOR, None, None, "")]),
    ("Emil Sandåker", "Rådgiver", "Skien kommune", "", [(Role.Kind.WEB_EDITOR, None, None, "")]),
    # Leaders and representatives who sit in the bodies.
    ("Nils Årvik", "Administrerende direktør", "Sykehuset Telemark HF", "", []),
    ("Oda Grønnå", "Hovedtillitsvalgt", "Sykehuset Telemark HF", "", []),
    ("Tove Ålien", "Brukerrepresentant", None, "", []),
    ("Mathias Fløtten", "Fastlege", "Fjordglimt legesenter", "", []),
    ("Arne Østbø", "Kommunedirektør", "Skien kommune", "", []),
    ("Berit Flåten", "Hovedtillitsvalgt", "Skien kommune", "", []),
    ("Dag Ravnås", "Kommunedirektør", "Porsgrunn kommune", "", []),
    ("Eva Kjærstad", "Hovedtillitsvalgt", "Porsgrunn kommune", "", []),
    ("Frode Bølviken", "Kommunedirektør", "Bamble kommune", "", []),
    ("Gunn Strømsæther", "Hovedtillitsvalgt", "Bamble kommune", "", []),
    ("Halvor Tåsåsen", "Kommunedirektør", "Kragerø kommune", "", []),
    ("Ida Lønnestad", "Hovedtillitsvalgt", "Kragerø kommune", "", []),
    ("Jostein Heggås", "Kommunedirektør", "Drangedal kommune", "", []),
    ("Kristin Øverland", "Hovedtillitsvalgt", "Drangedal kommune", "", []),
    ("Lars Myrås", "Kommunedirektør", "Siljan kommune", "", []),
    ("Mona Fjærestad", "Hovedtillitsvalgt", "Siljan kommune", "", []),
    ("Ragnar Kvisle", "Kommunalsjef helse og omsorg", "Skien kommune", "", []),
    ("Synne Åkre", "Klinikksjef", "Sykehuset Telemark HF", "Medisinsk klinikk", []),
    ("Vegard Tjønnås", "Kommunalsjef helse og velferd", "Porsgrunn kommune", "", []),
]


def _email(name, organisation):
    local = norwegian_slugify(name).replace("-", ".")
    if organisation is None:
        return f"{local}@example.org"
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        domain = norwegian_slugify(organisation.short_name) + ".kommune"
    elif organisation.kind == Organisation.Kind.HOSPITAL_TRUST:
        domain = "sthf"
    else:
        domain = norwegian_slugify(organisation.name)
    return f"{local}@{domain}.example.org"


def _load_people(regions):
    organisations = {org.name: org for org in Organisation.objects.all()}
    people = {}
    for number, (name, title, organisation_name, department, person_roles) in enumerate(PEOPLE):
        organisation = organisations.get(organisation_name)
        person, _created = Person.objects.update_or_create(
            name=name,
            defaults={
                "title": title,
                "organisation": organisation,
                "department": department,
                "email": _email(name, organisation),
                # Landline-style numbers only: invented mobile numbers would belong to real people.
                "phone": f"35 5{number // 100} {number % 100:02d} 00",
                "mobile": "",
            },
        )
        for kind, region_name, role_organisation, note in person_roles:
            Role.objects.update_or_create(
                person=person,
                kind=kind,
                region=regions.get(region_name),
                organisation=organisations.get(role_organisation),
                defaults={"note": note},
            )
        people[name] = person
    return people


# --- Bodies -----------------------------------------------------------------------------

# (name, kind, parent name, region name, meeting frequency, mandate)
BODIES = [
    (
        "Partnerskapsmøtet",
        Body.Kind.PARTNERSHIP_MEETING,
        None,
        None,
        "Én gang i året",
        (
            "Den politiske og administrative toppledelsen i kommunene og helseforetaket, med bruker- og "
            "fastlegerepresentanter. Møtet staker ut retningen for helsefellesskapet og forankrer den i eierne."
        ),
    ),
    (
        "Strategisk samarbeidsutvalg (SSU)",
        Body.Kind.SSU,
        "Partnerskapsmøtet",
        None,
        "Fire ganger i året",
        (
            "Administrativ og faglig ledelse fra kommunene og helseforetaket, med bruker og fastlege. Utvalget "
            "lager strategier og handlingsplaner, følger opp samarbeidsavtalen og tjenesteavtalene og gir "
            "oppdrag til de faglige samarbeidsutvalgene."
        ),
    ),
    (
        "Sekretariatet for helsefellesskapet",
        Body.Kind.OTHER,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Hver uke",
        "Forbereder sakene til SSU og partnerskapsmøtet og holder orden på avtaler, rutiner og avvik.",
    ),
    (
        "Faglig samarbeidsutvalg for barn og unge",
        Body.Kind.FSU,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Fire ganger i året",
        (
            "Fagfolk fra kommunene og helseforetaket, med bruker og fastlege. Utvikler prosedyrer og "
            "tjenestemodeller for barn og unge som trenger tjenester fra begge nivåene."
        ),
    ),
    (
        "Faglig samarbeidsutvalg for psykisk helse og rus",
        Body.Kind.FSU,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Fire ganger i året",
        "Utvikler felles tjenestemodeller for personer med alvorlige psykiske lidelser og rusproblemer.",
    ),
    (
        "Faglig samarbeidsutvalg for skrøpelige eldre og kronisk syke",
        Body.Kind.FSU,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Fire ganger i året",
        "Arbeider for trygge overganger for eldre med flere sykdommer, fra hjem til sykehus og hjem igjen.",
    ),
    (
        "Faglig samarbeidsutvalg for akuttmedisinsk kjede",
        Body.Kind.FSU,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Fire ganger i året",
        "Samordner legevakt, ambulanse, kommunale akutte døgnplasser og akuttmottaket.",
    ),
    (
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        Body.Kind.FSU,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Fire ganger i året",
        (
            "Rådgiver for SSU om kompetanseutvikling og kvalitet. Går gjennom samhandlingsavvikene for å lære "
            "av dem, reviderer avtalene og rutinen for samhandlingsavvik, og arrangerer samhandlingskonferansen. "
            "En representant fra hver kommune og klinikk, en fastlege og en brukerrepresentant."
        ),
    ),
    (
        "Arbeidsgruppe barn som pårørende",
        Body.Kind.WORKING_GROUP,
        "Faglig samarbeidsutvalg for barn og unge",
        None,
        "Etter behov",
        "Lager felles rutine for å ivareta barn som pårørende når en forelder blir lagt inn.",
    ),
    (
        "Arbeidsgruppe samhandlingsforløpet",
        Body.Kind.WORKING_GROUP,
        "Faglig samarbeidsutvalg for skrøpelige eldre og kronisk syke",
        None,
        "Hver måned",
        "Beskriver forløpet fra hjem til hjem sammen med brukere og finner ut hvor det svikter.",
    ),
    (
        "Arbeidsgruppe kommunale akutte døgnplasser",
        Body.Kind.WORKING_GROUP,
        "Faglig samarbeidsutvalg for akuttmedisinsk kjede",
        None,
        "Etter behov",
        "Følger opp bruken av de kommunale akutte døgnplassene og innleggelsene derfra.",
    ),
    (
        "Fagråd for koordinerende enheter (tjenesteavtale 2)",
        Body.Kind.PROFESSIONAL_COUNCIL,
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        None,
        "Tre ganger i året",
        "Nettverk for koordinerende enheter i kommunene og helseforetaket: individuell plan og koordinator.",
    ),
    (
        "Fagråd for jordmortjenester (tjenesteavtale 8)",
        Body.Kind.PROFESSIONAL_COUNCIL,
        "Faglig samarbeidsutvalg for barn og unge",
        None,
        "To ganger i året",
        "Samarbeid om et sammenhengende svangerskaps-, fødsels- og barseltilbud.",
    ),
    (
        "Fagråd digital samhandling (tjenesteavtale 9)",
        Body.Kind.PROFESSIONAL_COUNCIL,
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        None,
        "Hver måned",
        "Elektronisk meldingsutveksling, PLO-meldinger og rutinene når meldingene ikke kommer fram.",
    ),
    (
        "Fagråd for forebygging (tjenesteavtale 10)",
        Body.Kind.PROFESSIONAL_COUNCIL,
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        None,
        "To ganger i året",
        "Samarbeid om forebygging og folkehelse mellom kommunene og helseforetaket.",
    ),
    (
        "Webredaksjonen",
        Body.Kind.EDITORIAL_TEAM,
        "Strategisk samarbeidsutvalg (SSU)",
        None,
        "Annenhver uke",
        "Holder samhandlingsportalen oppdatert: nyheter, arrangementer og at kontaktlistene stemmer.",
    ),
    (
        "Styringsgruppe for samhandling i Grenland",
        Body.Kind.STEERING_GROUP,
        None,
        "Grenland",
        "Seks ganger i året",
        (
            "Legger føringene for samhandlingen i Grenland og prioriterer innenfor rammene fra bystyrene, "
            "kommunestyrene og styret i helseforetaket. Bestiller samhandlingstiltak og sørger for at de blir "
            "organisert og bemannet."
        ),
    ),
    (
        "Arbeidsgruppe Skien og Porsgrunn",
        Body.Kind.WORKING_GROUP,
        "Styringsgruppe for samhandling i Grenland",
        "Grenland",
        "Hver måned",
        "Setter styringsgruppens beslutninger ut i livet, forankrer dem i egen organisasjon og foreslår nye tiltak.",
    ),
    (
        "Arbeidsgruppe Bamble, Kragerø, Drangedal og Siljan",
        Body.Kind.WORKING_GROUP,
        "Styringsgruppe for samhandling i Grenland",
        "Grenland",
        "Hver måned",
        "Setter styringsgruppens beslutninger ut i livet, forankrer dem i egen organisasjon og foreslår nye tiltak.",
    ),
]

P = Membership.Position
# (body, person, position, representing organisation name or None, started, ended)
MEMBERSHIPS = [
    ("Styringsgruppe for samhandling i Grenland", "Nils Årvik", P.LEADER, "Sykehuset Telemark HF", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Oda Grønnå",
        P.UNION_REPRESENTATIVE,
        "Sykehuset Telemark HF",
        None,
        None,
    ),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Arne Østbø",
        P.MEMBER,
        "Skien kommune",
        datetime.date(2024, 1, 1),
        None,
    ),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Ragnar Kvisle",
        P.MEMBER,
        "Skien kommune",
        datetime.date(2019, 1, 1),
        datetime.date(2023, 12, 31),
    ),
    ("Styringsgruppe for samhandling i Grenland", "Berit Flåten", P.UNION_REPRESENTATIVE, "Skien kommune", None, None),
    ("Styringsgruppe for samhandling i Grenland", "Dag Ravnås", P.DEPUTY_LEADER, "Porsgrunn kommune", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Eva Kjærstad",
        P.UNION_REPRESENTATIVE,
        "Porsgrunn kommune",
        None,
        None,
    ),
    ("Styringsgruppe for samhandling i Grenland", "Frode Bølviken", P.MEMBER, "Bamble kommune", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Gunn Strømsæther",
        P.UNION_REPRESENTATIVE,
        "Bamble kommune",
        None,
        None,
    ),
    ("Styringsgruppe for samhandling i Grenland", "Halvor Tåsåsen", P.MEMBER, "Kragerø kommune", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Ida Lønnestad",
        P.UNION_REPRESENTATIVE,
        "Kragerø kommune",
        None,
        None,
    ),
    ("Styringsgruppe for samhandling i Grenland", "Jostein Heggås", P.MEMBER, "Drangedal kommune", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Kristin Øverland",
        P.UNION_REPRESENTATIVE,
        "Drangedal kommune",
        None,
        None,
    ),
    ("Styringsgruppe for samhandling i Grenland", "Lars Myrås", P.MEMBER, "Siljan kommune", None, None),
    (
        "Styringsgruppe for samhandling i Grenland",
        "Mona Fjærestad",
        P.UNION_REPRESENTATIVE,
        "Siljan kommune",
        None,
        None,
    ),
    ("Styringsgruppe for samhandling i Grenland", "Ingrid Sæterstøl", P.SECRETARY, None, None, None),
    ("Arbeidsgruppe Skien og Porsgrunn", "Ragnar Kvisle", P.LEADER, "Skien kommune", datetime.date(2024, 1, 1), None),
    ("Arbeidsgruppe Skien og Porsgrunn", "Vegard Tjønnås", P.MEMBER, "Porsgrunn kommune", None, None),
    ("Arbeidsgruppe Skien og Porsgrunn", "Synne Åkre", P.MEMBER, "Sykehuset Telemark HF", None, None),
    ("Arbeidsgruppe Skien og Porsgrunn", "Ingrid Sæterstøl", P.SECRETARY, None, None, None),
    ("Partnerskapsmøtet", "Nils Årvik", P.LEADER, "Sykehuset Telemark HF", None, None),
    ("Partnerskapsmøtet", "Arne Østbø", P.MEMBER, "Skien kommune", None, None),
    ("Partnerskapsmøtet", "Tove Ålien", P.USER_REPRESENTATIVE, None, None, None),
    ("Partnerskapsmøtet", "Mathias Fløtten", P.GP, "Fjordglimt legesenter", None, None),
    ("Strategisk samarbeidsutvalg (SSU)", "Dag Ravnås", P.LEADER, "Porsgrunn kommune", None, None),
    ("Strategisk samarbeidsutvalg (SSU)", "Synne Åkre", P.DEPUTY_LEADER, "Sykehuset Telemark HF", None, None),
    ("Strategisk samarbeidsutvalg (SSU)", "Tove Ålien", P.USER_REPRESENTATIVE, None, None, None),
    ("Strategisk samarbeidsutvalg (SSU)", "Magnus Ørbekk", P.GP, "Sykehuset Telemark HF", None, None),
    ("Strategisk samarbeidsutvalg (SSU)", "Oda Grønnå", P.UNION_REPRESENTATIVE, "Sykehuset Telemark HF", None, None),
    ("Sekretariatet for helsefellesskapet", "Ingrid Sæterstøl", P.MEMBER, "Skien kommune", None, None),
    ("Sekretariatet for helsefellesskapet", "Tordis Fjellstøyl", P.MEMBER, "Vinje kommune", None, None),
    ("Sekretariatet for helsefellesskapet", "Øyvind Håkedal", P.MEMBER, "Midt-Telemark kommune", None, None),
    ("Sekretariatet for helsefellesskapet", "Åsmund Kvålen", P.MEMBER, "Notodden kommune", None, None),
    ("Sekretariatet for helsefellesskapet", "Jonas Mæland", P.LEADER, "Sykehuset Telemark HF", None, None),
    (
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        "Vegard Tjønnås",
        P.LEADER,
        "Porsgrunn kommune",
        None,
        None,
    ),
    (
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        "Synne Åkre",
        P.MEMBER,
        "Sykehuset Telemark HF",
        None,
        None,
    ),
    (
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        "Mathias Fløtten",
        P.GP,
        "Fjordglimt legesenter",
        None,
        None,
    ),
    (
        "Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling",
        "Tove Ålien",
        P.USER_REPRESENTATIVE,
        None,
        None,
        None,
    ),
    ("Faglig samarbeidsutvalg for kvalitet og tjenesteutvikling", "Tordis Fjellstøyl", P.SECRETARY, None, None, None),
    ("Faglig samarbeidsutvalg for barn og unge", "Solveig Bækkelund", P.LEADER, "Sykehuset Telemark HF", None, None),
    ("Faglig samarbeidsutvalg for barn og unge", "Anders Løvås", P.MEMBER, "Skien kommune", None, None),
    (
        "Fagråd digital samhandling (tjenesteavtale 9)",
        "Bjørn Sletthølen",
        P.LEADER,
        "Sykehuset Telemark HF",
        None,
        None,
    ),
    ("Fagråd digital samhandling (tjenesteavtale 9)", "Åsmund Kvålen", P.MEMBER, "Notodden kommune", None, None),
    (
        "Fagråd for koordinerende enheter (tjenesteavtale 2)",
        "Randi Ødegården",
        P.LEADER,
        "Sykehuset Telemark HF",
        None,
        None,
    ),
    ("Fagråd for koordinerende enheter (tjenesteavtale 2)", "Petter Hølland", P.MEMBER, "Skien kommune", None, None),
    ("Webredaksjonen", "Nora Bråten", P.LEADER, "Sykehuset Telemark HF", None, None),
    ("Webredaksjonen", "Jonas Mæland", P.MEMBER, "Sykehuset Telemark HF", None, None),
    ("Webredaksjonen", "Kari Vågslid", P.MEMBER, "Porsgrunn kommune", None, None),
    ("Webredaksjonen", "Emil Sandåker", P.MEMBER, "Skien kommune", None, None),
]


def _load_bodies(regions, people):
    organisations = {org.name: org for org in Organisation.objects.all()}
    bodies = {}
    for sort_order, (name, kind, parent, region_name, frequency, mandate) in enumerate(BODIES):
        bodies[name], _created = Body.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "parent": bodies[parent] if parent else None,
                "region": regions.get(region_name),
                "meeting_frequency": frequency,
                "mandate": mandate,
                "sort_order": sort_order,
            },
        )
    for body, person, position, representing, started_on, ended_on in MEMBERSHIPS:
        Membership.objects.update_or_create(
            body=bodies[body],
            person=people[person],
            position=position,
            defaults={
                "representing": organisations.get(representing),
                "started_on": started_on,
                "ended_on": ended_on,
            },
        )
