import pytest

from portal.views import server_error


def test_every_page_has_a_strict_content_security_policy(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_pages_cannot_be_framed(client, db):
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_a_server_error_shows_the_portal_layout_without_touching_the_database(rf):
    # handler500 runs when anything may be broken, the database included: no db fixture here,
    # so any query would fail the test.
    response = server_error(rf.get("/avvik/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noe gikk galt hos oss" in page
    assert "Hovedmeny" in page


def test_a_missing_page_is_a_404_in_the_portal_layout(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    assert "Hovedmeny" in response.content.decode()


@pytest.mark.parametrize("path", ["/konto/passord/", "/admin/"])
def test_account_pages_need_a_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "logg-inn" in response["Location"] or "login" in response["Location"]
