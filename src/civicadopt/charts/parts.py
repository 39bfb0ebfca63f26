"""Pieces every chart shares: the title, the legend, fill patterns, point shapes, axes, "No data"."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import svg, theme
from .axes import Scale
from .model import Cell, Chart

MARGIN = 16
LINE_HEIGHT = 20
TITLE_LINE_HEIGHT = 23
TICK_GAP = 8

Swatch = Callable[[float, float], str]  # draws a legend key centred vertically on (x, y)


def title_block(title: str, top: float = 0) -> tuple[str, float]:
    """The visible title, wrapped to the chart's width; returns the markup and the y below it."""
    lines = svg.wrap(title, theme.WIDTH - 2 * MARGIN, theme.TITLE_SIZE, bold=True)
    y = top + MARGIN + theme.TITLE_SIZE
    markup = ""
    for line in lines:
        markup += svg.text(MARGIN, y, line, size=theme.TITLE_SIZE, bold=True)
        y += TITLE_LINE_HEIGHT
    return markup, y - TITLE_LINE_HEIGHT + 10


def legend(items: Sequence[tuple[Swatch, str]], top: float, swatch_width: float = 30) -> tuple[str, float]:
    """Legend keys laid out left to right, wrapping onto more rows; returns the markup and the y below it."""
    if not items:
        return "", top
    available = theme.WIDTH - 2 * MARGIN
    x, y = float(MARGIN), top + LINE_HEIGHT / 2 + 4
    markup = ""
    for swatch, label in items:
        label = svg.truncate(label, available - swatch_width - 8)
        width = swatch_width + 8 + svg.text_width(label)
        if x > MARGIN and x + width > theme.WIDTH - MARGIN:
            x, y = float(MARGIN), y + LINE_HEIGHT + 4
        markup += swatch(x, y) + svg.text(x + swatch_width + 8, y + 5, label)
        x += width + 24
    return svg.group(markup, "legend"), y + LINE_HEIGHT / 2 + 6


def pattern(chart_id: str, index: int) -> tuple[str, str]:
    """The fill of bar group ``index``: returns (<pattern> markup for <defs>, the value for fill=)."""
    colour = theme.colour(index)
    kind = theme.fill_pattern(index)
    if kind == "solid":
        return "", colour
    pattern_id = f"{chart_id}-fill-{index}"
    size, rotate, marks = 8.0, None, ""
    if kind in ("diagonal", "reverse-diagonal"):
        rotate = 45 if kind == "diagonal" else -45
        marks = svg.line(1.5, 0, 1.5, size, colour, 3)
    elif kind == "crosshatch":
        rotate = 45
        marks = svg.line(1, 0, 1, size, colour, 2) + svg.line(0, 1, size, 1, colour, 2)
    elif kind == "horizontal":
        size = 6.0
        marks = svg.rect(0, 0, size, 2.5, colour)
    else:  # dots
        size = 6.0
        marks = svg.element("circle", {"cx": 3.0, "cy": 3.0, "r": 1.9, "fill": colour})
    markup = svg.element(
        "pattern",
        {
            "id": pattern_id,
            "width": size,
            "height": size,
            "patternUnits": "userSpaceOnUse",
            "patternTransform": None if rotate is None else f"rotate({rotate})",
        },
        svg.rect(0, 0, size, size, theme.WHITE) + marks,
    )
    return markup, f"url(#{pattern_id})"


def box_swatch(fill: str, stroke: str) -> Swatch:
    return lambda x, y: svg.rect(x + 7, y - 8, 16, 16, fill, stroke)


def point(shape: str, x: float, y: float, fill: str, size: float = 4.5) -> str:
    """A point marker; each series has its own shape so points differ without colour."""
    s = size
    if shape == "circle":
        return svg.element("circle", {"cx": x, "cy": y, "r": s, "fill": fill})
    if shape == "square":
        return svg.rect(x - s * 0.85, y - s * 0.85, s * 1.7, s * 1.7, fill)
    corners = {
        "triangle": ((0, -1.2), (1.1, 0.85), (-1.1, 0.85)),
        "triangle-down": ((0, 1.2), (1.1, -0.85), (-1.1, -0.85)),
        "diamond": ((0, -1.25), (1.05, 0), (0, 1.25), (-1.05, 0)),
        "cross": (
            (-0.35, -1.1), (0.35, -1.1), (0.35, -0.35), (1.1, -0.35), (1.1, 0.35), (0.35, 0.35),
            (0.35, 1.1), (-0.35, 1.1), (-0.35, 0.35), (-1.1, 0.35), (-1.1, -0.35), (-0.35, -0.35),
        ),
    }[shape]  # fmt: skip
    points = " ".join(f"{svg.num(x + dx * s)},{svg.num(y + dy * s)}" for dx, dy in corners)
    return svg.element("polygon", {"points": points, "fill": fill})


