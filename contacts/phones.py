"""Phone numbers: stored once in E.164, shown the Norwegian way, called through tel: links.

The `phonenumbers` library (Google's libphonenumber) reads what people type ("35 50 10 00",
"+47 915-55-555", "(+47) 35.50.10.00", "+46 8 123 456 78"), knows which numbers exist, and
formats them; django-phonenumber-field stores them as E.164 ("+4735501000"). This module is
the portal's one place for phones: the model and form fields, the validator with its message
in Norwegian, the display ("35 50 10 00", or "+46 8 123 456 78" for a number abroad) and the
tel: link ("tel:+4735501000").
"""

from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields, modelfields, widgets
from phonenumber_field.phonenumber import PhoneNumber, to_python

REGION = "NO"

INVALID_MESSAGE = _(
    "«%(value)s» er ikke et gyldig telefonnummer. Skriv åtte siffer, f.eks. 35 50 10 00, eller +landskode og nummer."
)


def parse_phone(value: Any) -> PhoneNumber | None:
    """The number in `value` (a string as typed, or a stored PhoneNumber), or None if it cannot be called."""
    if not value:
        return None
    number = value if isinstance(value, PhoneNumber) else to_python(str(value), region=REGION)
    return number if isinstance(number, PhoneNumber) and number.is_valid() else None


def validate_phone(value: Any) -> None:
    """A number that exists: Norwegian (eight digits, optionally +47 or 0047) or with a country code."""
    if value and parse_phone(value) is None:
        typed = value.raw_input if isinstance(value, PhoneNumber) and value.raw_input else str(value)
        raise ValidationError(INVALID_MESSAGE, code="phone", params={"value": typed})


def e164(value: Any) -> str:
    """'+4735501000' for '35 50 10 00'; '' if it is not a number."""
    number = parse_phone(value)
    return number.as_e164 if number else ""


def display_phone(value: Any) -> str:
    """'35 50 10 00' (Norwegian numbers as Norwegians write them), '+46 8 123 456 78' for others.

    What cannot be parsed is shown as it was written.
    """
    number = parse_phone(value)
    if number is None:
        return str(value or "")
    if number.country_code == phonenumbers.country_code_for_region(REGION):
        return number.as_national
    return number.as_international


def tel_uri(value: Any) -> str:
    """The tel: link for a number, e.g. '35 50 10 00' -> 'tel:+4735501000'; '' if it is not a number."""
    number = e164(value)
    return f"tel:{number}" if number else ""


class PhoneInput(widgets.RegionalPhoneNumberWidget):
    """A tel box showing a Norwegian number nationally ('35 50 10 00'), others with their country code."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(region=REGION, attrs={"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})


class PhoneFormField(formfields.PhoneNumberField):
    """Shows a stored number in the national format and refuses with the portal's message."""

    default_validators = [validate_phone]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("region", REGION)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")
        self.widget.attrs.setdefault("inputmode", "tel")


class PhoneField(modelfields.PhoneNumberField):
    """A phone number column: E.164 in the database, a PhoneNumber in Python, refused in Norwegian."""

    default_validators = [validate_phone]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("region", REGION)
        super().__init__(*args, **kwargs)

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        return super().formfield(
            form_class=form_class or PhoneFormField, choices_form_class=choices_form_class, **kwargs
        )
