from unittest import mock

from django.db import OperationalError


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/helse/")
    assert response.status_code == 503
