"""A body's page lists the agreements it follows up: agreements fills contacts' extension point."""

import pytest
from django.contrib.auth.models import Group, Permission

from agreements.models import Agreement
from contacts import roles
from contacts.models import Body


@pytest.fixture
def fsu(db):
    return Body.objects.create(name="FSU kvalitet", kind=Body.Kind.FSU)


def _service_agreement(point, title):
    return Agreement.objects.create(
        kind=Agreement.Kind.SERVICE,
        identifier=f"Tjenesteavtale {point}",
        title=title,
        slug=f"tjenesteavtale-{point}",
        law_point=point,
    )


def test_the_body_page_lists_the_agreements_the_body_follows_up_with_links(client, fsu):
    ikt = _service_agreement(9, "Lokale IKT-løsninger")
    ikt.bodies.add(fsu)
    page = client.get(f"/utvalg/{fsu.slug}/").content.decode()
    assert "Tjenesteavtaler utvalget følger opp" in page
    assert f'<a href="/avtaler/{ikt.slug}/">Tjenesteavtale 9: Lokale IKT-løsninger</a>' in page
    # Between the mandate and the members, where it always was.
    assert page.index("Mandat") < page.index("Tjenesteavtaler utvalget følger opp") < page.index("Medlemmer")


def test_a_body_without_agreements_shows_no_agreement_heading(client, fsu):
    _service_agreement(9, "Lokale IKT-løsninger")
    assert "Tjenesteavtaler utvalget følger opp" not in client.get(f"/utvalg/{fsu.slug}/").content.decode()


def test_the_agreement_page_and_the_body_page_read_the_same_link(client, fsu):
    ikt = _service_agreement(9, "Lokale IKT-løsninger")
    fsu.agreements.add(ikt)  # from the body's side, as the demo does
    assert "FSU kvalitet" in client.get(f"/avtaler/{ikt.slug}/").content.decode()
    assert list(ikt.bodies.all()) == [fsu]


def test_the_body_page_keeps_its_query_budget_with_many_agreements(client, fsu, django_assert_max_num_queries):
    for point in range(1, 12):
        _service_agreement(point, f"Avtale {point}").bodies.add(fsu)
    # body, the tree, memberships, the upcoming meetings, the latest minutes, the agreements,
    # the measures it owns
    with django_assert_max_num_queries(7):
        page = client.get(f"/utvalg/{fsu.slug}/").content.decode()
    assert page.count('href="/avtaler/tjenesteavtale-') == 11


def test_coordinators_may_change_agreements_as_the_app_declares(db):
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    granted = set(
        Permission.objects.filter(group=coordinator, content_type__app_label="agreements").values_list(
            "codename", flat=True
        )
    )
    assert {"change_agreement", "add_agreementversion", "delete_routine", "view_routine"} <= granted
    # The editor role gets the portal's content, not agreements.
    editor = Group.objects.get(name=roles.EDITOR)
    assert not editor.permissions.filter(content_type__app_label="agreements").exists()
    assert editor.permissions.filter(codename="change_newsitem").exists()
