"""A group's exact numbers (Row) and the same numbers as one viewer may see them (Figures)."""

import dataclasses

COUNTS = ("count", "in_time", "late", "unanswered_late", "pending")
# The parts of a row's count: every deviation is in exactly one of them.
PARTS = COUNTS[1:]


@dataclasses.dataclass
class Row:
    """One group of a breakdown, e.g. one service agreement, with its exact numbers."""

    key: object
    label: str
    count: int = 0
    in_time: int = 0
    late: int = 0
    unanswered_late: int = 0
    median_days: float | None = None
    # Per organisation only: how many it reported (`count` is how many it received).
    sent: int | None = None

    @property
    def answered(self) -> int:
        return self.in_time + self.late

    @property
    def decided(self) -> int:
        """Deviations whose outcome against the deadline is known: answered, or past it."""
        return self.in_time + self.late + self.unanswered_late

    @property
    def pending(self) -> int:
        """Not answered, and still within the deadline."""
        return self.count - self.decided

    @property
    def share_in_time(self) -> float | None:
        return self.in_time / self.decided if self.decided else None


@dataclasses.dataclass
class Figures:
    """A row's numbers as one viewer may see them: a count, "<5", or None (not shown)."""

    count: int | str | None = None
    in_time: int | str | None = None
    late: int | str | None = None
    unanswered_late: int | str | None = None
    pending: int | str | None = None
    sent: int | str | None = None
    decided: int | None = None  # the share's denominator, when shown
    share_in_time: float | None = None  # 0..1
    median_days: float | None = None
