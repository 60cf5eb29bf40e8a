"""Charts drawn on the server as SVG: horizontal bars (a figure per unit, unit pair or level)
and columns over time (a figure per month). No script and nothing fetched from elsewhere:
the page works without JavaScript, prints, and passes a strict content security policy.

The geometry is computed here, in plain functions that are tested; the templates in
templates/portal/charts/ only place what is computed. Every chart stands beside a table of
the same figures on its page: the chart is for the eye, the table is the record.
"""

from collections.abc import Iterable
from dataclasses import dataclass

BAR_HEIGHT = 18
BAR_GAP = 8
LABEL_WIDTH = 220
BAR_AREA = 300
VALUE_WIDTH = 90
COLUMN_WIDTH = 22
COLUMN_GAP = 8
COLUMN_AREA = 120
AXIS_SPACE = 34


@dataclass(frozen=True)
class ChartRow:
    """One figure: its label, its value (None when there is nothing to measure), the text
    shown beside it ("83 %", "12 days"), an optional target drawn as a mark, and a link."""

    label: str
    value: float | None
    display: str = ""
    target: float | None = None
    url: str = ""


@dataclass(frozen=True)
class DrawnBar:
    row: ChartRow
    y: int
    width: float
    target_x: float | None
    text_y: int
    value_x: float
    bottom: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[DrawnBar, ...]
    width: int
    height: int
    label_width: int
    bar_height: int

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def _scale(values: Iterable[float | None], maximum: float | None) -> float:
    biggest = max((v for v in values if v is not None), default=0.0)
    top = maximum if maximum is not None else biggest
    return float(top) if top and top > 0 else 1.0


def bar_chart(rows: Iterable[ChartRow], *, maximum: float | None = None) -> BarChart:
    """Horizontal bars, one per row, scaled to `maximum` (100 for shares) or the largest
    value or target; a value above the maximum is drawn at full length."""
    rows = list(rows)
    top = _scale([r.value for r in rows] + [r.target for r in rows], maximum)
    bars = []
    for index, row in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = 0.0 if row.value is None else min(row.value, top) / top * BAR_AREA
        target_x = None
        if row.target is not None:
            target_x = LABEL_WIDTH + min(row.target, top) / top * BAR_AREA
        bars.append(
            DrawnBar(
                row=row,
                y=y,
                width=round(width, 1),
                target_x=None if target_x is None else round(target_x, 1),
                text_y=y + BAR_HEIGHT - 5,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                bottom=y + BAR_HEIGHT,
            )
        )
    height = max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT + BAR_GAP)
    return BarChart(
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=height,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


@dataclass(frozen=True)
class DrawnColumn:
    row: ChartRow
    x: int
    y: float
    height: float
    label_x: float

    @property
    def value_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple[DrawnColumn, ...]
    width: int
    height: int
    baseline: int
    column_width: int
    maximum: float

    @property
    def label_y(self) -> int:
        return self.baseline + 14


def column_chart(rows: Iterable[ChartRow], *, maximum: float | None = None) -> ColumnChart:
    """Columns over time, one per row in the given order (oldest first), scaled to
    `maximum` or the largest value; the value is written above each column."""
    rows = list(rows)
    top = _scale([r.value for r in rows], maximum)
    baseline = COLUMN_AREA + 16
    columns = []
    for index, row in enumerate(rows):
        height = 0.0 if row.value is None else min(row.value, top) / top * COLUMN_AREA
        x = index * (COLUMN_WIDTH + COLUMN_GAP)
        columns.append(
            DrawnColumn(
                row=row,
                x=x,
                y=round(baseline - height, 1),
                height=round(height, 1),
                label_x=x + COLUMN_WIDTH / 2,
            )
        )
    width = max(len(rows) * (COLUMN_WIDTH + COLUMN_GAP), COLUMN_WIDTH + COLUMN_GAP)
    return ColumnChart(
        columns=tuple(columns),
        width=width,
        height=baseline + AXIS_SPACE,
        baseline=baseline,
        column_width=COLUMN_WIDTH,
        maximum=top,
    )
