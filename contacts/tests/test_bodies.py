"""/utvalg/: the bodies as a tree; a body with mandate and members (its agreements: agreements/tests)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Body, Membership
from contacts.tests.conftest import bulk_people


@pytest.fixture
def tree(db):
    """Partnerskapsmøte -> SSU -> FSU -> arbeidsgruppe, the usual shape of a partnership's bodies."""
    meeting = Body.objects.create(name="Partnerskapsmøtet", kind=Body.Kind.PARTNERSHIP_MEETING)
    ssu = Body.objects.create(name="Strategisk samarbeidsutvalg", kind=Body.Kind.SSU, parent=meeting)
    fsu = Body.objects.create(name="FSU kvalitet", kind=Body.Kind.FSU, parent=ssu)
    group = Body.objects.create(name="Arbeidsgruppe avvik", kind=Body.Kind.WORKING_GROUP, parent=fsu)
    return meeting, ssu, fsu, group


def test_the_bodies_page_nests_the_tree(client, tree):
    page = client.get("/utvalg/").content.decode()
    positions = [
        page.index(name)
        for name in ["Partnerskapsmøtet", "Strategisk samarbeidsutvalg", "FSU kvalitet", "Arbeidsgruppe avvik"]
    ]
    assert positions == sorted(positions)
    # Each level is a list inside the one above.
    assert page.count('<ul class="body-tree body-tree-nested">') == 3


def test_siblings_follow_their_sort_order_then_the_alphabet(db):
    root = Body.objects.create(name="Rot", kind=Body.Kind.OTHER)
    for name, order in [("Ørsta", 1), ("Alfa", 1), ("Zulu", 1), ("Først", 0)]:
        Body.objects.create(name=name, kind=Body.Kind.OTHER, parent=root, sort_order=order)
    assert [b.name for b in Body.objects.tree()[0].child_nodes] == ["Først", "Alfa", "Zulu", "Ørsta"]


def test_a_body_cannot_be_its_own_ancestor(tree):
    meeting, ssu, fsu, group = tree
    meeting.parent = group
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "under seg selv" in str(error.value.message_dict["parent"])
    ssu.parent = ssu
    with pytest.raises(ValidationError):
        ssu.full_clean()
    fsu.parent = meeting  # moving within the tree is fine
    fsu.full_clean()


def test_the_body_page_shows_mandate_frequency_members_and_their_roles(client, steering_group, people):
    page = client.get(f"/utvalg/{steering_group.slug}/").content.decode()
    assert "<h1>Styringsgruppe for samhandling i Grenland</h1>" in page
    assert "Legger føringene for samhandlingen i regionen." in page
    assert "Seks ganger i året" in page
    members = page.split('id="members-heading"')[1].split("</section>")[0]
    # Leader first, then the secretary; each with whom they represent.
    assert members.index("Magnus Ørbekk") < members.index("Ingrid Sæterstøl")
    assert "Leder" in members and "Sekretær" in members and "Sykehuset Telemark HF" in members
    # Past members are kept, but not shown as current.
    assert "Hanne Skjærvø" not in members
    past = page.split('id="past-heading"')[1]
    assert "Hanne Skjærvø" in past and "Tillitsvalgt" in past
    assert "Arbeidsgruppe Skien og Porsgrunn" in page


def test_a_member_who_starts_later_is_listed_with_the_date(client, steering_group, people):
    Membership.objects.create(person=people["åse"], body=steering_group, started_on=datetime.date(2099, 3, 1))
    members = client.get(f"/utvalg/{steering_group.slug}/").content.decode().split('id="members-heading"')[1]
    assert "Åse Li" in members and "fra 1. mars 2099" in members


def test_the_body_page_walks_up_the_tree_in_its_breadcrumbs(client, tree):
    meeting, ssu, fsu, group = tree
    page = client.get(f"/utvalg/{fsu.slug}/").content.decode()
    assert page.index("Partnerskapsmøtet") < page.index("Strategisk samarbeidsutvalg") < page.index("<h1>")


def test_an_unknown_body_is_a_404(client, db):
    assert client.get("/utvalg/finnes-ikke/").status_code == 404


@pytest.mark.parametrize("size", [10, 1000])
def test_body_pages_have_a_query_budget(
    client, tree, steering_group, skien, grenland, size, django_assert_max_num_queries
):
    bulk_people(size, skien, grenland, body=steering_group)
    with django_assert_max_num_queries(1):  # every body with its region
        assert client.get("/utvalg/").status_code == 200
    # body, the tree (ancestors and children), memberships with people, the upcoming meetings,
    # the latest minutes, and one per panel from the apps above (agreements: the body's
    # agreements and the measures it owns)
    with django_assert_max_num_queries(7):
        response = client.get(f"/utvalg/{steering_group.slug}/")
    assert len(response.context["current_memberships"]) == size + 2
