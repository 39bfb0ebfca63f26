"""Dependency arrows of the Gantt chart: one path per link from the predecessor's bar to the
successor's, with an arrowhead where it arrives.

Each link type has its own anchor points (PMBOK's precedence diagramming): finish-to-start leaves the
predecessor's end and arrives at the successor's start, start-to-start leaves the start and arrives at
the start, finish-to-finish leaves the end and arrives at the end, start-to-finish leaves the start and
arrives at the end. A path leaves its bar horizontally, turns once where there is room, and otherwise
runs along the boundary between the rows next to the successor, so it never crosses a bar's label.
Arrowheads are polygons, not SVG markers, so every renderer (browser, WeasyPrint, cairosvg) draws them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from . import svg
from .gantt_model import GanttLink

STUB = 6.0  # horizontal run out of a bar and into the next
HEAD = 6.0  # arrowhead length (its half-width is 4)
LINK = "#565c65"  # USWDS base-dark, 7.0:1 on white
CRITICAL_LINK = "#b50909"  # the critical bars' red
TYPE_NAMES = {
    "FS": "finish to start",
    "SS": "start to start",
    "FF": "finish to finish",
    "SF": "start to finish",
}


@dataclass(frozen=True)
class Anchor:
    """Where a row's bar (or diamond) begins and ends, its vertical middle, and its row's top and bottom."""

    start: float
    end: float
    middle: float
    top: float
    bottom: float


def link_path(link: GanttLink, before: Anchor, after: Anchor) -> tuple[str, tuple[float, float], int]:
    """The path's ``d``, its end point and the direction it arrives in (1: rightwards, -1: leftwards)."""
    leaves_end = link.type in ("FS", "FF")
    arrives_start = link.type in ("FS", "SS")
    x0 = before.end if leaves_end else before.start
    x1 = after.start if arrives_start else after.end
    out = 1 if leaves_end else -1  # the direction the path leaves in
    into = 1 if arrives_start else -1  # the direction it arrives in
    y0, y1 = before.middle, after.middle
    out_x, entry_x = x0 + out * STUB, x1 - into * (STUB + HEAD)
    n = svg.num
    if out == into:
        # FS or SF: one turn if the successor's anchor lies ahead in the direction of travel.
        if (entry_x - out_x) * out >= 0:
            turn = out_x
            return f"M{n(x0)} {n(y0)} H{n(turn)} V{n(y1)} H{n(x1)}", (x1, y1), into
        # Otherwise double back along the boundary between the rows, on the predecessor's side.
        lane = after.top if y1 > y0 else after.bottom
        d = f"M{n(x0)} {n(y0)} H{n(out_x)} V{n(lane)} H{n(entry_x)} V{n(y1)} H{n(x1)}"
        return d, (x1, y1), into
    # SS or FF: one turn beyond both anchors.
    turn = min(x0, x1) - STUB - HEAD if out < 0 else max(x0, x1) + STUB + HEAD
    return f"M{n(x0)} {n(y0)} H{n(turn)} V{n(y1)} H{n(x1)}", (x1, y1), into


def _head(x: float, y: float, into: int, fill: str) -> str:
    points = ((x, y), (x - into * HEAD, y - 4), (x - into * HEAD, y + 4))
    return svg.element(
        "polygon", {"points": " ".join(f"{svg.num(px)},{svg.num(py)}" for px, py in points), "fill": fill}
    )


def arrows(links: Sequence[GanttLink], anchors: Mapping[str, Anchor]) -> str:
    """Every link between two charted rows (others, such as links to rows left out, are skipped);
    critical links last, so they are drawn over the others."""
    markup = ""
    for link in sorted(links, key=lambda item: item.critical):
        before, after = anchors.get(link.predecessor), anchors.get(link.successor)
        if before is None or after is None:
            continue
        d, (x, y), into = link_path(link, before, after)
        colour = CRITICAL_LINK if link.critical else LINK
        path = svg.element(
            "path",
            {"d": d, "fill": "none", "stroke": colour, "stroke-width": 2.0 if link.critical else 1.25},
        )
        kind = "link critical" if link.critical else "link"
        hover = f"{link.predecessor} → {link.successor} ({TYPE_NAMES[link.type]})"
        title = svg.element("title", {}, escape(svg.clean(hover)))
        markup += svg.element("g", {"class": kind}, title + path + _head(x, y, into, colour))
    return svg.group(markup, "links") if markup else ""
