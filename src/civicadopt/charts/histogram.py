"""Histogram of many results (say 10,000 simulated net present values) with labelled marker lines
(P10, P50, P90, break-even at 0).

Bins are ``bins`` equal-width bins from the smallest to the largest value, as numpy.histogram makes
them: each includes its lower edge, the last also its upper edge. Markers are dark dashed lines with a
white halo so they stand out on the light bars, each labelled at its top with its name and value.
"""

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from . import svg, theme
from .axes import Scale, format_count, format_money, format_tick, nice_ticks
from .model import Chart, Marker
from .parts import (
    LINE_HEIGHT,
    MARGIN,
    TICK_GAP,
    Plot,
    axis_title_below,
    finish,
    join_names,
    no_data,
    title_block,
    value_axis_width,
    vertical_value_axis,
)

PLOT_HEIGHT = 270
Y_LABEL = "Count"


def _values(values: Sequence[float] | np.ndarray) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError("Histogram values must be numbers") from error
    if array.ndim != 1:
        raise ValueError("Histogram values must be a flat sequence of numbers")
    if not np.isfinite(array).all():
        raise ValueError("Histogram values must be finite numbers (no NaN or infinity)")
    return array


def _label_rows(spans: Sequence[tuple[float, float]]) -> list[int]:
    """The row (0 = nearest the plot) of each marker label, so that labels in one row do not overlap."""
    row_ends: list[float] = []
    rows = []
    for start, end in spans:
        for row, row_end in enumerate(row_ends):
            if start >= row_end + 16:
                row_ends[row] = end
                rows.append(row)
                break
        else:
            row_ends.append(end)
            rows.append(len(row_ends) - 1)
    return rows


def _share_below_zero(array: np.ndarray) -> str:
    share = float((array < 0).mean()) * 100
    if share < 0.5:
        return "less than 1%"
    if share > 99.5:
        return "more than 99%"
    return f"{round(share)}%"


