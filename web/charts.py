"""Bar charts drawn as SVG on the server, for governance's report pages.

Why no charting library: the charts the reports need are horizontal bars, single or
stacked, and a table beside each says the same in words and numbers. A few lines of
geometry here and one Jinja macro (``_chart.html``) draw them in GOV.UK Frontend's colours
and typeface with no JavaScript, so the pages keep their strict Content-Security-Policy
(no script and no inline style), print as they show, and add nothing to install. matplotlib
would also draw SVG on the server, but brings numpy and a font cache for the same bars;
pygal and the JavaScript libraries (Chart.js, D3, Highcharts) draw with scripts in the page.

The SVG is hidden from screen readers (``aria-hidden``): the table behind each chart, right
under it, is what they read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# GOV.UK Frontend's palette: blue, orange, turquoise, purple, with enough contrast on white.
COLOURS = ("#1d70b8", "#f47738", "#28a197", "#4c2c92")
WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 70
ROW_HEIGHT = 32
BAR_HEIGHT = 22
LEGEND_HEIGHT = 30


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    segments: list[Segment]
    value_x: float


@dataclass(frozen=True)
class LegendEntry:
    name: str
    colour: str
    x: float


@dataclass
class Chart:
    """A horizontal bar chart: a bar per label, each of one or more parts (``series``)."""

    title: str
    series: list[str]
    rows: list[tuple[str, list[float]]]
    percent: bool = False  # values are shares (0 to 1), the scale runs to 100%
    bars: list[Bar] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    height: float = 0
    width: int = WIDTH

    def __post_init__(self) -> None:
        self.bars, self.legend, self.height = layout(self)


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def layout(chart: Chart) -> tuple[list[Bar], list[LegendEntry], float]:
    """Where each bar and part goes: bars scaled to the largest total (or to 100%)."""
    top = LEGEND_HEIGHT if len(chart.series) > 1 else 0
    legend = [
        LegendEntry(name, COLOURS[i % len(COLOURS)], LABEL_WIDTH + i * 110)
        for i, name in enumerate(chart.series)
        if len(chart.series) > 1
    ]
    totals = [sum(values) for _, values in chart.rows]
    scale_to = 1.0 if chart.percent else max([*totals, 0]) or 1.0
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, values) in enumerate(chart.rows):
        x = float(LABEL_WIDTH)
        segments = []
        for i, value in enumerate(values):
            width = room * value / scale_to
            segments.append(Segment(x, width, COLOURS[i % len(COLOURS)]))
            x += width
        total = sum(values)
        bars.append(
            Bar(
                label=label,
                value_text=_number(total, chart.percent),
                y=top + index * ROW_HEIGHT,
                segments=segments,
                value_x=x + 6,
            )
        )
    return bars, legend, top + len(chart.rows) * ROW_HEIGHT
