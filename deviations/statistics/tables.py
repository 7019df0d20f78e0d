"""The tables of the statistics pages: breakdowns, the outcome against the deadline, and their labels."""

import dataclasses
import functools

from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation
from deviations.statistics.directions import Direction
from deviations.statistics.rows import PARTS, Figures, Row
from deviations.statistics.suppression import Protection


@dataclasses.dataclass
class ShownRow:
    key: object
    label: str
    figures: Figures
    row: Row


@dataclasses.dataclass
class Breakdown:
    """A table of the statistics: the figures per agreement, per category, per month, ..."""

    key: str
    title: str
    group_heading: str
    rows: list[Row]
    protection: Protection
    with_sent: bool = False
    # The page shows at most this many rows, the most first (the exports show them all).
    limit: int | None = None

    @functools.cached_property
    def shown(self) -> list[ShownRow]:
        return self.first(len(self.rows))

    @functools.cached_property
    def on_page(self) -> list[ShownRow]:
        return self.first(len(self.rows) if self.limit is None else self.limit)

    def first(self, count: int) -> list[ShownRow]:
        """The first `count` rows as shown: a chart of the most active needs no figures of the rest."""
        return [ShownRow(row.key, row.label, self.protection.figures(self.key, row), row) for row in self.rows[:count]]

    @property
    def left_out(self) -> int:
        """How many rows the page leaves out (0 when it shows them all)."""
        return 0 if self.limit is None else max(0, len(self.rows) - self.limit)


@dataclasses.dataclass
class Outcome:
    """Where every deviation of a set stands against its deadline: four counts that add up to all."""

    title: str
    group_heading: str
    shown: list[ShownRow]


OUTCOME_LABELS = {
    "in_time": _("Besvart innen fristen"),
    "late": _("Besvart etter fristen"),
    "unanswered_late": _("Ikke besvart, fristen er ute"),
    "pending": _("Ikke besvart, innen fristen"),
}


def outcome(total: Row, protection: Protection) -> Outcome:
    figures = protection.figures("total", total)
    rows = []
    for part in PARTS:
        label = str(OUTCOME_LABELS[part])
        rows.append(
            ShownRow(part, label, Figures(count=getattr(figures, part)), Row(part, label, count=getattr(total, part)))
        )
    return Outcome(str(_("Svar og frister")), str(_("Utfall")), rows)


@dataclasses.dataclass
class Labels:
    """Names for the ids that come back from the GROUP BY queries (loaded once per page)."""

    organisations: dict[int, str]
    agreements: dict[int, str]
    agreement_order: list[int]

    @classmethod
    def from_lists(cls, organisations, agreements, organisation_names: dict[int, str] | None = None) -> "Labels":
        """From the organisations (or their names by id) and the agreements (in § 6-2 order)
        a page has loaded anyway."""
        return cls(
            organisations={o.pk: o.name for o in organisations} | (organisation_names or {}),
            agreements={a.pk: f"{a.identifier}: {a.title}" for a in agreements},
            agreement_order=[a.pk for a in agreements],
        )

    def organisation(self, pk) -> str:
        return self.organisations.get(pk, "?")

    def agreement(self, pk) -> str:
        return self.agreements.get(pk, "?") if pk is not None else str(_("Ingen avtale oppgitt"))

    def in_agreement_order(self, rows: list[Row]) -> list[Row]:
        order: dict[object, int] = {pk: index for index, pk in enumerate(self.agreement_order)}
        # Unknown ids after the known ones, by id, so the order never depends on the query's.
        return sorted(rows, key=lambda row: (order.get(row.key, len(order)), row.key is None, str(row.key)))


CATEGORY_ORDER = list(Deviation.Category.values)


def kind_label(kind) -> str:
    return str(Deviation.Kind(kind).label)


def category_label(category) -> str:
    return str(Deviation.Category(category).label)


def direction_label(direction) -> str:
    return str(Direction(direction).label)


def complete(rows: list[Row], keys, label) -> list[Row]:
    """Rows for every key in order, empty where the query found none."""
    found = {row.key: row for row in rows}
    return [found.get(key) or Row(key, label(key)) for key in keys]
