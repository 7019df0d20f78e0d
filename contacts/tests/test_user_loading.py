"""The logged-in user is loaded with the user's role groups, in one query, on every request
(samhandling.accounts.ModelBackend; here, as the roles are contacts' groups)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from contacts import roles


def test_a_logged_in_request_reads_the_user_and_the_roles_together(client, hospital_handler):
    client.force_login(hospital_handler)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/avvik/").status_code == 200  # the inbox: only a handler's role opens it
    statements = [query["sql"] for query in queries.captured_queries]
    reads_user = [sql for sql in statements if 'FROM "contacts_user"' in sql]
    assert len(reads_user) == 1 and '"auth_group"' in reads_user[0]
    assert not any(sql.lstrip().startswith('SELECT "auth_group"') for sql in statements)


def test_roles_given_and_taken_apply_at_the_next_request(client, hospital):
    user = make_user("ny_behandler", hospital)
    client.force_login(user)
    assert client.get("/avvik/").status_code == 404
    user.groups.add(*make_user("mal", hospital, roles.HANDLER).groups.all())
    assert client.get("/avvik/").status_code == 200
    user.groups.clear()
    assert client.get("/avvik/").status_code == 404


def test_a_deactivated_users_session_ends(client, hospital_handler):
    client.force_login(hospital_handler)
    hospital_handler.is_active = False
    hospital_handler.save()
    response = client.get("/avvik/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
