"""The personal-data guard: free text in the portal must never carry patient identities.

One rule, written once, used by every free-text field (deviations, page feedback, ...).
A Norwegian fødselsnummer, D-nummer or H-nummer is 11 digits (optionally split 6+5 by a
space or a dash) whose first six are a possible date once the D offset (+40 on the day)
or the H offset (+40 on the month) is removed, and whose two check digits hold: the first
ten digits weighted 3 7 6 1 8 9 4 5 2 1 sum to 0 mod 11 (the classic rule) or to 0-3 mod 11
(numbers issued from 2032), and all eleven weighted 5 4 3 2 7 6 5 4 3 2 1 sum to 0 mod 11.
"""

import logging
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("samhandling.personal_data")

_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6})[ \-]?(\d{5})(?!\d)")
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+")
# Eight digits, optionally grouped and with +47/0047 in front: 22 33 44 55, 915 55 555, +4791555555.
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+|00)47[ \-]?)?(?:\d[ \-]?){7}\d(?!\d)")

_FIRST_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_SECOND_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _is_possible_date(day: int, month: int, year: int) -> bool:
    if day > 40:  # D-nummer
        day -= 40
    if month > 40:  # H-nummer
        month -= 40
    if not (1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]):
        return False
    # 29 February is possible in some century when the two-digit year is a multiple of 4
    # (00 included: 2000 was a leap year).
    return not (month == 2 and day == 29 and year % 4 != 0)


def is_identity_number(digits: str) -> bool:
    """True if 11 digits are a possible fødselsnummer, D-nummer or H-nummer."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    values = [int(c) for c in digits]
    if not _is_possible_date(int(digits[0:2]), int(digits[2:4]), int(digits[4:6])):
        return False
    first = sum(w * v for w, v in zip(_FIRST_WEIGHTS, values[:10])) % 11
    second = sum(w * v for w, v in zip(_SECOND_WEIGHTS, values)) % 11
    return first in (0, 1, 2, 3) and second == 0


def contains_identity_number(text: str) -> bool:
    return any(is_identity_number(a + b) for a, b in _ELEVEN_DIGITS.findall(text or ""))


@deconstructible
class NoIdentityNumber:
    """Refuses text with a fødselsnummer, D-nummer or H-nummer in it."""

    message = _(
        "Teksten ser ut til å inneholde et fødselsnummer, D-nummer eller H-nummer. "
        "Fjern nummeret: portalen skal ikke inneholde opplysninger som kan identifisere pasienter."
    )
    code = "identity_number"

    def __call__(self, value: object) -> None:
        if contains_identity_number(str(value)):
            # Logged as an attempt, never with the number itself.
            logger.warning("Refused free text containing an identity number")
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__)


@deconstructible
class NoContactDetails:
    """Refuses e-mail addresses and phone numbers (anonymous comments, e.g. page feedback)."""

    message = _(
        "Ikke skriv e-postadresser eller telefonnumre her. Kommentaren er anonym; "
        "bruk kontaktsidene om du vil bli kontaktet."
    )
    code = "contact_details"

    def __call__(self, value: object) -> None:
        text = str(value)
        if _EMAIL.search(text) or _PHONE.search(text):
            logger.info("Refused free text containing contact details")
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, self.__class__)


no_identity_number = NoIdentityNumber()
no_contact_details = NoContactDetails()
