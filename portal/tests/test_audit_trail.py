"""One audit trail: every model that matters logs its actions to samhandling.LogEntry, whoever edits it and where."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from agreements.models import Agreement, AgreementVersion, Routine
from contacts.models import Body, Organisation, Person
from deviations import services as deviation_services
from deviations.models import Deviation
from deviations.tests.conftest import make_deviation
from portal import services as portal_services
from portal.models import Event, Link, NewsItem
from portal.tests.conftest import make_news
from samhandling.admin import LoggedAdmin
from samhandling.models import LogEntry, LoggedModel

# The models whose changes the partnership must be able to trace.
LOGGED_MODELS = [Organisation, Person, Body, Agreement, AgreementVersion, Routine, NewsItem, Event, Link]


def test_every_model_that_matters_has_log_action_and_its_admin_writes_the_trail():
    for model in LOGGED_MODELS:
        assert issubclass(model, LoggedModel), model
    # And whatever else becomes a LoggedModel: its admin must log too.
    for model in apps.get_models():
        if issubclass(model, LoggedModel) and model in admin.site._registry:
            assert isinstance(admin.site._registry[model], LoggedAdmin), model


def test_a_deviation_step_writes_one_entry(hospital_handler, skien, hospital):
    deviation = make_deviation(skien, hospital)
    before = deviation.logs().count()
    deviation_services.take(deviation, hospital_handler)
    entry = deviation.logs().last()
    assert deviation.logs().count() == before + 1
    assert (entry.action, entry.user, entry.object_repr) == ("status_changed", hospital_handler, deviation.reference)
    assert entry.data == {"from_status": "received", "to_status": "in_progress"}


def test_publishing_news_writes_one_entry(editor):
    item = make_news("Ny rutine for utskrivning", "draft")
    portal_services.publish(item, editor)
    assert list(item.logs().values_list("action", "user")) == [("published", editor.pk)]


@pytest.mark.parametrize("model", ["organisation", "person", "body", "agreement", "routine", "link"])
def test_an_edit_in_the_admin_writes_one_entry(model, superuser, hospital):
    obj = {
        "organisation": lambda: hospital,
        "person": lambda: Person.objects.create(name="Ola Testesen", organisation=hospital),
        "body": lambda: Body.objects.create(name="Fagråd for fastleger", kind=Body.Kind.PROFESSIONAL_COUNCIL),
        "agreement": lambda: Agreement.objects.create(
            kind=Agreement.Kind.SERVICE, identifier="Tjenesteavtale 5", title="Utskrivning", law_point=5
        ),
        "routine": lambda: Routine.objects.create(
            title="Rutine for utskrivning", status=Routine.Status.IN_FORCE, approved_on=datetime.date(2025, 1, 1)
        ),
        "link": lambda: Link.objects.create(title="Helsenorge", url="https://example.org/", group="patients"),
    }[model]()
    request = RequestFactory().post("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[type(obj)]
    model_admin.log_change(request, obj, [{"changed": {"fields": ["Navn"]}}])
    entry = obj.logs().get()
    assert (entry.action, entry.user, entry.data) == ("changed", superuser, {"fields": ["Navn"], "in_admin": True})


def test_adding_and_deleting_a_link_in_the_admin_is_in_the_editors_change_log(client, superuser, editor):
    client.force_login(superuser)
    response = client.post(
        "/admin/portal/link/add/",
        {"group": Link.Group.values[0], "title": "Helsenorge", "url": "https://example.org/", "description": ""},
    )
    assert response.status_code == 302
    link = Link.objects.get()
    client.post(f"/admin/portal/link/{link.pk}/delete/", {"post": "yes"})
    assert not Link.objects.exists()
    entries = LogEntry.objects.filter(object_repr="Helsenorge").order_by("created_at", "pk")
    assert list(entries.values_list("action", "user")) == [("created", superuser.pk), ("deleted", superuser.pk)]

    client.force_login(editor)
    page = client.get("/redaksjon/").content.decode()
    assert "Helsenorge" in page and "Slettet" in page


def test_the_editors_change_log_never_shows_a_deviations_timeline(client, editor, hospital_handler, skien, hospital):
    deviation = make_deviation(skien, hospital)
    deviation_services.comment(deviation, hospital_handler, "Intern merknad om saken.", visible_to_reporter=False)
    client.force_login(editor)
    page = client.get("/redaksjon/").content.decode()
    assert deviation.reference not in page and "Intern merknad" not in page


def test_the_reporter_sees_only_the_entries_meant_for_them(client, hospital_handler, superuser, skien, hospital):
    deviation = make_deviation(skien, hospital)
    deviation_services.comment(deviation, hospital_handler, "Intern merknad.", visible_to_reporter=False)
    deviation_services.comment(deviation, hospital_handler, "Vi ser på saken.", visible_to_reporter=True)
    request = RequestFactory().post("/admin/")
    request.user = superuser
    admin.site._registry[Deviation].log_deletions(request, [deviation])  # an administrator's step, internal
    seen = [(entry.action, entry.text) for entry in deviation.events.for_reporter()]
    assert seen == [("created", ""), ("comment", "Vi ser på saken.")]
    page = client.get(deviation.receipt_path()).content.decode()
    assert "Vi ser på saken." in page and "Intern merknad." not in page


def test_deleting_a_deviation_keeps_what_the_trail_says_about_it(superuser, skien, hospital):
    deviation = make_deviation(skien, hospital)
    request = RequestFactory().post("/admin/")
    request.user = superuser
    admin.site._registry[Deviation].log_deletions(request, Deviation.objects.filter(pk=deviation.pk))
    Deviation.objects.filter(pk=deviation.pk).delete()
    kept = LogEntry.objects.filter(object_repr=deviation.reference).order_by("created_at", "pk")
    assert list(kept.values_list("action", flat=True)) == ["created", "deleted"]
