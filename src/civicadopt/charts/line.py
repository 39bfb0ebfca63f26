"""Line chart: one line per series over whole-number x values (years), with a zero line and a ring
where each line crosses zero (for cumulative discounted net cash flow, the payback point)."""

from collections.abc import Sequence

from . import svg, theme
from .axes import Scale, format_money, format_tick, format_x, nice_ticks, whole_ticks
from .model import Chart, Series
from .parts import (
    LINE_HEIGHT,
    MARGIN,
    TICK_GAP,
    Plot,
    Swatch,
    axis_title_below,
    finish,
    join_names,
    legend,
    no_data,
    point,
    title_block,
    value_axis_width,
    vertical_value_axis,
)

PLOT_HEIGHT = 300
INSET = 12  # keeps the first and last points off the plot edges
MAX_POINTS_WITH_MARKERS = 60


def zero_crossings(points: Sequence[tuple[int, float]]) -> tuple[float, ...]:
    """Where a line changes sign, interpolated linearly between the points either side.

    Points exactly at zero are where a crossing happens if the sign on either side differs; a line
    that touches zero and turns back, or starts at zero, does not cross.
    """
    crossings: list[float] = []
    last_sign = 0
    last_point: tuple[float, float] | None = None
    first_zero: float | None = None
    for x, y in sorted(points):
        if y == 0:
            if first_zero is None:
                first_zero = x
            continue
        sign = 1 if y > 0 else -1
        if last_point is not None and sign != last_sign:
            if first_zero is not None:
                crossings.append(first_zero)
            else:
                x0, y0 = last_point
                crossings.append(x0 + (0 - y0) * (x - x0) / (y - y0))
        last_sign, last_point, first_zero = sign, (x, y), None
    return tuple(crossings)


def _line_swatch(index: int) -> Swatch:
    colour = theme.colour(index)
    dash = theme.dash(index)
    shape = theme.shape(index)
    return lambda x, y: svg.line(x, y, x + 40, y, colour, 2.5, dash) + point(shape, x + 20, y, colour)


def _series_marks(index: int, points: Sequence[tuple[float, float]]) -> str:
    """A series' line (dashed in its own pattern) and its points (in its own shape)."""
    colour = theme.colour(index)
    marks = ""
    if len(points) > 1:
        dash = theme.dash(index)
        marks += svg.element(
            "path",
            {
                "d": "M" + " L".join(f"{svg.num(px)} {svg.num(py)}" for px, py in points),
                "fill": "none",
                "stroke": colour,
                "stroke-width": 2.5,
                "stroke-dasharray": dash or None,
                "stroke-linejoin": "round",
            },
        )
    if len(points) <= MAX_POINTS_WITH_MARKERS:
        shape = theme.shape(index)
        marks += "".join(point(shape, px, py, colour) for px, py in points)
    return marks


def _summary(item: Series, crossings: tuple[float, ...], money: str) -> str:
    name = svg.clean(item.name)
    if not item.points:
        return f"{name} has no data"
    x, y = max(item.points)
    text = f"{name} ends at {format_money(y, money)} in {format_x(x)}"
    if crossings:
        return text + " and crosses zero at " + join_names([format_x(c) for c in crossings])
    return text + " and does not cross zero"


def line_chart(
    *, title: str, x_label: str, y_label: str, series: Sequence[Series], money: str = "$"
) -> Chart:
    series = tuple(series)
    columns = (x_label, *(item.name for item in series))
    for item in series:
        xs = [x for x, _ in item.points]
        if len(set(xs)) != len(xs):
            raise ValueError(f"{svg.clean(item.name)}: each x value may appear only once")
    if not any(item.points for item in series):
        return no_data("line chart", title, columns)

    xs = sorted({x for item in series for x, _ in item.points})
    lookup = [dict(item.points) for item in series]
    rows = tuple((x, *(values.get(x) for values in lookup)) for x in xs)
    ys = [y for item in series for _, y in item.points]
    ticks = nice_ticks(min(0.0, *ys), max(0.0, *ys))
    tick_labels = [format_tick(tick, money) for tick in ticks]
    crossings = [zero_crossings(item.points) for item in series]
    chart_id = svg.make_id("line", title, (x_label, y_label, money, columns, rows))

    heading, y = title_block(title)
    keys = []
    for index, (item, crossing) in enumerate(zip(series, crossings, strict=True)):
        label = svg.clean(item.name)
        if crossing:
            label += " (crosses zero at " + join_names([format_x(c) for c in crossing]) + ")"
        keys.append((_line_swatch(index), label))
    key_markup, y = legend(keys, y, swatch_width=40)
    top = y + 18
    plot = Plot(
        value_axis_width(tick_labels, y_label, PLOT_HEIGHT), top, theme.WIDTH - MARGIN - 14, top + PLOT_HEIGHT
    )
    y_scale = Scale(ticks[0], ticks[-1], plot.bottom, plot.top)
    x_scale = Scale(xs[0], xs[-1], plot.left + INSET, plot.right - INSET)
    widest = max(svg.text_width(format_x(x)) for x in (xs[0], xs[-1]))
    x_ticks = whole_ticks(xs[0], xs[-1], max(2, int(plot.width // (widest + 10))))

    body = heading + key_markup + vertical_value_axis(plot, ticks, y_scale, tick_labels, y_label)
    axis = svg.line(plot.left, plot.bottom, plot.right, plot.bottom, theme.INK)
    for x in x_ticks:
        axis += svg.line(x_scale(x), plot.bottom, x_scale(x), plot.bottom + 5, theme.INK)
        axis += svg.text(x_scale(x), plot.bottom + TICK_GAP + theme.FONT_SIZE, format_x(x), anchor="middle")
    body += svg.group(axis, "x-axis")
    body += svg.group(svg.line(plot.left, y_scale(0), plot.right, y_scale(0), theme.INK, 1.5), "zero-line")
    for index, item in enumerate(series):
        points = [(x_scale(x), y_scale(value)) for x, value in sorted(item.points)]
        body += svg.group(_series_marks(index, points), "series")
    rings = ""
    for index, crossing in enumerate(crossings):
        for crossing_x in crossing:
            rings += svg.element(
                "circle",
                {
                    "cx": x_scale(crossing_x),
                    "cy": y_scale(0),
                    "r": 8.0,
                    "fill": "none",
                    "stroke": theme.colour(index),
                    "stroke-width": 2.5,
                },
            )
    body += svg.group(rings, "crossings")
    bottom = plot.bottom + TICK_GAP + theme.FONT_SIZE + LINE_HEIGHT + 8
    body += axis_title_below(plot, x_label, bottom)

    alt = (
        f"Line chart of {svg.clean(y_label)} by {svg.clean(x_label)} from {format_x(xs[0])} to "
        f"{format_x(xs[-1])} for {join_names([item.name for item in series])}. "
        + "; ".join(_summary(item, c, money) for item, c in zip(series, crossings, strict=True))
        + "."
    )
    return finish(
        chart_id=chart_id,
        title=title,
        alt=alt,
        height=bottom + MARGIN,
        body=body,
        defs="",
        columns=columns,
        rows=rows,
    )
