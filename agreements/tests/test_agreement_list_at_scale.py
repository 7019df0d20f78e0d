"""/avtaler/ at national size: each agreement links to its routines instead of listing them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import views
from agreements.models import Routine
from agreements.tests.conftest import make_routine, make_service

pytestmark = pytest.mark.django_db


def test_each_agreement_names_its_first_routines_and_links_to_all_in_force(client, discharge_agreement):
    shown = views.ROUTINES_ON_AGREEMENT_LIST
    for number in range(shown + 2):
        make_routine(f"Rutine nummer {number:02}", agreements=[discharge_agreement])
    make_routine("Utkast", status=Routine.Status.DRAFT, agreements=[discharge_agreement])
    make_routine("Arkivert", status=Routine.Status.ARCHIVED, agreements=[discharge_agreement])
    page = client.get("/avtaler/").content.decode()
    assert f'href="/rutiner/?avtale={discharge_agreement.slug}">Alle {shown + 2} rutiner i kraft</a>' in page
    assert page.count("Rutine nummer") == shown
    assert "Utkast" not in page and "Arkivert" not in page


def test_a_few_routines_are_all_named_without_a_link(client, discharge_agreement):
    make_routine("Rutine for mottak", agreements=[discharge_agreement])
    page = client.get("/avtaler/").content.decode()
    assert "Rutine for mottak" in page
    assert "?avtale=" not in page


def test_the_link_leads_to_the_same_routines(client, discharge_agreement):
    make_routine("Rutine for mottak", agreements=[discharge_agreement])
    make_routine("Rutine for en annen avtale", agreements=[make_service(3)])
    listed = client.get("/rutiner/", {"avtale": discharge_agreement.slug}).context["page"].object_list
    assert [routine.title for routine in listed] == ["Rutine for mottak"]


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/avtaler/")
    return len(queries)


def test_the_list_costs_the_same_queries_however_many_routines(client, discharge_agreement):
    few = _queries(client)
    for number in range(20):
        make_routine(f"Rutine {number}", agreements=[discharge_agreement, make_service(3 + number % 5)])
    assert _queries(client) == few <= 2
