"""Gantt chart: one row per task of a plan, with bars on a calendar axis across the top.

A task's bar runs from the start of its first day to the end of its last (``finish`` + 1 day). Critical
tasks are red and hatched, other tasks solid blue, so the two differ in greyscale too; summary tasks are
thin black brackets; milestones are diamonds in the middle of their day. A baseline is a thin grey bar
under the task's bar, progress a dark inner bar from the start to ``percent_complete``, and "today" a
dashed vertical line with a label. Dependencies are arrows from one bar to the next (``gantt_links``).

Names are shown whole in a column left of the bars: a long name wraps onto more lines and its row grows
(the full text is also in each row's ``<title>`` and in the data table). Phases are bold and indented
by outline level. The alt text names the critical path task by task.

Without a ``zoom`` the chart fits the width of a page (for reports). With one ("week", "month" or
"quarter", see ``gantt_axis.ZOOMS``) a day has a fixed width and the chart is as wide as the plan needs,
for a page to scroll. ``names=False`` leaves out the names column, the visible title and the legend's
place above the rows, so the rows start at ``PAGE_HEADER`` whatever the plan: a page can set its own table
of the tasks beside the chart, row against row (the legend then goes below the rows).
"""

from collections.abc import Sequence
from datetime import date, datetime
from xml.sax.saxutils import escape

from . import svg, theme
from .axes import Scale
from .gantt_axis import GAP, MONTHS, PAD, UNITS, ZOOMS, Unit, axis, choose_unit, context_unit, long_date
from .gantt_links import Anchor, arrows
from .gantt_model import GanttLink, GanttRow
from .model import Cell, Chart
from .parts import LINE_HEIGHT, MARGIN, Plot, Swatch, finish, legend, no_data, title_block

__all__ = ["GAP", "MONTHS", "PAD", "UNITS", "ZOOMS", "Unit", "choose_unit", "gantt", "long_date"]

COLUMNS = ("ID", "Task", "Start", "Finish", "Working days of float", "Critical", "Baseline finish", "% complete")  # fmt: skip

ROW = 26
BAR = 14
INDENT = 14  # per outline level, up to MAX_INDENT_LEVELS levels
MAX_INDENT_LEVELS = 6
KEY_COLUMN = 64  # widest task id before it is cut short
LABEL_COLUMN = 230  # a longer task name wraps onto more lines
NAME_LINE = 17  # between the lines of a wrapped name
INSET = 8  # keeps diamonds at the first and last day inside the plot
# Without names, where the rows start: the axis's two lines and the line for "Today" above them.
PAGE_HEADER = 6 + theme.FONT_SIZE + LINE_HEIGHT + 8 + LINE_HEIGHT + 8

TASK = theme.colour(0)  # primary #005ea2, 6.7:1
CRITICAL = "#b50909"  # USWDS red-60v, 7.0:1
BASELINE = "#71767a"  # USWDS base, 4.6:1
PROGRESS = theme.INK


def _diamond(x: float, y: float, half: float, fill: str, stroke: str | None = None) -> str:
    points = ((x, y - half), (x + half, y), (x, y + half), (x - half, y))
    return svg.element(
        "polygon",
        {
            "points": " ".join(f"{svg.num(px)},{svg.num(py)}" for px, py in points),
            "fill": fill,
            "stroke": stroke,
            "stroke-width": None if stroke is None else 1.5,
            "class": "milestone",
        },
    )


def _bracket(x0: float, x1: float, top: float, fill: str) -> str:
    """A summary bar: a thin bar with a downward point at each end."""
    bar, tip = 5.0, 5.0
    if x1 - x0 < 2 * tip + 2:
        return svg.element(
            "rect", {"x": x0, "y": top, "width": max(x1 - x0, 2.0), "height": bar, "fill": fill}
        )
    d = (
        f"M{svg.num(x0)} {svg.num(top)} H{svg.num(x1)} V{svg.num(top + bar + tip)} "
        f"L{svg.num(x1 - tip)} {svg.num(top + bar)} H{svg.num(x0 + tip)} L{svg.num(x0)} {svg.num(top + bar + tip)} Z"
    )
    return svg.element("path", {"d": d, "fill": fill, "class": "summary"})


