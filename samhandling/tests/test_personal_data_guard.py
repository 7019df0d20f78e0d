"""The personal-data guard of DESIGN.md ("No patient data"), on real-shaped and fake numbers.

The valid numbers below were computed by hand from the two check-digit rules; none
belongs to a real person (they are not in the population register's issued ranges
as far as anyone can know, and they appear only here).
"""

import pytest
from django.core.exceptions import ValidationError

from samhandling.validators import contains_identity_number, no_contact_details, no_identity_number


@pytest.mark.parametrize(
    "text",
    [
        "23066543242",  # classic fødselsnummer, both check digits by the classic rule
        "Pasient 230665 43242 ble sendt hjem",  # split 6+5 by a space
        "fnr 230665-43242.",  # split 6+5 by a dash
        "41019012393",  # D-nummer: day + 40
        "01419012382",  # H-nummer: month + 40
        "29020012380",  # 29 February in a leap year
        "30108299939",  # issued from 2032: first check sum is 1 mod 11, not 0
    ],
)
def test_it_refuses_identity_numbers(text):
    assert contains_identity_number(text)
    with pytest.raises(ValidationError) as error:
        no_identity_number(text)
    assert "fødselsnummer" in str(error.value.messages[0])


@pytest.mark.parametrize(
    "text",
    [
        "23066543243",  # second check digit wrong
        "23136543242",  # month 13 is no date
        "29020112380",  # 29 February 2001 never was
        "32016543242",  # day 32
        "Ring 12345678901 for å nå vakthavende",  # a phone-like number with no valid date
        "123066543242",  # twelve digits: not an identity number
        "Journalen hadde saksnummer 2306654324",  # ten digits
        "",
    ],
)
def test_it_lets_other_numbers_through(text):
    assert not contains_identity_number(text)
    no_identity_number(text)  # does not raise


def test_the_message_does_not_repeat_the_number():
    with pytest.raises(ValidationError) as error:
        no_identity_number("23066543242")
    assert "23066543242" not in " ".join(error.value.messages)


def test_refusals_are_logged_without_the_number(caplog):
    with pytest.raises(ValidationError):
        no_identity_number("Pasient 23066543242")
    assert "identity number" in caplog.text
    assert "23066543242" not in caplog.text


@pytest.mark.parametrize(
    "text", ["skriv til ola.nordmann@example.org", "ring 22 33 44 55", "mobil +47 915 55 555", "tlf 91555555"]
)
def test_anonymous_comments_refuse_contact_details(text):
    with pytest.raises(ValidationError):
        no_contact_details(text)


@pytest.mark.parametrize("text", ["Fant ikke rutinen for utskrivning", "Tjenesteavtale 12 fra 2024", "side 3 av 40"])
def test_anonymous_comments_allow_ordinary_text(text):
    no_contact_details(text)
