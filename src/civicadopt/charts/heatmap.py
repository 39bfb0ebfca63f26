"""Risk heat map: a size x size grid of probability score (1 at the bottom) by impact score (1 at the
left), each cell in the colour of its rating band and showing how many risks sit in it.

The caller rates the cells (``HeatCell.band``), so the chart follows whatever matrix the organisation
uses. Colour is never the only cue: each cell also shows its band's letter (L, M, H, VH). Counts and
letters are white on the band colour, and a ``RiskBand`` is refused unless white text on it has at
least 4.5:1 contrast (WCAG 2.1 SC 1.4.3); the default bands also have at least 3:1 against the white
page and the white lines between cells (SC 1.4.11).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from . import svg, theme
from .model import Chart, whole
from .parts import (
    LINE_HEIGHT,
    MARGIN,
    TICK_GAP,
    Plot,
    Swatch,
    finish,
    join_names,
    legend,
    no_data,
    title_block,
)

COLUMNS = ("Probability", "Impact", "Rating", "Risks")
MIN_SIZE, MAX_SIZE = 2, 10
COUNT_SIZE = 20
_HEX = re.compile("#[0-9a-f]{6}")


@dataclass(frozen=True)
class RiskBand:
    """A rating band: the ``key`` cells refer to, its name, its letter in the cells and its colour."""

    key: str
    label: str
    letter: str
    colour: str

    def __post_init__(self) -> None:
        if not _HEX.fullmatch(str(self.colour)):
            raise ValueError(f"Band {self.key!r}: colour must be #rrggbb in lower case, not {self.colour!r}")
        if theme.contrast(self.colour) < 4.5:
            raise ValueError(f"Band {self.key!r}: white text on {self.colour} has less than 4.5:1 contrast")
        if not 1 <= len(svg.clean(self.letter)) <= 2:
            raise ValueError(f"Band {self.key!r}: the letter must be one or two characters")


# Lowest to highest. Contrast of white text on each in brackets.
RISK_BANDS: tuple[RiskBand, ...] = (
    RiskBand("low", "Low", "L", "#008817"),  # USWDS green-cool-50v, 4.6:1
    RiskBand("medium", "Medium", "M", "#936f38"),  # USWDS warning-darker, 4.6:1
    RiskBand("high", "High", "H", "#c05600"),  # USWDS orange-50v, 4.6:1
    RiskBand("very_high", "Very high", "VH", "#b50909"),  # USWDS red-60v, 7.0:1
)


@dataclass(frozen=True)
class HeatCell:
    """One cell of the grid: its scores, the key of its rating band and the risks in it."""

    probability: int
    impact: int
    band: str
    count: int = 0
    risk_keys: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        where = f"Cell (probability {self.probability!r}, impact {self.impact!r})"
        for name in ("probability", "impact"):
            value = whole(getattr(self, name), f"{where}: {name}")
            if value < 1:
                raise ValueError(f"{where}: {name} must be 1 or more")
            object.__setattr__(self, name, value)
        count = whole(self.count, f"{where}: count")
        if count < 0:
            raise ValueError(f"{where}: count must be 0 or more")
        object.__setattr__(self, "count", count)
        keys = tuple(self.risk_keys)
        if not all(isinstance(key, str) for key in keys):
            raise ValueError(f"{where}: risk keys must be text")
        if keys and len(keys) != count:
            raise ValueError(f"{where}: {len(keys)} risk keys for a count of {count}")
        object.__setattr__(self, "risk_keys", keys)
        if not isinstance(self.band, str):
            raise ValueError(f"{where}: band must be the key of a rating band, not {self.band!r}")


def _check(
    cells: Sequence[HeatCell], size: int, bands: Sequence[RiskBand]
) -> dict[tuple[int, int], HeatCell]:
    if isinstance(size, bool) or not isinstance(size, int) or not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"The grid size must be a whole number from {MIN_SIZE} to {MAX_SIZE}, not {size!r}")
    known = {band.key for band in bands}
    if len(known) != len(bands):
        raise ValueError("Two rating bands have the same key")
    grid: dict[tuple[int, int], HeatCell] = {}
    for cell in cells:
        if not isinstance(cell, HeatCell):
            raise ValueError(f"Heat map cells must be HeatCell, not {type(cell).__name__}")
        place = (cell.probability, cell.impact)
        if max(place) > size:
            raise ValueError(f"Cell {place} is outside a {size} x {size} grid")
        if place in grid:
            raise ValueError(f"Cell {place} is given twice")
        if cell.band not in known:
            raise ValueError(f"Cell {place}: unknown rating band {cell.band!r}")
        grid[place] = cell
    return grid


def _swatch(band: RiskBand) -> Swatch:
    def draw(x: float, y: float) -> str:
        return svg.rect(x, y - 10, 30, 20, band.colour) + svg.text(
            x + 15, y + 5, band.letter, anchor="middle", bold=True, fill=theme.WHITE
        )

    return draw


def _cell(
    cell: HeatCell | None, band: RiskBand | None, x: float, y: float, width: float, height: float
) -> str:
    if cell is None or band is None:
        return svg.element(
            "rect",
            {"x": x, "y": y, "width": width, "height": height, "fill": theme.WHITE, "stroke": theme.GRID},
        )
    hover = f"Probability {cell.probability}, impact {cell.impact}: {band.label}, {cell.count} risk{'' if cell.count == 1 else 's'}"
    if cell.risk_keys:
        hover += f" ({', '.join(svg.clean(key) for key in cell.risk_keys)})"
    markup = svg.element("title", {}, escape(svg.clean(hover)))
    markup += svg.element(
        "rect",
        {
            "x": x,
            "y": y,
            "width": width,
            "height": height,
            "fill": band.colour,
            "stroke": theme.WHITE,
            "stroke-width": 2.0,
        },
    )
    centre = x + width / 2
    if cell.count:
        middle = y + height / 2
        markup += svg.text(centre, middle - 4, band.letter, fill=theme.WHITE, anchor="middle")
        markup += svg.text(
            centre,
            middle + 16,
            str(cell.count),
            size=COUNT_SIZE,
            bold=True,
            fill=theme.WHITE,
            anchor="middle",
        )
    else:
        markup += svg.text(centre, y + height / 2 + 5, band.letter, fill=theme.WHITE, anchor="middle")
    return svg.group(markup, "cell")


def _alt(grid: dict[tuple[int, int], HeatCell], size: int, bands: Sequence[RiskBand]) -> str:
    total = sum(cell.count for cell in grid.values())
    scale = f"on a {size} by {size} grid of probability by impact"
    if total == 0:
        return f"Risk heat map {scale}: no risks are recorded."
    parts: list[str] = []
    for band in reversed(bands):
        count = sum(cell.count for cell in grid.values() if cell.band == band.key)
        if count:
            name = svg.clean(band.label).lower()
            parts.append(f"{count} {name}" if parts else f"{count} rated {name}")
    risks = f"{total} risk{'' if total == 1 else 's'}"
    busiest = max(grid.values(), key=lambda cell: (cell.count, cell.probability, cell.impact))
    return (
        f"Risk heat map of {risks} {scale}: {join_names(parts)}. The fullest cell is probability "
        f"{busiest.probability}, impact {busiest.impact}, with {busiest.count}."
    )


def risk_heatmap(
    cells: Sequence[HeatCell], *, title: str, size: int = 5, bands: Sequence[RiskBand] = RISK_BANDS
) -> Chart:
    """A heat map of ``cells``; cells not given are drawn blank. ``bands`` run from lowest to highest."""
    cells, bands = tuple(cells), tuple(bands)
    grid = _check(cells, size, bands)
    if not grid:
        return no_data("risk heat map", title, COLUMNS)
    by_key = {band.key: band for band in bands}
    chart_id = svg.make_id("heatmap", title, (size, bands, tuple(sorted(grid.items()))))

    used = [band for band in bands if any(cell.band == band.key for cell in grid.values())]
    heading, y = title_block(title)
    key_markup, y = legend([(_swatch(band), band.label) for band in used], y)
    left = MARGIN + theme.FONT_SIZE + 10 + svg.text_width(str(size)) + TICK_GAP
    top = y + 14
    cell_height = 64.0 if size <= 6 else 46.0
    plot = Plot(left, top, theme.WIDTH - MARGIN, top + cell_height * size)
    cell_width = plot.width / size

    body = heading + key_markup
    for probability in range(size, 0, -1):
        for impact in range(1, size + 1):
            cell = grid.get((probability, impact))
            band = None if cell is None else by_key[cell.band]
            x, y = plot.left + (impact - 1) * cell_width, plot.bottom - probability * cell_height
            body += _cell(cell, band, x, y, cell_width, cell_height)

    axes = ""
    for score in range(1, size + 1):
        axes += svg.text(
            plot.left - TICK_GAP, plot.bottom - (score - 0.5) * cell_height + 5, str(score), anchor="end"
        )
        axes += svg.text(
            plot.left + (score - 0.5) * cell_width,
            plot.bottom + TICK_GAP + theme.FONT_SIZE,
            str(score),
            anchor="middle",
        )
    middle = (plot.top + plot.bottom) / 2
    axes += svg.text(MARGIN + theme.FONT_SIZE, middle, "Probability", anchor="middle", rotate=-90, bold=True)
    bottom = plot.bottom + TICK_GAP + theme.FONT_SIZE + LINE_HEIGHT + 6
    axes += svg.text((plot.left + plot.right) / 2, bottom, "Impact", anchor="middle", bold=True)
    body += svg.group(axes, "heatmap-axes")

    rows = [
        (cell.probability, cell.impact, by_key[cell.band].label, cell.count)
        for cell in sorted(grid.values(), key=lambda cell: (-cell.probability, -cell.impact))
        if cell.count
    ]
    return finish(
        chart_id=chart_id,
        title=title,
        alt=_alt(grid, size, bands),
        height=bottom + MARGIN,
        body=body,
        defs="",
        columns=COLUMNS,
        rows=rows,
    )
