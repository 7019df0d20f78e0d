from unittest import mock

from django.db import OperationalError


def test_it_answers_ok_when_the_database_and_the_storage_answer(client, db, media_root):
    response = client.get("/helse/klar/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_leaves_no_probe_file_behind(client, db, media_root):
    client.get("/helse/klar/")
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_it_answers_503_when_the_storage_cannot_be_written(client, db, settings, tmp_path):
    # A file where the media folder should be: every save fails, as on a full or read-only disk.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocked}},
    }
    response = client.get("/helse/klar/")
    assert response.status_code == 503
    assert response.content == b"storage unavailable"


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch("samhandling.readiness.connection.cursor", side_effect=OperationalError("gone")):
        response = client.get("/helse/klar/")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_a_load_balancer_may_probe_over_plain_http_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/helse/klar/").status_code == 200
    assert client.get("/helse/").status_code == 200
    assert client.get("/nyheter/").status_code == 301
