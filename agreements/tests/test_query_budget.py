"""Every page renders with the same bounded number of queries with a handful of rows or thousands."""

import datetime

import pytest

from agreements.models import Agreement, AgreementVersion, Routine
from agreements.tests.conftest import make_routine, make_service, make_version
from contacts.models import Body
from samhandling.text import norwegian_sort_key

pytestmark = pytest.mark.django_db

SIZES = {"small": 3, "large": 2000}


@pytest.fixture(params=SIZES, ids=list(SIZES))
def data(request, today, hospital):
    """A discharge agreement with sub-agreements, versions, routines and bodies: n of each."""
    n = SIZES[request.param]
    discharge = make_service(5)
    make_version(discharge, "2023", datetime.date(2023, 1, 1), today + datetime.timedelta(days=10))
    routine = make_routine("Rutine for utskrivning", agreements=[discharge], owner_organisation=hospital)
    subs = Agreement.objects.bulk_create(
        Agreement(
            kind=Agreement.Kind.SUB,
            identifier=f"Særavtale 5.{i}",
            title=f"Særavtale {i}",
            slug=f"sa-5-{i}",
            parent=discharge,
        )
        for i in range(n // 10 + 1)
    )
    AgreementVersion.objects.bulk_create(
        AgreementVersion(
            agreement=discharge if i % 2 else subs[i % len(subs)],
            label=f"v{i}",
            adopted_on=datetime.date(2000, 1, 1),
            in_force_from=datetime.date(2000, 1, 1) + datetime.timedelta(days=i),
            next_revision_due=today + datetime.timedelta(days=i % 120),
            document="avtaler/x.pdf",
            changes="Endret",
        )
        for i in range(n)
    )
    routines = Routine.objects.bulk_create(
        Routine(
            title=f"Rutine {i} om utskrivning",
            slug=f"rutine-{i}",
            sort_key=norwegian_sort_key(f"Rutine {i} om utskrivning"),
            body="Utskrivningsklare pasienter",
            body_text="Utskrivningsklare pasienter",
            status=[Routine.Status.IN_FORCE, Routine.Status.DRAFT, Routine.Status.ARCHIVED][i % 3],
            audience=["sykehus", "fastlege"],
            owner_organisation=hospital,
            approved_on=datetime.date(2025, 1, 1),
            next_review_due=today + datetime.timedelta(days=i % 120),
        )
        for i in range(n)
    )
    Routine.agreements.through.objects.bulk_create(
        Routine.agreements.through(routine_id=r.pk, agreement_id=discharge.pk) for r in routines
    )
    bodies = Body.objects.bulk_create(
        Body(name=f"Fagråd {i}", slug=f"fagrad-{i}", kind=Body.Kind.PROFESSIONAL_COUNCIL) for i in range(n // 10 + 1)
    )
    Body.agreements.through.objects.bulk_create(
        Body.agreements.through(body_id=b.pk, agreement_id=discharge.pk) for b in bodies
    )
    return {"agreement": discharge, "routine": routine}


# Logged in as a coordinator, the most expensive persona: session, user and role groups are
# 3 of each budget.
BUDGETS = [
    # agreements with their version in force (subqueries), routines in force (prefetch)
    ("/avtaler/", 5),
    # agreement, versions, sub-agreements, routines, bodies, and the count of this year's
    # deviations touching the agreement (deviations.statistics.agreement_summary), the pathways using it
    ("/avtaler/tjenesteavtale-5/", 10),
    # filter form's agreements, count, page, prefetch agreements
    ("/rutiner/", 7),
    # + search stems, the chosen agreement
    ("/rutiner/?q=utskrivningsklare&avtale=tjenesteavtale-5&malgruppe=sykehus&status=alle", 9),
    # routine with owners, its agreements, the pathways using it
    ("/rutiner/rutine-for-utskrivning/", 6),
    # agreements due, agreements without version, routines due
    ("/avtaler/til-revisjon/", 6),
    # agreement
    ("/avtaler/tjenesteavtale-5/ny-versjon/", 4),
]


@pytest.mark.parametrize("url, budget", BUDGETS)
def test_page_stays_within_its_query_budget(client, coordinator, data, url, budget, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200


def test_readers_pages_cost_no_more(client, data, django_assert_max_num_queries):
    for url, budget in BUDGETS[:5]:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
