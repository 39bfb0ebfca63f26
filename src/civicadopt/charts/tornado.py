"""Tornado chart: how much a result (net present value) moves when each input is set to its low and
its high value, as horizontal bars either side of a vertical line at the base case.

Bars keep the order given (callers sort them widest first). The part of a bar from the base case to the
result with the input low is solid blue; to the result with the input high, hatched orange. Each end is
labelled with its value. When both results fall on the same side of the base case the two parts are
drawn half height, one above the other, so neither hides the other.
"""

from collections.abc import Sequence

from . import svg, theme
from .axes import Scale, format_money, format_tick, nice_ticks
from .model import Chart, TornadoInput, finite
from .parts import (
    LINE_HEIGHT,
    MARGIN,
    TICK_GAP,
    Plot,
    axis_title_below,
    box_swatch,
    finish,
    legend,
    no_data,
    pattern,
    title_block,
)

ROW = 38
BAR = 22
HALF_BAR = 16  # each part's height when both are on one side: a label's height, so labels do not overlap
LABEL_COLUMN = 240  # widest input label, before wrapping onto a second line
END_GAP = 6


def _row_label(label: str) -> list[str]:
    """An input's name on one or two lines; the rest is cut short (the table has it whole)."""
    lines = svg.wrap(label, LABEL_COLUMN)
    if len(lines) > 2:
        lines = [lines[0], svg.truncate(" ".join(lines[1:]), LABEL_COLUMN)]
    return lines


def _end_label(x: float, y: float, value: float, right: bool, money: str) -> str:
    label = format_money(value, money, 2)
    return svg.text(x + (END_GAP if right else -END_GAP), y + 5, label, anchor="start" if right else "end")


def _row(
    bar: TornadoInput,
    lines: Sequence[str],
    middle: float,
    label_right: float,
    base: float,
    scale: Scale,
    fills: tuple[str, str],
    money: str,
) -> str:
    """One input: its name, the bar from the base case to each result, and each end's value."""
    markup = ""
    first = middle + 5 - (len(lines) - 1) * (theme.FONT_SIZE + 2) / 2
    for n, line in enumerate(lines):
        markup += svg.text(label_right - 12, first + n * (theme.FONT_SIZE + 2), line, anchor="end")
    low, high = bar.value_at_low, bar.value_at_high
    same_side = (low - base) * (high - base) > 0
    height = HALF_BAR if same_side else BAR
    offset = (HALF_BAR + 2) / 2 if same_side else 0
    parts = (
        (low, fills[0], theme.colour(0), middle - offset),
        (high, fills[1], theme.colour(1), middle + offset),
    )
    base_x = scale(base)
    for value, fill, edge, centre in parts:
        end = scale(value)
        markup += svg.rect(min(base_x, end), centre - height / 2, abs(end - base_x), height, fill, edge)
    for index, (value, _, _, centre) in enumerate(parts):
        other = parts[1 - index][0]
        if value != base:
            right = value > base
        elif other != base:  # a zero-length part is labelled on the side away from the other part
            right = other < base
        else:
            right = index == 1
        markup += _end_label(scale(value), centre, value, right, money)
    return markup


def tornado_chart(
    *,
    title: str,
    base_value: float,
    bars: Sequence[TornadoInput],
    value_label: str = "Net present value",
    money: str = "$",
) -> Chart:
    base = finite(base_value, "Base value")
    bars = tuple(bars)
    low_column = f"{svg.clean(value_label)} with the input low"
    high_column = f"{svg.clean(value_label)} with the input high"
    columns = ("Input", low_column, high_column, "Swing")
    if not bars:
        return no_data("tornado chart", title, columns)

    rows = tuple(
        (bar.label, bar.value_at_low, bar.value_at_high, abs(bar.value_at_high - bar.value_at_low))
        for bar in bars
    )
    values = [base, *(v for bar in bars for v in (bar.value_at_low, bar.value_at_high))]
    lo, hi = min(values), max(values)
    if lo == hi:  # nothing moves: centre the base line on an axis either side of it
        lo, hi = lo - (abs(lo) or 1.0), hi + (abs(hi) or 1.0)
    ticks = nice_ticks(lo, hi)
    chart_id = svg.make_id("tornado", title, (base, value_label, money, rows))

    low_fill = theme.colour(0)
    high_defs, high_fill = pattern(chart_id, 1)
    heading, y = title_block(title)
    key_markup, y = legend(
        [
            (box_swatch(low_fill, theme.colour(0)), "Input at its low value"),
            (box_swatch(high_fill, theme.colour(1)), "Input at its high value"),
        ],
        y,
    )
    base_label_y = y + theme.FONT_SIZE + 4
    labels = [_row_label(bar.label) for bar in bars]
    label_width = max(svg.text_width(line) for lines in labels for line in lines)
    top = base_label_y + 10
    plot = Plot(MARGIN + label_width + 12, top, theme.WIDTH - MARGIN, top + ROW * len(bars))
    pad = max(svg.text_width(format_money(v, money, 2)) for v in values) + END_GAP + 4
    scale = Scale(ticks[0], ticks[-1], plot.left + pad, plot.right - pad)

    axis = ""
    for tick in ticks:
        x = scale(tick)
        axis += svg.line(x, plot.top, x, plot.bottom + 4, theme.GRID)
        axis += svg.text(
            x, plot.bottom + TICK_GAP + theme.FONT_SIZE, format_tick(tick, money), anchor="middle"
        )
    axis += svg.line(plot.left, plot.bottom, plot.right, plot.bottom, theme.INK)
    body = heading + key_markup + svg.group(axis, "x-axis")
    base_x = scale(base)
    for row, (bar, lines) in enumerate(zip(bars, labels, strict=True)):
        middle = plot.top + ROW * row + ROW / 2
        body += svg.group(
            _row(bar, lines, middle, plot.left, base, scale, (low_fill, high_fill), money), "row"
        )
    base_line = svg.line(base_x, plot.top - 4, base_x, plot.bottom + 4, theme.INK, 2)
    base_text = f"Base case {format_money(base, money, 2)}"
    half = svg.text_width(base_text, bold=True) / 2
    centre = min(max(base_x, MARGIN + half), theme.WIDTH - MARGIN - half)
    base_line += svg.text(centre, base_label_y, base_text, anchor="middle", bold=True)
    body += svg.group(base_line, "base-line")
    bottom = plot.bottom + TICK_GAP + theme.FONT_SIZE + LINE_HEIGHT + 8
    body += axis_title_below(plot, value_label, bottom)

    widest = max(bars, key=lambda bar: abs(bar.value_at_high - bar.value_at_low))
    count = f"{len(bars)} input{'s' if len(bars) != 1 else ''}"
    alt = (
        f"Tornado chart of how {svg.clean(value_label)} changes from the base case of "
        f"{format_money(base, money, 2)} when each of {count} is set to its low or its high value. "
        f"{svg.clean(widest.label)} moves it most: {format_money(widest.value_at_low, money, 2)} with the "
        f"input low and {format_money(widest.value_at_high, money, 2)} with it high."
    )
    return finish(
        chart_id=chart_id,
        title=title,
        alt=alt,
        height=bottom + MARGIN,
        body=body,
        defs=high_defs,
        columns=columns,
        rows=rows,
    )
