"""The time axis of the Gantt chart: its units (days, weeks, months, quarters, years), the periods a
plan spans, the unit that fits, and the boundary lines with their labels.

Without a zoom the axis labels the finest unit whose labels fit side by side, and days or weeks only for
plans of up to three or eleven weeks. A zoom (``ZOOMS``) fixes the unit and how many pixels a day takes,
so the chart grows wider instead and the page scrolls it. A second line above names the month or the year.
A label is drawn only where it fits before the next, so labels never overlap.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from . import svg, theme
from .axes import Scale
from .parts import LINE_HEIGHT, Plot

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

PAD = 3  # from a period's boundary line to its label
GAP = 8  # at least this much space between two labels on one line


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


@dataclass(frozen=True)
class Zoom:
    """A fixed time scale: the axis unit and the width of one day in pixels."""

    unit: Unit
    pixels_per_day: float


# A week is 84 px, a month about 120 px, a quarter about 127 px: each period's label fits with room.
ZOOMS: dict[str, Zoom] = {
    "week": Zoom(UNITS[1], 12.0),
    "month": Zoom(UNITS[2], 4.0),
    "quarter": Zoom(UNITS[3], 1.4),
}


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


def context_unit(unit: Unit) -> Unit | None:
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


def axis(unit: Unit, lo: int, hi: int, scale: Scale, plot: Plot, top: float) -> tuple[str, float]:
    """Boundary lines and labels of the time axis; returns the markup and the baseline of the labels."""
    context = context_unit(unit)
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
