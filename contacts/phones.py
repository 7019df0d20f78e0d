"""Phone numbers as people type them: validated, and turned into working tel: links."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What people put between digits: "35 50 10 00", "+47 915-55-555", "(+47) 35.50.10.00".
_SEPARATORS = re.compile(r"[\s\-.()/]")
_NORWEGIAN = re.compile(r"(?:\+47|0047)?(\d{8})")
_INTERNATIONAL = re.compile(r"(?:\+|00)([1-9]\d{6,14})")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", str(value))


def validate_phone(value: str) -> None:
    """A Norwegian number (eight digits, optionally +47) or an international one (+ and 7-15 digits)."""
    compact = _compact(value)
    if not (_NORWEGIAN.fullmatch(compact) or _INTERNATIONAL.fullmatch(compact)):
        raise ValidationError(
            _(
                "«%(value)s» er ikke et gyldig telefonnummer. Skriv åtte siffer, f.eks. 35 50 10 00, eller +landskode og nummer."
            ),
            code="phone",
            params={"value": value},
        )


def tel_uri(value: str) -> str:
    """The tel: link for a number, e.g. '35 50 10 00' -> 'tel:+4735501000'; '' if it is not a number."""
    compact = _compact(value)
    if match := _NORWEGIAN.fullmatch(compact):
        return f"tel:+47{match.group(1)}"
    if match := _INTERNATIONAL.fullmatch(compact):
        return f"tel:+{match.group(1)}"
    return ""
