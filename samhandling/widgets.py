"""The portal's date widgets: the browser's own pickers, used by every app's forms."""

import datetime
from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. It can only hold an ISO date, so anything else is not echoed back."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; the value is read in Norwegian time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
