"""Small counts: what a viewer who may not open the deviations behind a figure does not see.

For them (coordinators, and the public on the agreement pages) counts from 1 to 4 are
shown as "<5", the practice of Norwegian health statistics, so that nobody can single
out one case. Shares that would give such a count away, and a median of fewer than five
answers, are not shown to them either.
"""

from deviations.statistics.rows import COUNTS, PARTS, Figures, Row

SMALL_COUNT_LIMIT = 5
SUPPRESSED = "<5"


def protect(count: int, suppress: bool) -> int | str:
    """A count as a viewer may see it: "<5" for 1-4 when small counts are hidden from them."""
    if suppress and 0 < count < SMALL_COUNT_LIMIT:
        return SUPPRESSED
    return count


Cell = tuple[str, object, str]  # (table, row key, column)


class Protection:
    """Which counts a viewer who may not open the deviations does not see.

    Primary: counts from 1 to 4 are "<5". Complementary: a table's rows add up to the
    total row, and a row's parts (in time, late, unanswered past the deadline, pending)
    add up to its count; where such a sum has exactly one hidden term, that term could be
    worked out by subtraction, so the smallest other non-zero term is hidden too (shown
    as "–"), until no sum has exactly one. Shares are shown only when none of their terms
    is hidden, the median only of five answers or more.

    This protects each table against arithmetic within it and against its totals. It does
    not stop differencing between two filtered views (e.g. one period and the same plus a
    day): only those who may open the rows can filter without such limits.
    """

    def __init__(self, total: Row, tables: dict[str, list[Row]], senders: list[Row] | None = None, *, suppress=True):
        self.suppress = suppress
        self.values: dict[Cell, int] = {}
        self.small: set[Cell] = set()
        self.hidden: set[Cell] = set()
        if not suppress:
            return
        sums: list[list[Cell]] = []  # [the sum, its terms ...]
        total_cells = self._row_cells("total", total)
        sums.append([total_cells["count"]] + [total_cells[part] for part in PARTS])
        for table, rows in tables.items():
            row_cells = [self._row_cells(table, row) for row in rows]
            sums.extend([cells["count"]] + [cells[part] for part in PARTS] for cells in row_cells)
            sums.extend([total_cells[column]] + [cells[column] for cells in row_cells] for column in COUNTS)
        if senders is not None:
            sums.append(
                [total_cells["count"]] + [self._cell(("sent", row.key, "sent"), row.sent or 0) for row in senders]
            )
        self.small = {cell for cell, value in self.values.items() if 0 < value < SMALL_COUNT_LIMIT}
        self.hidden = set(self.small)
        self._hide_complements(sums)

    def _cell(self, cell: Cell, value: int) -> Cell:
        self.values[cell] = value
        return cell

    def _row_cells(self, table: str, row: Row) -> dict[str, Cell]:
        return {column: self._cell((table, row.key, column), getattr(row, column)) for column in COUNTS}

    def _hide_complements(self, sums: list[list[Cell]]) -> None:
        changed = True
        while changed:
            changed = False
            for cells in sums:
                if sum(cell in self.hidden for cell in cells) != 1:
                    continue
                # The smallest visible non-zero term; the sum itself only if no term is left.
                candidates = [(index == 0, self.values[cell], cell) for index, cell in enumerate(cells)]
                candidates = [c for c in candidates if c[2] not in self.hidden and c[1] > 0]
                if candidates:
                    self.hidden.add(min(candidates, key=lambda c: (c[0], c[1]))[2])
                    changed = True

    def shown(self, cell: Cell, value: int) -> int | str | None:
        if cell in self.small:
            return SUPPRESSED
        if cell in self.hidden:
            return None
        return value

    def figures(self, table: str, row: Row) -> Figures:
        counts = {column: self.shown((table, row.key, column), getattr(row, column)) for column in COUNTS}
        terms_hidden = any(not isinstance(counts[part], int) for part in ("in_time", "late", "unanswered_late"))
        answered_few = self.suppress and row.answered < SMALL_COUNT_LIMIT
        return Figures(
            **counts,
            sent=None if row.sent is None else self.shown(("sent", row.key, "sent"), row.sent),
            decided=None if terms_hidden else row.decided,
            share_in_time=None if terms_hidden else row.share_in_time,
            median_days=None if answered_few else row.median_days,
        )
