"""The logged-in user's tools menu in the header: each role finds its own work from any page."""

import pytest


@pytest.mark.parametrize(
    "persona, expected, absent",
    [
        (
            "plain_user",
            ["Mine meldinger", "Bytt passord"],
            ["Avviksinnboks", "Avviksstatistikk", "Redaksjon", "Administrasjon"],
        ),
        ("hospital_handler", ["Mine meldinger", "Avviksinnboks", "Avviksstatistikk"], ["Redaksjon", "Administrasjon"]),
        ("quality", ["Avviksinnboks", "Avviksstatistikk"], ["Redaksjon"]),
        ("editor", ["Redaksjon"], ["Avviksinnboks", "Avviksstatistikk", "Administrasjon"]),
        ("coordinator", ["Administrasjon", "Avviksstatistikk"], ["Avviksinnboks", "Redaksjon"]),
    ],
    indirect=["persona"],
)
def test_each_role_sees_its_own_tools(client, persona, expected, absent):
    client.force_login(persona)
    page = client.get("/nyheter/").content.decode()
    menu = page[page.index('aria-label="Mine verktøy"') : page.index('aria-label="Hovedmeny"')]
    for label in expected:
        assert f">{label}</a>" in menu
    for label in absent:
        assert f">{label}</a>" not in menu


def test_anonymous_readers_get_no_tools_menu(client, db):
    assert "Mine verktøy" not in client.get("/").content.decode()
