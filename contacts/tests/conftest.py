"""A small partnership for the contacts tests, and a way to make it large.

The people are invented; the one surname from the issue's example ("Bitustøyl") is used
only as a search term's target, with an invented first name.
"""

import datetime

import pytest

from contacts.models import Body, Membership, Organisation, Person, Region, Role, Unit
from samhandling.text import fold, norwegian_sort_key


@pytest.fixture
def vest_telemark(db):
    return Region.objects.get_or_create(name="Vest-Telemark")[0]


@pytest.fixture
def vinje(vest_telemark):
    return Organisation.objects.create(
        name="Vinje kommune",
        kind=Organisation.Kind.MUNICIPALITY,
        region=vest_telemark,
        deviation_email="avvik@vinje.kommune.example.org",
        plo_fallback_phone="35 06 20 00",
        phone="35 06 20 01",
    )


@pytest.fixture
def people(grenland, vest_telemark, skien, vinje, hospital):
    """Five people with roles in two regions; returns them by short name."""
    ragna = Person.objects.create(
        name="Ragna Bitustøyl",
        title="Samhandlingskoordinator",
        organisation=vinje,
        email="ragna.bitustoyl@vinje.kommune.example.org",
        phone="35 06 20 10",
        mobile="+47 400 00 001",
    )
    Role.objects.create(person=ragna, kind=Role.Kind.COORDINATOR, region=vest_telemark)
    ingrid = Person.objects.create(
        name="Ingrid Sæterstøl",
        title="Rådgiver",
        organisation=skien,
        email="ingrid@skien.example.org",
        phone="35 58 10 00",
    )
    Role.objects.create(person=ingrid, kind=Role.Kind.COORDINATOR, region=grenland)
    magnus = Person.objects.create(name="Magnus Ørbekk", title="Fastlege", organisation=hospital)
    Role.objects.create(person=magnus, kind=Role.Kind.COLLABORATION_DOCTOR, organisation=hospital)
    hanne = Person.objects.create(name="Hanne Skjærvø", title="Sykepleier", organisation=skien)
    Role.objects.create(person=hanne, kind=Role.Kind.CANCER_COORDINATOR, organisation=skien)
    åse = Person.objects.create(name="Åse Li", title="Helsesykepleier", organisation=vinje)
    for person in (ragna, ingrid, magnus, hanne, åse):
        person.refresh_from_db()
    return {"ragna": ragna, "ingrid": ingrid, "magnus": magnus, "hanne": hanne, "åse": åse}


@pytest.fixture
def steering_group(grenland, people, skien, hospital):
    """Grenland's steering group with a leader, a member, a past member and a sub-group."""
    group = Body.objects.create(
        name="Styringsgruppe for samhandling i Grenland",
        kind=Body.Kind.STEERING_GROUP,
        region=grenland,
        mandate="Legger føringene for samhandlingen i regionen.",
        meeting_frequency="Seks ganger i året",
    )
    Body.objects.create(name="Arbeidsgruppe Skien og Porsgrunn", kind=Body.Kind.WORKING_GROUP, parent=group)
    Membership.objects.create(
        person=people["magnus"], body=group, position=Membership.Position.LEADER, representing=hospital
    )
    Membership.objects.create(person=people["ingrid"], body=group, position=Membership.Position.SECRETARY)
    Membership.objects.create(
        person=people["hanne"],
        body=group,
        position=Membership.Position.UNION_REPRESENTATIVE,
        representing=skien,
        started_on=datetime.date(2018, 1, 1),
        ended_on=datetime.date(2022, 12, 31),
    )
    return group


def bulk_people(count, organisation, region, body=None):
    """`count` people (with a role each, and a seat in `body`) made with bulk_create, search columns filled."""
    people = []
    for number in range(count):
        name = f"Testperson {number:04d} Østli"
        document = f"Kreftkoordinator · {organisation.name}"
        people.append(
            Person(
                name=name,
                title="Kreftkoordinator",
                organisation=organisation,
                email=f"person{number}@example.org",
                phone="35 50 10 00",
                sort_key=norwegian_sort_key(name),
                search_document=document,
                search_text=fold(f"{name} {document} {region.name}"),
            )
        )
    people = Person.objects.bulk_create(people)
    Role.objects.bulk_create(
        Role(person=person, kind=Role.Kind.CANCER_COORDINATOR, region=region, organisation=organisation)
        for person in people
    )
    if body:
        Membership.objects.bulk_create(Membership(person=person, body=body) for person in people)
    return people


@pytest.fixture
def allocation_office(porsgrunn):
    """Porsgrunn's tildelingskontor, with its phones as people type them."""
    return Unit.objects.create(
        organisation=porsgrunn,
        name="Tildelingskontoret",
        kind=Unit.Kind.ALLOCATION_OFFICE,
        phone="35 99 01 17",
        direct_phone="+47 35 99 01 18",
        plo_fallback_phone="35990119",
        email="tildeling@porsgrunn.example.org",
        opening_hours="Hverdager 08.00–15.30",
        when_to_call="Ring oss om pasienter som skal skrives ut og trenger nye tjenester.",
    )


@pytest.fixture
def hospital_units(hospital):
    """Sykehuset Telemark → Medisinsk klinikk → Sengepost 3."""
    clinic = Unit.objects.create(organisation=hospital, name="Medisinsk klinikk", kind=Unit.Kind.CLINIC)
    ward = Unit.objects.create(
        organisation=hospital, parent=clinic, name="Sengepost 3", kind=Unit.Kind.WARD, phone="35 99 02 00"
    )
    return {"clinic": clinic, "ward": ward}


def bulk_units(count, organisation, parent=None):
    """`count` units of `organisation` made with bulk_create, search columns filled."""
    units = []
    for number in range(count):
        name = f"Testenhet {number:04d}"
        units.append(
            Unit(
                organisation=organisation,
                parent=parent,
                name=name,
                slug=f"testenhet-{organisation.pk}-{number}",
                kind=Unit.Kind.OTHER,
                phone="35 99 00 00",
                plo_fallback_phone="35 99 00 01",
                sort_key=norwegian_sort_key(name),
                search_document=organisation.name,
                search_text=fold(f"{name} {organisation.name}"),
            )
        )
    return Unit.objects.bulk_create(units)
