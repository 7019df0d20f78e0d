"""Who may read and who may change contacts: everyone reads; only Koordinator and admins change."""

import pytest

from conftest import make_user
from contacts.models import Person, Role

PERSONAS = [None, "plain_user", "editor", "coordinator", "quality", "hospital_handler", "skien_handler", "superuser"]


def public_urls(people, steering_group):
    ragna = people["ragna"]
    return [
        "/kontakter/",
        "/kontakter/?q=bitus",
        f"/kontakter/personer/{ragna.pk}/",
        f"/kontakter/personer/{ragna.pk}/vcard/",
        "/kontakter/regioner/grenland/",
        "/kontakter/organisasjoner/vinje-kommune/",
        "/kontakter/plo-telefonliste/",
        "/utvalg/",
        f"/utvalg/{steering_group.slug}/",
    ]


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_everyone_reads_contacts_and_bodies(client, persona, people, steering_group):
    if persona:
        client.force_login(persona)
    for url in public_urls(people, steering_group):
        assert client.get(url).status_code == 200, url


def _person_form(person, **changes):
    data = {
        "name": person.name,
        "title": person.title,
        "organisation": person.organisation_id or "",
        "department": person.department,
        "email": person.email,
        "phone": person.phone,
        "mobile": person.mobile,
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["coordinator", "superuser"], indirect=True)
def test_coordinators_and_admins_change_a_person_and_add_a_role_in_the_admin(client, persona, people):
    åse = people["åse"]
    client.force_login(persona)
    url = f"/admin/contacts/person/{åse.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _person_form(
            åse,
            title="Barneansvarlig helsesykepleier",
            **{
                "roles-TOTAL_FORMS": "1",
                "roles-0-kind": Role.Kind.CHILD_RESPONSIBLE,
                "roles-0-organisation": åse.organisation_id,
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    åse.refresh_from_db()
    assert åse.title == "Barneansvarlig helsesykepleier"
    assert åse.roles.get().kind == Role.Kind.CHILD_RESPONSIBLE
    # The public search follows at once.
    assert list(Person.objects.search("barneansvarlig")) == [åse]


@pytest.mark.parametrize("persona", [None, "plain_user", "editor", "quality", "hospital_handler"], indirect=True)
def test_others_cannot_change_contacts_in_the_admin(client, persona, people):
    åse = people["åse"]
    if persona:
        client.force_login(persona)
    url = f"/admin/contacts/person/{åse.pk}/change/"
    assert client.get(url).status_code == 302  # to the admin's login: they are not staff
    client.post(url, _person_form(åse, title="Endret"))
    åse.refresh_from_db()
    assert åse.title == "Helsesykepleier"


def test_staff_without_the_coordinator_role_cannot_change_contacts(client, people, hospital):
    clerk = make_user("kontor", hospital, is_staff=True)
    client.force_login(clerk)
    assert client.get(f"/admin/contacts/person/{people['åse'].pk}/change/").status_code == 403
    assert client.get("/admin/contacts/person/").status_code == 403


@pytest.mark.parametrize("model", ["region", "organisation", "unit", "service", "person", "role", "membership", "body"])
def test_coordinators_have_search_and_filters_for_every_contacts_model(
    client, coordinator, people, steering_group, model
):
    client.force_login(coordinator)
    response = client.get(f"/admin/contacts/{model}/", {"q": "a"})
    assert response.status_code == 200
    assert response.context["cl"].search_fields


def test_coordinators_can_use_autocomplete(client, coordinator, people):
    client.force_login(coordinator)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "contacts", "model_name": "person", "field_name": "organisation", "term": "vin"},
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Vinje kommune"]


def test_only_administrators_link_a_person_to_a_login(client, coordinator, superuser, people):
    url = f"/admin/contacts/person/{people['åse'].pk}/change/"
    client.force_login(coordinator)
    assert "user" not in client.get(url).context["adminform"].form.fields
    client.force_login(superuser)
    assert "user" in client.get(url).context["adminform"].form.fields
