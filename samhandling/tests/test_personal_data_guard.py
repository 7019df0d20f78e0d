"""The personal-data guard of docs/domain.md ("No patient data"), on real-shaped and fake numbers.

The valid numbers below were computed by hand from the two check-digit rules; none
belongs to a real person (they are not in the population register's issued ranges
as far as anyone can know, and they appear only here).
"""

import pytest
from django.core.exceptions import ValidationError

from samhandling.validators import contains_identity_number, no_contact_details, no_identity_number


@pytest.mark.parametrize(
    "text, found",
    [
        ("23066543242", "fødselsnummer"),  # classic fødselsnummer, both check digits by the classic rule
        ("Pasient 230665 43242 ble sendt hjem", "fødselsnummer"),  # split 6+5 by a space
        ("fnr 230665-43242.", "fødselsnummer"),  # split 6+5 by a dash
        ("41019012393", "D-nummer"),  # D-nummer: day + 40
        ("01419012382", "H-nummer"),  # H-nummer: month + 40
        ("29020012380", "fødselsnummer"),  # 29 February in a leap year
        ("30108299939", "fødselsnummer"),  # issued from 2032: first check sum is 1 mod 11, not 0
        ("80000000098", "FH-nummer"),  # FH-nummer: first digit 8, no date, classic check digits
        # As testers wrote them when an earlier guard missed them.
        ("02.06.71 23290", "fødselsnummer"),
        ("16.02.10-93126", "fødselsnummer"),
        ("27 01 49 39054", "fødselsnummer"),
        ("28 06 05 537 36", "fødselsnummer"),
        ("170 139 018 80", "fødselsnummer"),
        ("230476.25963", "fødselsnummer"),
        ("060985/13750", "fødselsnummer"),
        ("02.06.1971 23290", "fødselsnummer"),  # a four-digit year: read as 020671 23290
        ("230665\u00a0\u00a043242", "fødselsnummer"),
        ("230665\u2009–\u202f43242", "fødselsnummer"),
        ("fnr23066543242x", "fødselsnummer"),
        ("２３０６６５４３２４２", "fødselsnummer"),  # full-width digits
    ],
)
def test_it_refuses_identity_numbers(text, found):
    assert contains_identity_number(text)
    with pytest.raises(ValidationError) as error:
        no_identity_number(text)
    assert f"et {found}" in str(error.value.messages[0])


def test_it_names_every_kind_it_found():
    with pytest.raises(ValidationError) as error:
        no_identity_number("41019012393 og 80000000098")
    assert "et D-nummer og et FH-nummer" in error.value.messages[0]


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
        "80000000097",  # FH-shaped, wrong check digit
        "kontonr. 2306.65.43242",  # a bank account number as printed, 4.2.5, whatever its digits
        "19.05.2017–3.11.2015",  # a range of dates
        "tlf. 22 33 44 55 / 915 55 555",  # two phone numbers on a contact line
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
