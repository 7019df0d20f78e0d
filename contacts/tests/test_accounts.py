import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from conftest import PASSWORD, make_user
from contacts import roles
from contacts.models import User
from samhandling import access


def test_the_role_groups_exist_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_passwords_are_hashed_with_argon2(settings, skien):
    from samhandling import settings as production_settings

    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = make_user("argon", skien)
    assert user.password.startswith("argon2")


def test_login_gives_a_new_session(client, coordinator):
    client.get("/konto/logg-inn/")
    before = client.session.session_key
    response = client.post("/konto/logg-inn/", {"username": "koordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before


def test_repeated_wrong_passwords_lock_the_login_for_a_while(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/konto/logg-inn/", {"username": "koordinator", "password": "gjett"})
    response = client.post("/konto/logg-inn/", {"username": "koordinator", "password": PASSWORD})
    assert response.status_code == 429
    assert "15 minutter" in response.content.decode()
    # The lockout expires by itself: it is a cool-off, never a permanent lock.
    assert settings.AXES_COOLOFF_TIME


def test_load_demo_creates_the_demo_accounts_and_can_run_twice(db):
    call_command("load_demo")
    call_command("load_demo")
    assert (
        User.objects.filter(
            username__in=["admin", "redaktor", "koordinator", "kvalitet", "sthf", "skien", "porsgrunn"]
        ).count()
        == 7
    )
    assert access.has_role(User.objects.get(username="sthf"), access.HANDLER)
    assert User.objects.get(username="sthf").check_password("demo")
    assert not access.has_role(User.objects.get(username="skien"), access.COORDINATOR)


@pytest.mark.parametrize("username", ["koordinator"])
def test_coordinators_may_change_organisations_in_the_admin(client, db, username):
    call_command("load_demo")
    client.force_login(User.objects.get(username=username))
    assert client.get("/admin/contacts/organisation/").status_code == 200
