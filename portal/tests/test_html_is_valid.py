import pytest
from django.conf import settings

from conftest import assert_valid_html


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_skeleton_pages_are_valid_html(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = {path: client.get(path).content for path in ["/", "/tilgjengelighet/", "/konto/logg-inn/", "/finnes-ikke/"]}
    pages["feedback error"] = client.post(
        "/tilbakemelding/", {"path": "/", "found": "0", "comment": "ring 22334455"}
    ).content
    assert_valid_html(pages)
