"""Gantt chart: one row per task of a plan, with bars on a calendar axis across the top.

A task's bar runs from the start of its first day to the end of its last (``finish`` + 1 day). Critical
tasks are red and hatched, other tasks solid blue, so the two differ in greyscale too; summary tasks are
thin black brackets; milestones are diamonds in the middle of their day. A baseline is a thin grey bar
under the task's bar, progress a dark inner bar from the start to ``percent_complete``, and "today" a
dashed vertical line with a label.

The axis labels days, weeks (starting on Monday), months, quarters (by their first month, so calendar
and fiscal quarters read the same) or years: the finest unit whose labels fit side by side, and days or
weeks only for plans of up to three or eleven weeks. A second line above names the month or the year.
A label is drawn only where it fits before the next, so labels never overlap.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape

from . import svg, theme
from .axes import Scale
from .gantt_model import GanttRow
from .model import Cell, Chart
from .parts import LINE_HEIGHT, MARGIN, Plot, Swatch, finish, legend, no_data, title_block

COLUMNS = ("ID", "Task", "Start", "Finish", "Working days of float", "Critical", "Baseline finish", "% complete")  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

ROW = 26
BAR = 14
INDENT = 14  # per outline level, up to MAX_INDENT_LEVELS levels
MAX_INDENT_LEVELS = 6
KEY_COLUMN = 64  # widest task id before it is cut short
LABEL_COLUMN = 210  # widest task name before it is cut short
INSET = 8  # keeps diamonds at the first and last day inside the plot
PAD = 3  # from a period's boundary line to its label
GAP = 8  # at least this much space between two labels on one line

TASK = theme.colour(0)  # primary #005ea2, 6.7:1
CRITICAL = "#b50909"  # USWDS red-60v, 7.0:1
BASELINE = "#71767a"  # USWDS base, 4.6:1
PROGRESS = theme.INK


@dataclass(frozen=True)
class Unit:
    """A unit of the time axis: ``step`` days, weeks, months or years."""

    name: str  # "day", "week", "month" or "year"
    step: int
    shortest: int  # days in its shortest period
    chars: int  # characters in its longest label
    longest_plan: int | None = None  # days; the unit is used only for plans this short


UNITS: tuple[Unit, ...] = (
    Unit("day", 1, 1, 2, 21),
    Unit("week", 1, 7, 2, 77),
    Unit("month", 1, 28, 3),
    Unit("month", 3, 90, 3),
    *(Unit("year", n, 365 * n, 4) for n in (1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500)),
)


def long_date(day: date) -> str:
    """3 March 2027 (English month names, whatever the server's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _floor(unit: Unit, day: date) -> date:
    if unit.name == "day":
        return day
    if unit.name == "week":
        return day - timedelta(days=day.weekday())
    if unit.name == "month":
        return date(day.year, (day.month - 1) // unit.step * unit.step + 1, 1)
    return date(max(1, day.year // unit.step * unit.step), 1, 1)


def _next(unit: Unit, start: date) -> date | None:
    """The start of the period after the one starting at ``start``; None after the last date there is."""
    try:
        if unit.name in ("day", "week"):
            return start + timedelta(days=unit.step * (7 if unit.name == "week" else 1))
        if unit.name == "month":
            month = start.month - 1 + unit.step
            return date(start.year + month // 12, month % 12 + 1, 1)
        return date((start.year // unit.step + 1) * unit.step, 1, 1)
    except (OverflowError, ValueError):
        return None


def period_starts(unit: Unit, lo: int, hi: int) -> list[date]:
    """The start of every period that overlaps the days ``lo`` to ``hi`` (ordinals, ``hi`` excluded)."""
    starts: list[date] = []
    current: date | None = _floor(unit, date.fromordinal(lo))
    while current is not None and current.toordinal() < hi:
        starts.append(current)
        current = _next(unit, current)
    return starts


def choose_unit(lo: int, hi: int, pixels_per_day: float) -> Unit:
    """The finest unit whose longest label fits in its shortest period."""
    for unit in UNITS:
        if unit.longest_plan is not None and hi - lo > unit.longest_plan:
            continue
        widest = unit.chars * theme.FONT_SIZE * theme.CHAR_WIDTH
        if unit.shortest * pixels_per_day >= widest + PAD + GAP:
            return unit
    return UNITS[-1]


def _label(unit: Unit, start: date) -> str:
    if unit.name in ("day", "week"):
        return str(start.day)
    if unit.name == "month":
        return MONTHS[start.month - 1][:3]
    return str(start.year)


def _context(unit: Unit) -> Unit | None:
    """The unit of the second line, above the axis labels: the month ("Mar 2027") or the year."""
    if unit.name in ("day", "week"):
        return Unit("month", 1, 28, 8)
    return Unit("year", 1, 365, 4) if unit.name == "month" else None


def fit_labels(candidates: Sequence[tuple[float, str]], right: float) -> list[tuple[float, str]]:
    """The start-anchored labels (x, text) that end at least GAP before the next one and before ``right``."""
    kept = []
    for index, (x, label) in enumerate(candidates):
        limit = candidates[index + 1][0] - GAP if index + 1 < len(candidates) else right
        if x + svg.text_width(label) <= limit:
            kept.append((x, label))
    return kept


def _axis(unit: Unit, lo: int, hi: int, scale: Scale, plot: Plot, top: float) -> tuple[str, float]:
    """Boundary lines and labels of the time axis; returns the markup and the baseline of the labels."""
    context = _context(unit)
    lines = [(unit, top + theme.FONT_SIZE + (LINE_HEIGHT if context else 0))]
    if context is not None:
        lines.insert(0, (context, top + theme.FONT_SIZE))
    labels, rules = "", ""
    ruled: set[int] = set()
    for line_unit, baseline in lines:
        candidates = []
        for start in period_starts(line_unit, lo, hi):
            if start.toordinal() > lo and start.toordinal() not in ruled:
                ruled.add(start.toordinal())
                x = scale(start.toordinal())
                rules += svg.line(x, baseline - theme.FONT_SIZE, x, plot.bottom, theme.GRID)
            text = _label(line_unit, start)
            if line_unit is context and context.name == "month":
                text = f"{MONTHS[start.month - 1][:3]} {start.year}"
            elif start.toordinal() < lo and (line_unit.name in ("day", "week") or line_unit.step > 1):
                continue  # "1" (a week) or "Jan" (a quarter) names its first day: not where the plan starts
            candidates.append((scale(max(start.toordinal(), lo)) + PAD, text))
        for x, text in fit_labels(candidates, plot.right):
            labels += svg.text(x, baseline, text)
    return rules + svg.group(labels, "time-axis"), lines[-1][1]


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


def _alt(rows: Sequence[GanttRow], today: date | None) -> str:
    first, last = min(row.start for row in rows), max(row.finish for row in rows)
    count = f"{len(rows)} task{'' if len(rows) == 1 else 's'}"
    when = f"on {long_date(first)}" if first == last else f"from {long_date(first)} to {long_date(last)}"
    critical = sum(row.critical for row in rows)
    if critical == 0:
        path = "no task is marked as on the critical path"
    else:
        path = f"{critical} task{' is' if critical == 1 else 's are'} on the critical path"
    alt = f"Gantt chart of {count} {when}; {path}."
    if today is not None:
        alt += f" Today, {long_date(today)}, is marked."
    return alt


def gantt(rows: Sequence[GanttRow], *, title: str, today: date | None = None) -> Chart:
    """A Gantt chart of ``rows`` in the order given, with a line at ``today`` if it falls in the plan."""
    rows = tuple(rows)
    for row in rows:
        if not isinstance(row, GanttRow):
            raise ValueError(f"Gantt rows must be GanttRow, not {type(row).__name__}")
    if today is not None and (not isinstance(today, date) or isinstance(today, datetime)):
        raise ValueError(f"today must be a date, not {today!r}")
    if not rows:
        return no_data("Gantt chart", title, COLUMNS)

    days = [(row.start.toordinal(), row.finish.toordinal() + 1) for row in rows]
    days += [
        (row.baseline_start.toordinal(), row.baseline_finish.toordinal() + 1)
        for row in rows
        if row.baseline_start is not None and row.baseline_finish is not None
    ]
    lo, hi = min(first for first, _ in days), max(last for _, last in days)
    shown_today = today if today is not None and lo <= today.toordinal() < hi else None
    chart_id = svg.make_id("gantt", title, (rows, shown_today))
    pattern_id = f"{chart_id}-critical"
    critical_fill = f"url(#{pattern_id})"

    keys = [svg.truncate(row.key, KEY_COLUMN) for row in rows]
    key_width = max(svg.text_width("ID", bold=True), *(svg.text_width(key) for key in keys))
    indents = [min(row.level, MAX_INDENT_LEVELS) * INDENT for row in rows]
    labels = []
    for row, indent in zip(rows, indents, strict=True):
        bold = row.kind == "summary"
        room = (LABEL_COLUMN - indent) / (1.08 if bold else 1.0)
        labels.append(svg.truncate(row.label, room))
    label_left = MARGIN + key_width + 10
    label_width = max(
        svg.text_width("Task", bold=True),
        *(
            indent + svg.text_width(label, bold=row.kind == "summary")
            for row, indent, label in zip(rows, indents, labels, strict=True)
        ),
    )

    heading, y = title_block(title)
    key_markup, y = legend(_legend_items(rows, shown_today is not None, critical_fill), y)
    header_top = y + 6
    left = label_left + label_width + 12
    width = theme.WIDTH - MARGIN - left - 2 * INSET
    unit = choose_unit(lo, hi, width / (hi - lo))
    rule = header_top + theme.FONT_SIZE + (LINE_HEIGHT if _context(unit) else 0) + 8
    rows_top = rule + (LINE_HEIGHT + 8 if shown_today else 0)
    plot = Plot(left, rows_top, theme.WIDTH - MARGIN, rows_top + ROW * len(rows))
    scale = Scale(lo, hi, plot.left + INSET, plot.right - INSET)

    axis, label_baseline = _axis(unit, lo, hi, scale, plot, header_top)
    body = heading + key_markup + axis
    header = svg.text(MARGIN, label_baseline, "ID", bold=True) + svg.text(
        label_left, label_baseline, "Task", bold=True
    )
    body += svg.group(header, "column-headings")
    body += svg.line(MARGIN, rule, plot.right, rule, theme.INK)

    for index, (row, key, label, indent) in enumerate(zip(rows, keys, labels, indents, strict=True)):
        top = plot.top + index * ROW
        middle = top + ROW / 2
        when = long_date(row.start)
        if row.finish != row.start:
            when += f" to {long_date(row.finish)}"
        hover = f"{row.key} {row.label}: {row.kind} {when}{', critical' if row.critical else ''}"
        markup = svg.element("title", {}, escape(svg.clean(hover)))
        markup += svg.text(MARGIN, middle + 5, key)
        markup += svg.text(label_left + indent, middle + 5, label, bold=row.kind == "summary")
        markup += _marks(row, middle, scale, critical_fill)
        if index:
            markup += svg.line(MARGIN, top, plot.right, top, theme.GRID)
        body += svg.group(markup, "gantt-row")
    body += svg.line(MARGIN, plot.bottom, plot.right, plot.bottom, theme.INK)

    if shown_today is not None:
        x = scale(shown_today.toordinal() + 0.5)
        text = f"Today, {long_date(shown_today)}"
        half = svg.text_width(text, bold=True) / 2
        centre = min(max(x, plot.left + half), plot.right - half)
        marker = _today_line(x, rule + LINE_HEIGHT + 2, plot.bottom)
        marker += svg.text(centre, rule + LINE_HEIGHT - 2, text, anchor="middle", bold=True)
        body += svg.group(marker, "today")

    return finish(
        chart_id=chart_id,
        title=title,
        alt=_alt(rows, shown_today),
        height=plot.bottom + MARGIN,
        body=body,
        defs=_critical_pattern(pattern_id) if any(row.critical for row in rows) else "",
        columns=COLUMNS,
        rows=[_table_row(row) for row in rows],
    )
