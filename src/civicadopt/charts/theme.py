"""Colours, line styles, fill patterns and type sizes shared by every chart.

Colours are USWDS palette values. Every colour that carries meaning (a line, a bar's outline, text) has
at least 3:1 contrast against white (WCAG 2.1 SC 1.4.11); text is #1b1b1b (17:1). Colour is never the
only cue: series also differ by dash pattern and point shape, bar groups by fill pattern.

Sizes are in viewBox units. The charts are WIDTH (720) units wide and scale to their container; they
are drawn at 720 px by default (cairosvg's PNG size). The smallest text is FONT_SIZE (15), which stays at
or above 12 px down to a 576 px wide rendering: an A4 or US Letter page with 2 cm margins is about 640 px
wide, a Word page with 1 inch margins 624 px.
"""

WIDTH = 720

FONT_FAMILY = (
    "Source Sans Pro Web, Source Sans Pro, Helvetica Neue, Helvetica, Arial, DejaVu Sans, sans-serif"
)
FONT_SIZE = 15
TITLE_SIZE = 18
# A generous average glyph width for sans-serif text, used to lay out labels without measuring fonts.
CHAR_WIDTH = 0.55

INK = "#1b1b1b"  # USWDS ink: text, axes and the zero line
GRID = "#dfe1e2"  # USWDS base-lighter: gridlines (decorative; the tick labels carry the values)
WHITE = "#ffffff"

# (colour, USWDS token) in the order series and bar groups use them; contrast with white in brackets.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#005ea2", "primary"),  # 6.7:1
    ("#d54309", "secondary / error"),  # 4.5:1
    ("#008817", "success-dark"),  # 4.6:1
    ("#8168b3", "violet"),  # 4.6:1
    ("#936f38", "warning-darker"),  # 4.6:1
    ("#565c65", "base-dark"),  # 6.7:1
)
COLOURS: tuple[str, ...] = tuple(colour for colour, _ in PALETTE)

# Histogram bars: a light fill with a primary outline, so dark marker lines stand out on top of them.
HISTOGRAM_FILL = "#73b3e7"  # primary-light
HISTOGRAM_EDGE = "#005ea2"  # primary, 6.7:1

# stroke-dasharray of each series in turn ("" = solid).
DASHES: tuple[str, ...] = ("", "9 5", "2 4", "12 4 3 4", "5 3", "16 4 3 4 3 4")
# Point shapes of each series in turn.
SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
# Fill patterns of each bar group in turn.
PATTERNS: tuple[str, ...] = ("solid", "diagonal", "dots", "horizontal", "crosshatch", "reverse-diagonal")
# Marker lines on histograms.
MARKER_DASHES: tuple[str, ...] = ("", "8 4", "2 3", "12 4 3 4", "5 3")


def colour(index: int) -> str:
    """The colour of series or bar group ``index``."""
    return COLOURS[index % len(COLOURS)]


def _cue(index: int, cues: tuple[str, ...]) -> str:
    # Colours repeat every len(COLOURS); the second cue shifts by one each time round, so that no two of
    # the first len(COLOURS) * len(cues) series look the same.
    return cues[(index + index // len(COLOURS)) % len(cues)]


def dash(index: int) -> str:
    """The stroke-dasharray of series ``index`` ("" for solid)."""
    return _cue(index, DASHES)


def shape(index: int) -> str:
    """The point shape of series ``index``."""
    return _cue(index, SHAPES)


def fill_pattern(index: int) -> str:
    """The fill pattern of bar group ``index``."""
    return _cue(index, PATTERNS)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str = WHITE) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
