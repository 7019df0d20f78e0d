"""The demo partnership: invented people, four coordinators, the body tree, idempotent."""

from django.core.management import call_command

from contacts.models import Body, Meeting, Membership, Organisation, Person, Region, Role, Service, Unit, User


def test_load_demo_builds_the_partnership_and_can_run_twice(db):
    call_command("load_demo")
    counts = (Person.objects.count(), Role.objects.count(), Body.objects.count(), Membership.objects.count())
    call_command("load_demo")
    assert (Person.objects.count(), Role.objects.count(), Body.objects.count(), Membership.objects.count()) == counts
    # Every region has its coordinator; the demo koordinator is Grenland's.
    coordinators = Role.objects.filter(kind=Role.Kind.COORDINATOR)
    assert sorted(coordinators.values_list("region__name", flat=True)) == sorted(
        Region.objects.values_list("name", flat=True)
    )
    assert len(coordinators) == 4
    koordinator = User.objects.get(username="koordinator")
    assert koordinator.person.roles.get(kind=Role.Kind.COORDINATOR).region.name == "Grenland"
    for kind in (
        Role.Kind.COLLABORATION_DOCTOR,
        Role.Kind.CANCER_COORDINATOR,
        Role.Kind.CHILD_RESPONSIBLE,
        Role.Kind.COORDINATING_UNIT,
        Role.Kind.WEB_EDITOR,
    ):
        assert Role.objects.filter(kind=kind).exists(), kind
    # Invented people only, at example.org.
    assert not Person.objects.exclude(email__endswith="example.org").exists()


def test_the_demo_body_tree_goes_from_partnership_meeting_to_working_groups(db):
    call_command("load_demo")
    roots = Body.objects.tree()
    meeting = next(body for body in roots if body.kind == Body.Kind.PARTNERSHIP_MEETING)
    ssu = meeting.child_nodes[0]
    assert ssu.kind == Body.Kind.SSU
    fsus = [body for body in ssu.child_nodes if body.kind == Body.Kind.FSU]
    assert len(fsus) == 5
    assert any(child.kind == Body.Kind.WORKING_GROUP for fsu in fsus for child in fsu.child_nodes)
    grenland = Body.objects.get(name="Styringsgruppe for samhandling i Grenland")
    members = grenland.memberships.not_ended()
    # A kommunedirektør and a tillitsvalgt from each of Grenland's six municipalities.
    assert members.filter(position=Membership.Position.UNION_REPRESENTATIVE).count() == 7
    assert grenland.memberships.past().exists()


def test_the_demo_has_units_services_and_meetings_with_invented_numbers(db):
    call_command("load_demo")
    counts = (Unit.objects.count(), Service.objects.count(), Meeting.objects.count())
    call_command("load_demo")
    assert (Unit.objects.count(), Service.objects.count(), Meeting.objects.count()) == counts
    office = Unit.objects.get(organisation__name="Porsgrunn kommune", name="Tildelingskontoret")
    assert office.plo_fallback_phone and office.when_to_call
    ward = Unit.objects.get(organisation__name="Sykehuset Telemark HF", name="Sengepost 3")
    assert ward.parent.name == "Medisinsk klinikk"
    # A koordinerende enhet in every current municipality, each a service in the catalogue too.
    municipalities = Organisation.objects.current().filter(kind=Organisation.Kind.MUNICIPALITY)
    for municipality in municipalities:
        unit = municipality.units.get(kind=Unit.Kind.COORDINATING_UNIT)
        assert unit.services.get().municipalities.get() == municipality
    assert set(Service.objects.values_list("kind", flat=True)) >= {
        Service.Kind.AMBULANT_TEAM,
        Service.Kind.LEARNING_AND_COPING,
        Service.Kind.COORDINATING_UNIT,
        Service.Kind.REHABILITATION,
        Service.Kind.CONTRACT_SPECIALIST,
    }
    # Every number of a unit or service is in the demo's invented block.
    for row in [*Unit.objects.all(), *Service.objects.all()]:
        for number in (getattr(row, name, "") for name in ("phone", "direct_phone", "plo_fallback_phone")):
            assert not number or number.as_e164.startswith("+473599"), (row, number)
    # Minutes for the meetings held, none for those to come.
    held = Meeting.objects.past()
    assert held.exists() and not held.filter(minutes="").exists()
    assert Meeting.objects.upcoming().exists() and not Meeting.objects.upcoming().exclude(minutes="").exists()
