"""A page of deviations prepared for deviation_table.html: every cell as a plain value.

The inbox shows 25 rows of ten cells each. Read through the template engine, each cell was
a chain of attribute lookups, a date filter, a translated label and a URL reversed per row,
and `is_overdue` asked for today's date twice a row: most of the inbox's time. Here each row is
a dict computed once (today read once per page), and the template only prints and escapes.
"""

import datetime
from collections.abc import Iterable
from typing import TypedDict

from django.utils import timezone

from deviations.models import Deviation, local_today

# Designsystemet's colour for each status's tag: what status_badge.html says for one deviation.
STATUS_COLOURS: dict[str, str] = {
    Deviation.Status.RECEIVED.value: "warning",
    Deviation.Status.IN_PROGRESS.value: "info",
    Deviation.Status.ANSWERED.value: "success",
}


class Row(TypedDict):
    url: str
    reference: str
    summary: str
    received: str
    kind: str
    category: str
    reporter_organisation: str
    reporter_workplace: str
    concerned_organisation: str
    status: str
    status_label: str
    status_colour: str
    respond_by: str
    overdue: bool
    handler: str


def short_date(day: datetime.date) -> str:
    """The date as the lists write it, "j.n.Y" (27.11.2026), without the date filter's cost."""
    return f"{day.day}.{day.month}.{day.year}"


def assignee_label(user, unit) -> str:
    """Who has the case: "Kari Nordmann", "Sengepost 3", or "Kari Nordmann (Sengepost 3)"."""
    name = (user.get_full_name() or user.username) if user else ""
    if unit is None:
        return name
    return f"{name} ({unit.name})" if name else unit.name


def rows(deviations: Iterable[Deviation], today: datetime.date | None = None) -> list[Row]:
    """The rows of a page of deviations loaded with for_inbox()."""
    today = today or local_today()
    kinds = {value: str(label) for value, label in Deviation.Kind.choices}
    categories = {value: str(label) for value, label in Deviation.Category.choices}
    statuses = {value: str(label) for value, label in Deviation.Status.choices}
    prepared: list[Row] = []
    for deviation in deviations:
        handler = deviation.assigned_to
        prepared.append(
            {
                "url": deviation.get_absolute_url(),
                "reference": deviation.reference,
                "summary": deviation.summary,
                "received": short_date(timezone.localtime(deviation.received_at).date()),
                "kind": kinds.get(deviation.kind, deviation.kind),
                "category": categories.get(deviation.category, deviation.category),
                "reporter_organisation": deviation.reporter_organisation.name,
                "reporter_workplace": deviation.reporter_workplace,
                "concerned_organisation": deviation.concerned_organisation.name,
                "status": deviation.status,
                "status_label": statuses.get(deviation.status, deviation.status),
                "status_colour": STATUS_COLOURS.get(deviation.status, "neutral"),
                "respond_by": short_date(deviation.respond_by),
                "overdue": deviation.is_open and deviation.respond_by < today,
                "handler": assignee_label(handler, deviation.assigned_unit),
            }
        )
    return prepared