@dataclass(frozen=True)
class Plot:
    """The plotting rectangle inside the chart."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def axis_title_lines(title: str, length: float) -> list[str]:
    """A rotated axis title on one or two lines along ``length``; the rest is cut short."""
    if not svg.clean(title):
        return []
    lines = svg.wrap(title, length)
    if len(lines) > 2:
        lines = [lines[0], svg.truncate(" ".join(lines[1:]), length)]
    return lines


def value_axis_width(labels: Sequence[str], title: str, length: float) -> float:
    """Room left of a plot ``length`` high for the tick labels and the rotated axis title."""
    title_width = len(axis_title_lines(title, length)) * (theme.FONT_SIZE + 4) + 6
    return MARGIN + title_width + max(svg.text_width(label) for label in labels) + TICK_GAP


def vertical_value_axis(
    plot: Plot, ticks: Sequence[float], scale: Scale, labels: Sequence[str], title: str
) -> str:
    """Horizontal gridlines with tick labels on the left, and the axis title rotated along the left edge."""
    markup = ""
    for tick, label in zip(ticks, labels, strict=True):
        y = scale(tick)
        markup += svg.line(plot.left, y, plot.right, y, theme.GRID)
        markup += svg.text(plot.left - TICK_GAP, y + 5, label, anchor="end")
    middle = (plot.top + plot.bottom) / 2
    for n, line in enumerate(axis_title_lines(title, plot.height)):
        x = MARGIN + theme.FONT_SIZE + n * (theme.FONT_SIZE + 4)
        markup += svg.text(x, middle, line, anchor="middle", rotate=-90)
    return svg.group(markup, "value-axis")


def axis_title_below(plot: Plot, title: str, y: float) -> str:
    """The x axis title, centred under the plot at baseline ``y``."""
    return svg.text((plot.left + plot.right) / 2, y, svg.truncate(title, plot.width), anchor="middle")


def no_data(kind: str, title: str, columns: Sequence[str]) -> Chart:
    """A chart that says there is nothing to draw, instead of failing: the page still has its figure."""
    chart_id = svg.make_id(kind, title, ("no data", tuple(columns)))
    heading, y = title_block(title)
    box = Plot(MARGIN, y + 10, theme.WIDTH - MARGIN, y + 130)
    body = (
        heading
        + svg.element(
            "rect",
            {
                "x": box.left,
                "y": box.top,
                "width": box.width,
                "height": box.height,
                "fill": theme.WHITE,
                "stroke": theme.COLOURS[5],
                "stroke-dasharray": "6 4",
            },
        )
        + svg.text(theme.WIDTH / 2, (box.top + box.bottom) / 2 + 5, "No data to chart", anchor="middle")
    )
    alt = f"This {kind} has no data to show."
    return Chart(
        svg=svg.document(chart_id=chart_id, title=title, desc=alt, height=box.bottom + MARGIN, body=body),
        title=svg.clean(title),
        alt=alt,
        columns=tuple(svg.clean(column) for column in columns),
        rows=(),
    )


def finish(
    *,
    chart_id: str,
    title: str,
    alt: str,
    height: float,
    body: str,
    defs: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    width: float | None = None,
) -> Chart:
    return Chart(
        svg=svg.document(
            chart_id=chart_id, title=title, desc=alt, height=height, body=body, defs=defs, width=width
        ),
        title=svg.clean(title),
        alt=alt,
        columns=tuple(svg.clean(column) for column in columns),
        rows=tuple(tuple(svg.clean(cell) if isinstance(cell, str) else cell for cell in row) for row in rows),
    )


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [svg.clean(name) for name in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
