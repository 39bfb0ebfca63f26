"""Grouped bar chart: for each category (a year, say) one bar per group (costs, benefits...).

Bars grow up from the zero line for positive values and down from it for negative ones. Each group
has its own colour and fill pattern (solid, diagonal hatching, dots...) and a key in the legend.
"""

import math
from collections.abc import Sequence

from . import svg, theme
from .axes import Scale, format_money, format_tick, nice_ticks
from .model import BarGroup, Cell, Chart
from .parts import (
    LINE_HEIGHT,
    MARGIN,
    TICK_GAP,
    Plot,
    axis_title_below,
    box_swatch,
    finish,
    join_names,
    legend,
    no_data,
    pattern,
    title_block,
    value_axis_width,
    vertical_value_axis,
)

PLOT_HEIGHT = 300
BAND = 0.8  # share of each category's width taken by its bars
LABEL_ANGLE = 40  # degrees, for category labels too wide to sit side by side
MAX_LABEL_CHARS = 22
MAX_LABEL_LINES = 3


def _wrapped_labels(categories: Sequence[str], width: float) -> list[list[str]] | None:
    """Each category label on at most three lines within ``width``; None if some label will not fit."""
    wrapped = []
    for category in categories:
        if any(svg.text_width(word) > width for word in category.split(" ")):
            return None
        lines = svg.wrap(category, width)
        if len(lines) > MAX_LABEL_LINES:
            return None
        wrapped.append(lines)
    return wrapped


def _extremes(categories: Sequence[str], groups: Sequence[BarGroup], money: str) -> str:
    cells = [
        (value, svg.clean(group.name), svg.clean(category))
        for group in groups
        for category, value in zip(categories, group.values, strict=True)
    ]
    low = min(cells, key=lambda cell: cell[0])
    high = max(cells, key=lambda cell: cell[0])
    if low[0] == high[0]:
        return f"Every value is {format_money(low[0], money)}."
    return (
        f"Values range from {format_money(low[0], money)} ({low[1]}, {low[2]}) "
        f"to {format_money(high[0], money)} ({high[1]}, {high[2]})."
    )


def bar_chart(
    *,
    title: str,
    x_label: str,
    y_label: str,
    categories: Sequence[str],
    groups: Sequence[BarGroup],
    money: str = "$",
) -> Chart:
    categories = tuple(svg.clean(category) for category in categories)
    groups = tuple(groups)
    columns = (x_label, *(group.name for group in groups))
    for group in groups:
        if len(group.values) != len(categories):
            raise ValueError(
                f"{svg.clean(group.name)}: {len(group.values)} values for {len(categories)} categories"
            )
    if not categories or not groups:
        return no_data("bar chart", title, columns)

    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (category, *(group.values[i] for group in groups)) for i, category in enumerate(categories)
    )
    values = [value for group in groups for value in group.values]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    tick_labels = [format_tick(tick, money) for tick in ticks]
    chart_id = svg.make_id("bar", title, (x_label, y_label, money, columns, rows))

    defs = ""
    keys = []
    fills = []
    for index, group in enumerate(groups):
        markup, fill = pattern(chart_id, index)
        defs += markup
        fills.append(fill)
        keys.append((box_swatch(fill, theme.colour(index)), group.name))
    heading, y = title_block(title)
    key_markup, y = legend(keys, y)
    top = y + 18
    plot = Plot(
        value_axis_width(tick_labels, y_label, PLOT_HEIGHT), top, theme.WIDTH - MARGIN, top + PLOT_HEIGHT
    )
    y_scale = Scale(ticks[0], ticks[-1], plot.bottom, plot.top)
    slot = plot.width / len(categories)
    bar_width = slot * BAND / len(groups)

    body = heading + key_markup + vertical_value_axis(plot, ticks, y_scale, tick_labels, y_label)
    zero = y_scale(0)
    for index, group in enumerate(groups):
        bars = ""
        for i, value in enumerate(group.values):
            x = plot.left + slot * i + slot * (1 - BAND) / 2 + bar_width * index
            value_y = y_scale(value)
            width = max(bar_width - 1.5, 1.0)
            bars += svg.rect(
                x + 0.75, min(zero, value_y), width, abs(zero - value_y), fills[index], theme.colour(index)
            )
        body += svg.group(bars, "bar-group")
    body += svg.group(svg.line(plot.left, zero, plot.right, zero, theme.INK, 1.5), "zero-line")
    axis = svg.line(plot.left, plot.bottom, plot.right, plot.bottom, theme.INK)
    label_y = plot.bottom + TICK_GAP + theme.FONT_SIZE
    wrapped = _wrapped_labels(categories, slot - 6)
    if wrapped is not None:
        for i, lines in enumerate(wrapped):
            for n, line in enumerate(lines):
                x = plot.left + slot * (i + 0.5)
                axis += svg.text(x, label_y + n * (theme.FONT_SIZE + 3), line, anchor="middle")
        below = label_y + (max(len(lines) for lines in wrapped) - 1) * (theme.FONT_SIZE + 3)
    else:
        limit = MAX_LABEL_CHARS * theme.FONT_SIZE * theme.CHAR_WIDTH
        labels = [svg.truncate(category, limit) for category in categories]
        for i, label in enumerate(labels):
            x = plot.left + slot * (i + 0.5) + theme.FONT_SIZE * 0.35
            axis += svg.text(x, label_y - 4, label, anchor="end", rotate=-LABEL_ANGLE)
        drop = max(svg.text_width(label) for label in labels) * math.sin(math.radians(LABEL_ANGLE))
        below = label_y + drop
    body += svg.group(axis, "x-axis")
    bottom = below + LINE_HEIGHT + 8
    body += axis_title_below(plot, x_label, bottom)

    kind = "Grouped bar chart" if len(groups) > 1 else "Bar chart"
    alt = (
        f"{kind} of {svg.clean(y_label)} by {svg.clean(x_label)} for {join_names([g.name for g in groups])}, "
        f"{len(categories)} {'category' if len(categories) == 1 else 'categories'} from {categories[0]} "
        f"to {categories[-1]}. {_extremes(categories, groups, money)}"
    )
    return finish(
        chart_id=chart_id,
        title=title,
        alt=alt,
        height=bottom + MARGIN,
        body=body,
        defs=defs,
        columns=columns,
        rows=rows,
    )