def _box(
    kind: str, x: float, y: float, width: float, height: float, fill: str, stroke: str | None = None
) -> str:
    """A rect with a class naming what it is; never narrower than 2, so a one-day bar stays visible."""
    stroke_width = None if stroke is None else 1.5
    size = {"x": x, "y": y, "width": max(width, 2.0), "height": height}
    return svg.element(
        "rect", {**size, "fill": fill, "stroke": stroke, "stroke-width": stroke_width, "class": kind}
    )


def _today_line(x: float, top: float, bottom: float) -> str:
    return svg.line(x, top, x, bottom, theme.WHITE, 5) + svg.line(x, top, x, bottom, theme.INK, 2, "6 4")


def _marks(row: GanttRow, middle: float, scale: Scale, critical_fill: str) -> str:
    """The bar, diamond or bracket of one row, its baseline under it and its progress inside it."""
    markup = ""
    has_baseline = row.baseline_start is not None and row.baseline_finish is not None
    if row.baseline_start is not None and row.baseline_finish is not None:
        x0, x1 = scale(row.baseline_start.toordinal()), scale(row.baseline_finish.toordinal() + 1)
        markup += _box("baseline", x0, middle + 5, x1 - x0, 4, BASELINE)
    lift = 2.0 if has_baseline else 0.0  # room for the baseline under the bar
    start, end = scale(row.start.toordinal()), scale(row.finish.toordinal() + 1)
    if row.kind == "milestone":
        centre = (start + end) / 2
        if row.critical:
            return markup + _diamond(centre, middle - lift, 7, critical_fill, CRITICAL)
        return markup + _diamond(centre, middle - lift, 7, theme.INK)
    if row.kind == "summary":
        return markup + _bracket(start, end, middle - 7 - lift, theme.INK)
    height = BAR - (2 if has_baseline else 0)
    top = middle - height / 2 - lift
    if row.critical:
        markup += _box("bar critical", start, top, end - start, height, critical_fill, CRITICAL)
    else:
        markup += _box("bar", start, top, end - start, height, TASK)
    if row.percent_complete > 0:
        done = (end - start) * row.percent_complete / 100
        markup += _box("progress", start, top + height / 2 - 2, done, 4, PROGRESS)
    return markup


def _legend_items(
    rows: Sequence[GanttRow], today_shown: bool, critical_fill: str
) -> list[tuple[Swatch, str]]:
    kinds = {(row.kind, row.critical) for row in rows}
    items: list[tuple[Swatch, str]] = []
    if any(critical for kind, critical in kinds if kind != "summary"):
        items.append(
            (lambda x, y: _box("key", x + 3, y - 7, 24, 14, critical_fill, CRITICAL), "Critical path")
        )
    if ("task", False) in kinds:
        items.append((lambda x, y: _box("key", x + 3, y - 7, 24, 14, TASK), "Not critical"))
    if any(kind == "summary" for kind, _ in kinds):
        items.append((lambda x, y: _bracket(x + 1, x + 29, y - 6, theme.INK), "Summary"))
    if ("milestone", False) in kinds:
        items.append((lambda x, y: _diamond(x + 15, y, 7, theme.INK), "Milestone"))
    elif ("milestone", True) in kinds:
        items.append((lambda x, y: _diamond(x + 15, y, 7, critical_fill, CRITICAL), "Milestone"))
    if any(row.baseline_start is not None for row in rows):
        items.append((lambda x, y: _box("key", x + 3, y - 2, 24, 4, BASELINE), "Baseline"))
    if any(row.percent_complete > 0 and row.kind == "task" for row in rows):
        items.append((lambda x, y: _box("key", x + 3, y - 2, 16, 4, PROGRESS), "Work done"))
    if today_shown:
        items.append((lambda x, y: _today_line(x + 15, y - 9, y + 9), "Today"))
    return items


def _critical_pattern(pattern_id: str) -> str:
    """Red with white diagonal stripes: hatched, so a critical bar differs from a solid one in greyscale."""
    size = {"width": 6.0, "height": 6.0, "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"}
    stripes = svg.rect(0, 0, 6, 6, CRITICAL) + svg.line(1.5, 0, 1.5, 6, theme.WHITE, 2)
    return svg.element("pattern", {"id": pattern_id, **size}, stripes)


