"""With PostgreSQL gone, every page answers 503 with the portal's own page, which needs no database."""

from unittest import mock

import psycopg2
import pytest
from django.db import connection

MESSAGE = "Prøv igjen om noen minutter."


STOPPED = psycopg2.OperationalError('connection to server on socket "/tmp/.s.PGSQL.5432" failed: Connection refused')


@pytest.fixture
def database_down(db):
    """Every new cursor fails the way psycopg2 fails when the server is stopped (undone before
    the test database's own teardown, which needs a cursor)."""
    with mock.patch.object(connection, "create_cursor", side_effect=STOPPED):
        yield


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # see the response a visitor gets
    return client


@pytest.mark.parametrize("path", ["/", "/nyheter/", "/kontakter/", "/avtaler/", "/avvik/meld/", "/sok/?q=utskriving"])
def test_every_page_answers_503_with_the_portals_own_page(client, database_down, path):
    response = client.get(path)
    assert response.status_code == 503
    page = response.content.decode()
    assert MESSAGE in page
    assert "<h1>Portalen er midlertidig utilgjengelig</h1>" in page
    assert response["Retry-After"] == "120"


def test_the_report_form_posted_while_the_database_is_down_answers_503(client, database_down):
    response = client.post("/avvik/meld/", {"description": "Noe skjedde."})
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()


def test_a_logged_in_visitor_gets_the_same_page(client, plain_user):
    client.force_login(plain_user)
    with mock.patch.object(
        connection, "create_cursor", side_effect=psycopg2.InterfaceError("connection already closed")
    ):
        response = client.get("/avvik/mine/")
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
