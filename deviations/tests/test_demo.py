"""load_demo's deviations: a realistic spread, loaded once, that the demo accounts can work with."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from contacts.models import Organisation, User
from deviations import demo
from deviations.models import ANSWERED_IN_TIME, ANSWERED_LATE, Deviation, DeviationEvent, Measure


def test_the_demo_gives_every_status_both_kinds_both_directions_and_is_idempotent(db, client):
    call_command("load_demo")
    first = list(Deviation.objects.order_by("reference").values_list("reference", "status", "kind"))
    call_command("load_demo")
    assert list(Deviation.objects.order_by("reference").values_list("reference", "status", "kind")) == first
    assert len(first) == demo.COUNT
    assert {status for _, status, _ in first} == set(Deviation.Status.values)
    assert {kind for _, _, kind in first} == set(Deviation.Kind.values)
    hospital = Organisation.objects.get(name=demo.HOSPITAL)
    assert Deviation.objects.filter(concerned_organisation=hospital).count() > 100
    assert Deviation.objects.filter(reporter_organisation=hospital).count() > 60
    assert Deviation.objects.overdue().exists()
    assert Deviation.objects.filter(ANSWERED_IN_TIME).count() > Deviation.objects.filter(ANSWERED_LATE).count() > 0
    two_years_ago = timezone.now() - datetime.timedelta(days=731)
    assert not Deviation.objects.filter(received_at__lt=two_years_ago).exists()
    # Every report has its "created" event, and every answer is in the timeline.
    assert DeviationEvent.objects.filter(action="created").count() == demo.COUNT
    assert (
        DeviationEvent.objects.filter(action="answered").count()
        == Deviation.objects.filter(answered_at__isnull=False).count()
    )

    for username in ("sthf", "skien", "porsgrunn", "kvalitet"):
        client.force_login(User.objects.get(username=username))
        response = client.get("/avvik/")
        assert response.status_code == 200
        assert response.context["counts"]["total"] >= 10, username
        assert client.get(response.context["page"].object_list[0].get_absolute_url()).status_code == 200


def test_the_demo_handler_finds_cases_given_to_the_clinic_under_mine(db, client):
    call_command("load_demo")
    given = Deviation.objects.filter(assigned_unit__name="Medisinsk klinikk", assigned_to__isnull=True)
    assert given.count() == 3
    assert DeviationEvent.objects.filter(action="assigned", object_id__in=given.values("pk")).count() == 3
    client.force_login(User.objects.get(username="sthf"))  # Synne Åkre, of Medisinsk klinikk
    mine = client.get("/avvik/", {"vis": "mine"}).context["page"].object_list  # open, oldest deadline first
    assert set(given.values_list("reference", flat=True)) <= {deviation.reference for deviation in mine}


def test_the_demo_is_the_same_every_time(db):
    call_command("load_demo")
    descriptions = list(Deviation.objects.order_by("received_at").values_list("reporter_name", "category", "status"))
    Deviation.objects.all().delete()
    from deviations.models import ReferenceCounter

    ReferenceCounter.objects.all().delete()
    demo.load()
    assert (
        list(Deviation.objects.order_by("received_at").values_list("reporter_name", "category", "status"))
        == descriptions
    )


def test_the_demo_handlers_classified_most_reports_without_an_agreement_but_not_all(db):
    call_command("load_demo")
    total = Deviation.objects.count()
    chosen_by_reporters = Deviation.objects.filter(original_agreement__isnull=False).count()
    after = Deviation.objects.filter(agreement__isnull=False).count()
    print(f"\nReports with an agreement: {chosen_by_reporters} of {total} as reported, {after} after classification")
    assert chosen_by_reporters < after < total
    assert after / total > 0.8
    reclassified = Deviation.objects.filter(reclassified=True)
    assert reclassified.count() == after - chosen_by_reporters
    assert DeviationEvent.objects.filter(action="classified").count() == reclassified.count()
    # Only cases a handler has looked at were classified.
    assert not reclassified.filter(status=Deviation.Status.RECEIVED).exists()
    assert Measure.objects.exists() and Deviation.objects.exclude(reporter_verdict="").exists()