def _table_row(row: GanttRow) -> tuple[Cell, ...]:
    return (
        row.key,
        row.label,
        row.start.isoformat(),
        row.finish.isoformat(),
        row.total_float,
        "Yes" if row.critical else "No",
        None if row.baseline_finish is None else row.baseline_finish.isoformat(),
        row.percent_complete,
    )


def _alt(rows: Sequence[GanttRow], today: date | None, links: int) -> str:
    first, last = min(row.start for row in rows), max(row.finish for row in rows)
    count = f"{len(rows)} task{'' if len(rows) == 1 else 's'}"
    when = f"on {long_date(first)}" if first == last else f"from {long_date(first)} to {long_date(last)}"
    path = [svg.clean(row.label) for row in rows if row.critical and row.kind != "summary"]
    if not path:
        critical = "no task is marked as on the critical path"
    else:
        critical = "critical path: " + " → ".join(path)
    alt = f"Gantt chart of {count} {when}; {critical}."
    if links:
        alt += f" {links} dependency arrow{'' if links == 1 else 's'} link the tasks."
    if today is not None:
        alt += f" Today, {long_date(today)}, is marked."
    return alt


def _check(
    rows: Sequence[GanttRow], links: Sequence[GanttLink], today: date | None, zoom: str | None
) -> None:
    for row in rows:
        if not isinstance(row, GanttRow):
            raise ValueError(f"Gantt rows must be GanttRow, not {type(row).__name__}")
    for link in links:
        if not isinstance(link, GanttLink):
            raise ValueError(f"Gantt links must be GanttLink, not {type(link).__name__}")
    if today is not None and (not isinstance(today, date) or isinstance(today, datetime)):
        raise ValueError(f"today must be a date, not {today!r}")
    if zoom is not None and zoom not in ZOOMS:
        raise ValueError(f"zoom must be one of {', '.join(ZOOMS)}, not {zoom!r}")


def _names(rows: Sequence[GanttRow]) -> tuple[list[str], list[int], list[list[str]], float]:
    """The ids (cut short), indents, wrapped names and the width of the names column's text."""
    keys = [svg.truncate(row.key, KEY_COLUMN) for row in rows]
    indents = [min(row.level, MAX_INDENT_LEVELS) * INDENT for row in rows]
    names = [
        svg.wrap(row.label, LABEL_COLUMN - indent, bold=row.kind == "summary")
        for row, indent in zip(rows, indents, strict=True)
    ]
    widest = max(
        svg.text_width("Task", bold=True),
        *(
            indent + max(svg.text_width(line, bold=row.kind == "summary") for line in lines)
            for row, indent, lines in zip(rows, indents, names, strict=True)
        ),
    )
    return keys, indents, names, widest


