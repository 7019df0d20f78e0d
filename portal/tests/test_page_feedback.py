import pytest

from portal.models import PageFeedback


def test_it_stores_an_answer_and_returns_to_the_page(client, db):
    response = client.post("/tilbakemelding/", {"path": "/avtaler/", "found": "0", "comment": "Fant ikke rutinen"})
    assert response.status_code == 302
    assert response["Location"] == "/avtaler/"
    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.found, feedback.comment) == ("/avtaler/", False, "Fant ikke rutinen")


def test_a_yes_needs_no_comment(client, db):
    client.post("/tilbakemelding/", {"path": "/", "found": "1"})
    assert PageFeedback.objects.get().found is True


@pytest.mark.parametrize(
    "comment, message",
    [
        ("Gjelder pasient 23066543242", "fødselsnummer"),
        ("Ring meg på 915 55 555", "telefonnumre"),
        ("Svar til kari@example.org", "e-postadresser"),
    ],
)
def test_it_refuses_personal_data_and_keeps_the_input(client, db, comment, message):
    response = client.post("/tilbakemelding/", {"path": "/kontakter/", "found": "0", "comment": comment})
    assert response.status_code == 400
    assert not PageFeedback.objects.exists()
    page = response.content.decode()
    assert message in page
    assert comment in page  # what the user typed is kept
    assert 'href="#feedback_comment"' in page  # the error summary links to the field


@pytest.mark.parametrize("path", ["https://evil.example.org/", "//evil.example.org/", "avtaler"])
def test_it_never_redirects_off_site(client, db, path):
    response = client.post("/tilbakemelding/", {"path": path, "found": "1"})
    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


def test_it_only_accepts_post(client, db):
    assert client.get("/tilbakemelding/").status_code == 405
