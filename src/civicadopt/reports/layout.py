"""How a table sits on the printed page: portrait, landscape, or split into parts, and its column widths.

The PDF and DOCX renderers share one page geometry and ask :func:`arrange` where each table goes, so a
table fits the printable area in both. A column is never narrower than its longest word or number (a
number is never broken or clipped), and a text column gets room for a few words a line (an option's name
is never one word a line). A table that needs more than a portrait page's width goes on a landscape page;
one wider still is split into parts that each repeat the first column (the row names).

Text widths are estimated from Liberation Sans (metric-compatible with Arial and Helvetica), the report
font, with bold headings a little wider; the estimate errs wide, and the fits-the-page test checks the
real PDF.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .formatting import format_column
from .model import Column, Table

MM = 72 / 25.4  # points per millimetre

# US Letter, as @page in report.css; the DOCX renderer sets the same page and margins.
PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 20 * MM, 18 * MM, 22 * MM
PORTRAIT_TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
LANDSCAPE_TEXT_WIDTH = PAGE_HEIGHT - 2 * MARGIN_SIDE

TABLE_FONT_SIZE = 9.0  # points, as .report-table in report.css and the DOCX table text
CELL_PADDING = 12.0  # points left and right together (CSS 0.5em each side; Word 0.08 in each side)
COMFORTABLE_TEXT_EMS = 12  # a text column gets this many ems (or its whole text, if shorter) before it wraps
LONGEST_WORD_EMS = 20
BOLD_FACTOR = 1.1

# Advance widths in thousandths of an em (Helvetica metrics, which Liberation Sans and Arial share).
_WIDTHS = {
    **dict.fromkeys(" !,./:;[\\]fIijlt'", 278),
    **dict.fromkeys("0123456789$#_?£€\u2013abdeghnopqu", 556),
    **dict.fromkeys("ckszvxyJ", 500),
    **dict.fromkeys("()-`r", 333),
    **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "%": 889,
    "W": 944,
    "L": 556,
    "—": 1000,
    "…": 1000,
    "+": 584,
    "=": 584,
    "&": 667,
    "@": 1015,
}
_DEFAULT_WIDTH = 600


def text_width(text: str, size: float = TABLE_FONT_SIZE, bold: bool = False) -> float:
    """Return the estimated width of ``text`` on one line, in points."""
    width = sum(_WIDTHS.get(char, _DEFAULT_WIDTH) for char in text) * size / 1000
    return width * (BOLD_FACTOR if bold else 1.0)


def _longest_word(text: str, bold: bool = False) -> float:
    return max((text_width(word, bold=bold) for word in text.split()), default=0.0)


@dataclass(frozen=True)
class ColumnNeed:
    """What one column needs: ``least`` (longest word or whole number), ``comfortable`` and ``full``."""

    least: float
    comfortable: float
    full: float


def column_need(column: Column, texts: Sequence[str]) -> ColumnNeed:
    """Return the widths (padding included) that ``column`` showing ``texts`` needs."""
    heading = _longest_word(column.heading, bold=True)
    if column.numeric:
        # Numbers never wrap (report.css: white-space: nowrap), so the whole number is the least.
        widest = max((text_width(text) for text in texts), default=0.0)
        least = max(heading, widest)
        return ColumnNeed(least + CELL_PADDING, least + CELL_PADDING, least + CELL_PADDING)
    # A web address or another unbroken run longer than LONGEST_WORD_EMS wraps inside the word instead
    # (report.css: overflow-wrap), so it cannot push the table off the page.
    least = min(max([heading, *(_longest_word(text) for text in texts)]), LONGEST_WORD_EMS * TABLE_FONT_SIZE)
    full = max([least, *(text_width(text) for text in texts)])
    comfortable = max(least, min(full, COMFORTABLE_TEXT_EMS * TABLE_FONT_SIZE))
    return ColumnNeed(least + CELL_PADDING, comfortable + CELL_PADDING, full + CELL_PADDING)


@dataclass(frozen=True)
class Placement:
    """One table (or one part of a split table) as printed: its page orientation and column widths.

    ``widths`` are fractions of the text width, one per column, adding up to 1.
    """

    table: Table
    landscape: bool
    widths: tuple[float, ...]

    @property
    def text_width(self) -> float:
        return LANDSCAPE_TEXT_WIDTH if self.landscape else PORTRAIT_TEXT_WIDTH


def _widths(needs: Sequence[ColumnNeed], available: float) -> tuple[float, ...]:
    """Return fractions of ``available``: each column its comfortable width, the rest shared out to
    the columns whose text would still wrap (in proportion to what they lack), then to all."""
    widths = [need.comfortable for need in needs]
    spare = available - sum(widths)
    if spare < 0:  # only when a single column is wider than a landscape page: squeeze to the least
        widths = [need.least for need in needs]
        spare = available - sum(widths)
    lacking = [max(0.0, need.full - width) for need, width in zip(needs, widths, strict=True)]
    if spare > 0 and sum(lacking) > 0:
        share = min(1.0, spare / sum(lacking))
        widths = [width + lack * share for width, lack in zip(widths, lacking, strict=True)]
        spare = available - sum(widths)
    if spare > 0:
        total = sum(widths)
        widths = [width + spare * width / total for width in widths]
    total = sum(widths)
    return tuple(width / total for width in widths)


def _part(table: Table, indexes: Sequence[int], part: int, parts: int) -> Table:
    caption = _("%(caption)s (part %(part)d of %(parts)d)") % {
        "caption": table.caption,
        "part": part,
        "parts": parts,
    }
    return Table(
        caption,
        tuple(table.columns[i] for i in indexes),
        tuple(tuple(row[i] for i in indexes) for row in table.rows),
    )


def arrange(table: Table, currency: str = "USD", country: str = "US") -> list[Placement]:
    """Return where ``table`` goes on the printed page: one placement, or one per part of a split."""
    needs = [
        column_need(column, format_column(column.kind, table.column_values(index), currency, country))
        for index, column in enumerate(table.columns)
    ]
    wanted = sum(need.comfortable for need in needs)
    if wanted <= PORTRAIT_TEXT_WIDTH or len(needs) == 1:
        landscape = wanted > PORTRAIT_TEXT_WIDTH
        width = LANDSCAPE_TEXT_WIDTH if landscape else PORTRAIT_TEXT_WIDTH
        return [Placement(table, landscape, _widths(needs, width))]
    if wanted <= LANDSCAPE_TEXT_WIDTH:
        return [Placement(table, True, _widths(needs, LANDSCAPE_TEXT_WIDTH))]
    # Split: every part repeats the first column, then takes as many further columns as fit.
    groups: list[list[int]] = []
    current: list[int] = []
    used = needs[0].comfortable
    for index in range(1, len(needs)):
        if current and used + needs[index].comfortable > LANDSCAPE_TEXT_WIDTH:
            groups.append(current)
            current, used = [], needs[0].comfortable
        current.append(index)
        used += needs[index].comfortable
    groups.append(current)
    placements = []
    for number, group in enumerate(groups, start=1):
        indexes = [0, *group]
        part_needs = [needs[i] for i in indexes]
        placements.append(
            Placement(
                _part(table, indexes, number, len(groups)),
                True,
                _widths(part_needs, LANDSCAPE_TEXT_WIDTH),
            )
        )
    return placements