def gantt(
    rows: Sequence[GanttRow],
    *,
    title: str,
    today: date | None = None,
    links: Sequence[GanttLink] = (),
    zoom: str | None = None,
    names: bool = True,
    span: tuple[date, date] | None = None,
) -> Chart:
    """A Gantt chart of ``rows`` in the order given, with an arrow for each of ``links`` between two of
    them and a line at ``today`` if it falls in the plan; ``zoom`` and ``names`` as the module says.
    ``span`` (first and last day) widens the time axis to cover them too: pages of one plan's rows then
    share one time scale."""
    rows, links = tuple(rows), tuple(links)
    _check(rows, links, today, zoom)
    if span is not None and (
        len(span) != 2 or any(isinstance(d, datetime) or not isinstance(d, date) for d in span)
    ):
        raise ValueError(f"span must be two dates, not {span!r}")
    if not rows:
        return no_data("Gantt chart", title, COLUMNS)

    days = [(row.start.toordinal(), row.finish.toordinal() + 1) for row in rows]
    days += [
        (row.baseline_start.toordinal(), row.baseline_finish.toordinal() + 1)
        for row in rows
        if row.baseline_start is not None and row.baseline_finish is not None
    ]
    if span is not None:
        days.append((min(span).toordinal(), max(span).toordinal() + 1))
    lo, hi = min(first for first, _ in days), max(last for _, last in days)
    shown_today = today if today is not None and lo <= today.toordinal() < hi else None
    chart_id = svg.make_id("gantt", title, (rows, links, shown_today, zoom, names, lo, hi))
    pattern_id = f"{chart_id}-critical"
    critical_fill = f"url(#{pattern_id})"
    legend_items = _legend_items(rows, shown_today is not None, critical_fill)

    keys, indents, labels, label_width = _names(rows) if names else ([], [], [], 0.0)
    key_width = max(svg.text_width("ID", bold=True), *(svg.text_width(k) for k in keys)) if names else 0.0
    label_left = MARGIN + key_width + 10
    heights = [max(ROW, len(lines) * NAME_LINE + 9) for lines in labels] if names else [ROW] * len(rows)

    body = ""
    if names:
        heading, y = title_block(title)
        key_markup, y = legend(legend_items, y)
        body += heading + key_markup
        header_top = y + 6
        left = label_left + label_width + 12
    else:
        header_top, left = 6.0, float(MARGIN)
    if zoom is None:
        chart_width = float(theme.WIDTH)
        unit = choose_unit(lo, hi, (chart_width - MARGIN - left - 2 * INSET) / (hi - lo))
    else:
        unit = ZOOMS[zoom].unit
        chart_width = max(
            float(theme.WIDTH), left + (hi - lo) * ZOOMS[zoom].pixels_per_day + 2 * INSET + MARGIN
        )
    rule = header_top + theme.FONT_SIZE + (LINE_HEIGHT if context_unit(unit) else 0) + 8
    rows_top = rule + (LINE_HEIGHT + 8 if shown_today or not names else 0)
    plot = Plot(left, rows_top, chart_width - MARGIN, rows_top + sum(heights))
    scale = Scale(lo, hi, plot.left + INSET, plot.right - INSET)

    time_axis, label_baseline = axis(unit, lo, hi, scale, plot, header_top)
    body += time_axis
    if names:
        header = svg.text(MARGIN, label_baseline, "ID", bold=True)
        header += svg.text(label_left, label_baseline, "Task", bold=True)
        body += svg.group(header, "column-headings")
    body += svg.line(MARGIN, rule, plot.right, rule, theme.INK)

    anchors: dict[str, Anchor] = {}
    top = plot.top
    for index, (row, height) in enumerate(zip(rows, heights, strict=True)):
        middle = top + height / 2
        when = long_date(row.start)
        if row.finish != row.start:
            when += f" to {long_date(row.finish)}"
        hover = f"{row.key} {row.label}: {row.kind} {when}{', critical' if row.critical else ''}"
        markup = svg.element("title", {}, escape(svg.clean(hover)))
        if names:
            first = middle + 5 - (len(labels[index]) - 1) * NAME_LINE / 2
            markup += svg.text(MARGIN, first, keys[index])
            for number, line in enumerate(labels[index]):
                x = label_left + indents[index]
                markup += svg.text(x, first + number * NAME_LINE, line, bold=row.kind == "summary")
        markup += _marks(row, middle, scale, critical_fill)
        if index:
            markup += svg.line(MARGIN, top, plot.right, top, theme.GRID)
        body += svg.group(markup, "gantt-row")
        start, end = scale(row.start.toordinal()), scale(row.finish.toordinal() + 1)
        if row.kind == "milestone":
            centre = (start + end) / 2
            start, end = centre - 7, centre + 7
        anchors.setdefault(row.key, Anchor(start, end, middle, top, top + height))
        top += height
    body += arrows(links, anchors)
    body += svg.line(MARGIN, plot.bottom, plot.right, plot.bottom, theme.INK)

    if shown_today is not None:
        x = scale(shown_today.toordinal() + 0.5)
        text = f"Today, {long_date(shown_today)}"
        half = svg.text_width(text, bold=True) / 2
        centre = min(max(x, plot.left + half), plot.right - half)
        marker = _today_line(x, rule + LINE_HEIGHT + 2, plot.bottom)
        marker += svg.text(centre, rule + LINE_HEIGHT - 2, text, anchor="middle", bold=True)
        body += svg.group(marker, "today")
    bottom = plot.bottom
    if not names:
        key_markup, bottom = legend(legend_items, plot.bottom + 8)
        body += key_markup

    drawn = sum(1 for link in links if link.predecessor in anchors and link.successor in anchors)
    return finish(
        chart_id=chart_id,
        title=title,
        alt=_alt(rows, shown_today, drawn),
        height=bottom + MARGIN,
        body=body,
        defs=_critical_pattern(pattern_id) if any(row.critical for row in rows) else "",
        columns=COLUMNS,
        rows=[_table_row(row) for row in rows],
        width=None if zoom is None else chart_width,
    )
