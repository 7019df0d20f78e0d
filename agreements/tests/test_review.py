"""The coordinators' list of agreements and routines overdue or due for review within 90 days."""

import datetime

import pytest

from agreements.models import Agreement, Routine
from agreements.tests.conftest import make_routine, make_service, make_version

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def agreements_due(today):
    overdue = make_service(3)
    make_version(overdue, "2019", datetime.date(2019, 1, 1), today - 10 * DAY)
    soon = make_service(5)
    make_version(soon, "2023", datetime.date(2023, 1, 1), today + 90 * DAY)
    later = make_service(9)
    make_version(later, "2023", datetime.date(2023, 1, 1), today + 91 * DAY)
    # Its old version was overdue; the version in force now is not: only the version in force counts.
    renewed = make_service(12)
    make_version(renewed, "2019", datetime.date(2019, 1, 1), today - 100 * DAY)
    make_version(renewed, "2026", today - 5 * DAY, today + 1000 * DAY)
    # A coming version does not rescue the one in force from being overdue.
    coming = make_service(2)
    make_version(coming, "2019", datetime.date(2019, 1, 1), today - 1 * DAY)
    make_version(coming, "2027", today + 30 * DAY, today + 1000 * DAY)
    return {"overdue": overdue, "soon": soon, "later": later, "renewed": renewed, "coming": coming}


def test_agreements_overdue_or_due_within_90_days_are_listed_soonest_first(agreements_due):
    assert [a.identifier for a in Agreement.objects.due_for_revision()] == [
        "Tjenesteavtale 3",
        "Tjenesteavtale 2",
        "Tjenesteavtale 5",
    ]


def test_routines_in_force_overdue_or_due_within_90_days_are_listed(today):
    make_routine("Forfalt", next_review_due=today - DAY)
    make_routine("Snart", next_review_due=today + 90 * DAY)
    make_routine("Senere", next_review_due=today + 91 * DAY)
    make_routine("Uten dato")
    make_routine("Arkivert og forfalt", status=Routine.Status.ARCHIVED, next_review_due=today - DAY)
    make_routine("Utkast og forfalt", status=Routine.Status.DRAFT, next_review_due=today - DAY)
    assert [r.title for r in Routine.objects.due_for_review()] == ["Forfalt", "Snart"]


def test_the_review_page_shows_both_with_overdue_marked(client, coordinator, agreements_due, today):
    make_routine("Rutine ved PLO-brudd", next_review_due=today - 15 * DAY)
    make_service(10)  # no version at all
    client.force_login(coordinator)
    page = client.get("/avtaler/til-revisjon/").content.decode()
    assert "Tjenesteavtale 3" in page and "Tjenesteavtale 5" in page
    assert "Tjenesteavtale 9" not in page and "Tjenesteavtale 12" not in page
    assert "Rutine ved PLO-brudd" in page
    assert page.count("forfalt</span>") == 3  # TA 3, TA 2 and the routine
    assert "Avtaler uten gjeldende versjon" in page and "Tjenesteavtale 10" in page


@pytest.mark.parametrize("persona", [None, "plain_user", "editor", "hospital_handler", "quality"], indirect=True)
def test_the_review_page_is_not_found_by_others(client, persona, db):
    if persona:
        client.force_login(persona)
    assert client.get("/avtaler/til-revisjon/").status_code == 404
