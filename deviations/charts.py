"""Bar charts as SVG: laid out here, drawn by templates/deviations/includes/chart_*.html.

No JavaScript and no inline style (the portal's CSP forbids both): the geometry is SVG
attributes, the look is classes in static/deviations/statistics.css. Every bar has its
value written beside it, a second series differs by pattern as well as colour and is
named in a legend, and the page puts the same numbers in a table beside each chart.
Counts hidden as "<5" get no bar, only their text.
"""

import dataclasses
import math
import textwrap

from django.utils.formats import number_format

# The drawing's own width: about the width it is shown at beside its table, so its text
# keeps its size. It scales with the page (viewBox).
WIDTH = 480
# Characters of a label per line at 13px in that width.
LABEL_LINE = 62


def shown(value) -> str:
    """A value as written on a chart: 12 345 (Norwegian grouping), "<5" as it is, "–" if hidden."""
    if value is None:
        return "–"
    return number_format(value, force_grouping=True) if isinstance(value, int) else str(value)


def _length(value) -> int:
    return value if isinstance(value, int) else 0


# --- Horizontal bars: one item per line, its label above its bar(s) ----------------------------

LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 4
ITEM_GAP = 12
VALUE_ROOM = 60  # room right of the longest bar for its value


@dataclasses.dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    text: str
    text_x: float
    text_y: float
    series: int


@dataclasses.dataclass
class Item:
    label: str
    lines: list[tuple[str, float]]  # the label wrapped: (text, y)
    bars: list[Bar]


@dataclasses.dataclass
class LegendEntry:
    label: str
    series: int
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + 20

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 2


@dataclasses.dataclass
class HorizontalChart:
    id: str
    title: str
    width: int
    height: int
    items: list[Item]
    legend: list[LegendEntry]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def horizontal_bars(chart_id: str, title: str, items, series=("",)) -> HorizontalChart:
    """items: [(label, [value per series]), ...], values as shown (an int, or "<5")."""
    items = list(items)
    largest = max([_length(value) for _label, values in items for value in values] + [1])
    scale = (WIDTH - VALUE_ROOM) / largest
    legend = []
    y = 0.0
    if len(series) > 1:
        legend = [LegendEntry(str(label), index, index * WIDTH / len(series), 2) for index, label in enumerate(series)]
        y = LABEL_HEIGHT + ITEM_GAP
    laid_out = []
    for label, values in items:
        lines = []
        for line in textwrap.wrap(str(label), LABEL_LINE) or [""]:
            lines.append((line, y + LABEL_HEIGHT - 4))
            y += LABEL_HEIGHT
        bars = []
        for index, value in enumerate(values):
            width = round(_length(value) * scale, 1)
            bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=width,
                    height=BAR_HEIGHT,
                    text=shown(value),
                    text_x=width + 6,
                    text_y=y + BAR_HEIGHT - 2,
                    series=index,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ITEM_GAP
        laid_out.append(Item(str(label), lines, bars))
    return HorizontalChart(chart_id, str(title), WIDTH, math.ceil(y), laid_out, legend)


# --- Columns: one per month -------------------------------------------------------------------

PLOT_TOP = 22  # room above the tallest column for its value
PLOT_HEIGHT = 180
AXIS_ROOM = 40  # two lines under the axis: the month, and the year where it starts
MOST_VALUES_WRITTEN = 24  # beyond this many columns, values would overlap: the table has them
MOST_LABELS_WRITTEN = 12


@dataclasses.dataclass
class Column:
    x: float
    y: float
    width: float
    height: float
    text: str
    center: float
    label: str
    sublabel: str

    @property
    def text_y(self) -> float:
        return self.y - 5


@dataclasses.dataclass
class ColumnChart:
    id: str
    title: str
    width: int
    height: int
    columns: list[Column]
    baseline: float
    label_y: float
    sublabel_y: float
    write_values: bool

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def columns(chart_id: str, title: str, items) -> ColumnChart:
    """items: [(short label, second line or "", value as shown), ...] in order, e.g. one per month."""
    items = list(items)
    largest = max([_length(value) for _label, _sublabel, value in items] + [1])
    slot = (WIDTH - 10) / max(len(items), 1)
    every = math.ceil(len(items) / MOST_LABELS_WRITTEN) or 1
    baseline = PLOT_TOP + PLOT_HEIGHT
    laid_out = []
    for index, (label, sublabel, value) in enumerate(items):
        height = round(_length(value) * PLOT_HEIGHT / largest, 1)
        x = 5 + index * slot
        laid_out.append(
            Column(
                x=round(x + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
                text=shown(value),
                center=round(x + slot / 2, 1),
                label=label if index % every == 0 else "",
                sublabel=sublabel,
            )
        )
    return ColumnChart(
        chart_id,
        str(title),
        WIDTH,
        baseline + AXIS_ROOM,
        laid_out,
        baseline,
        baseline + 16,
        baseline + 32,
        write_values=len(items) <= MOST_VALUES_WRITTEN,
    )