def histogram(
    *,
    title: str,
    values: Sequence[float] | np.ndarray,
    bins: int = 30,
    markers: Sequence[Marker] = (),
    x_label: str = "Net present value",
    money: str = "$",
) -> Chart:
    array = _values(values)
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise ValueError("The number of bins must be a whole number of at least 1")
    markers = tuple(markers)
    label = svg.clean(x_label)
    columns = (f"{label} from", f"{label} to", Y_LABEL, "Markers")
    if array.size == 0:
        return no_data("histogram", title, columns)

    lo, hi = float(array.min()), float(array.max())
    if lo == hi:  # every value the same: one bin around it
        half = abs(lo) * 0.05 or 0.5
        lo, hi, bins = lo - half, hi + half, 1
    counts, edges = np.histogram(array, bins=int(bins), range=(lo, hi))
    rows = []
    for i, count in enumerate(counts):
        start, end = float(edges[i]), float(edges[i + 1])
        last = i == len(counts) - 1
        inside = [m for m in markers if start <= m.value < end or (last and m.value == end)]
        names = ", ".join(f"{svg.clean(m.label)} ({format_money(m.value, money)})" for m in inside)
        rows.append((start, end, int(count), names or None))
    chart_id = svg.make_id("histogram", title, (label, money, tuple(rows), markers))

    x_lo, x_hi = min([lo, *(m.value for m in markers)]), max([hi, *(m.value for m in markers)])
    x_ticks = [tick for tick in nice_ticks(x_lo, x_hi, 8) if x_lo <= tick <= x_hi]
    y_ticks = nice_ticks(0, float(counts.max()), 6, integer=True)
    y_labels = [format_count(tick) for tick in y_ticks]
    left = value_axis_width(y_labels, Y_LABEL, PLOT_HEIGHT)
    right = theme.WIDTH - MARGIN - 20
    x_scale = Scale(x_lo, x_hi, left, right)

    ordered = sorted(enumerate(markers), key=lambda pair: (pair[1].value, pair[0]))
    texts, spans = [], []
    for _, marker in ordered:
        text = f"{svg.clean(marker.label)} {format_money(marker.value, money)}".strip()
        width = svg.text_width(text)
        centre = min(max(x_scale(marker.value), MARGIN + width / 2), theme.WIDTH - MARGIN - width / 2)
        texts.append((text, centre, width))
        spans.append((centre - width / 2, centre + width / 2))
    label_rows = _label_rows(spans)

    heading, y = title_block(title)
    band = (max(label_rows) + 1) * LINE_HEIGHT + 10 if markers else 0
    plot = Plot(left, y + 10 + band, right, y + 10 + band + PLOT_HEIGHT)
    y_scale = Scale(y_ticks[0], y_ticks[-1], plot.bottom, plot.top)

    body = heading + vertical_value_axis(plot, y_ticks, y_scale, y_labels, Y_LABEL)
    bars = ""
    for i, count in enumerate(counts):
        if count:
            x0, x1 = x_scale(float(edges[i])), x_scale(float(edges[i + 1]))
            top = y_scale(float(count))
            bars += svg.rect(x0, top, x1 - x0, plot.bottom - top, theme.HISTOGRAM_FILL, theme.HISTOGRAM_EDGE)
    body += svg.group(bars, "bins")
    axis = svg.line(plot.left, plot.bottom, plot.right, plot.bottom, theme.INK)
    for tick in x_ticks:
        x = x_scale(tick)
        axis += svg.line(x, plot.bottom, x, plot.bottom + 5, theme.INK)
        axis += svg.text(
            x, plot.bottom + TICK_GAP + theme.FONT_SIZE, format_tick(tick, money), anchor="middle"
        )
    body += svg.group(axis, "x-axis")

    lines, tags = "", ""
    for n, ((_, marker), (text, centre, width), row) in enumerate(
        zip(ordered, texts, label_rows, strict=True)
    ):
        x = x_scale(marker.value)
        baseline = plot.top - 12 - row * LINE_HEIGHT
        dash = theme.MARKER_DASHES[n % len(theme.MARKER_DASHES)]
        lines += svg.line(x, baseline + 4, x, plot.bottom, theme.WHITE, 5)
        lines += svg.line(x, baseline + 4, x, plot.bottom, theme.INK, 2, dash)
        tags += svg.rect(
            centre - width / 2 - 2,
            baseline - theme.FONT_SIZE + 1,
            width + 4,
            theme.FONT_SIZE + 3,
            theme.WHITE,
        )
        tags += svg.text(centre, baseline, text, anchor="middle", bold=True)
    body += svg.group(lines, "markers") + svg.group(tags, "marker-labels")
    bottom = plot.bottom + TICK_GAP + theme.FONT_SIZE + LINE_HEIGHT + 8
    body += axis_title_below(plot, x_label, bottom)

    bin_count = f"{len(counts)} {'bin' if len(counts) == 1 else 'bins'}"
    smallest, largest = format_money(float(array.min()), money), format_money(float(array.max()), money)
    sentence = f"Histogram of {array.size:,} values of {label} in {bin_count}, from {smallest} to {largest}."
    findings = []
    if markers:
        findings.append("Markers: " + join_names([text for text, _, _ in texts]))
    else:
        findings.append(f"The median is {format_money(float(np.median(array)), money)}")
    if array.min() < 0 < array.max():
        findings.append(f"{_share_below_zero(array)} of values are below zero")
    alt = f"{sentence} {'; '.join(findings)}."
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


def values_from_bins(edges: Sequence[float], counts: Sequence[float]) -> list[float]:
    """Stand-in values that redraw a stored histogram: each bin's count copies of its centre."""
    centres = [(a + b) / 2 for a, b in pairwise(edges)]
    return [centre for centre, count in zip(centres, counts, strict=True) for _copy in range(int(count))]
