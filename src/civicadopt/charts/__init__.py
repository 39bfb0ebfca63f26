"""Server-side SVG charts: one artefact for the screen (inline SVG), the PDF (WeasyPrint draws inline
SVG) and the Word document (the SVG converted to PNG with cairosvg).

Each chart function takes frozen dataclasses and returns a ``Chart``: the SVG (with <title> and <desc>,
role="img"), a plain-language ``alt`` text, and the same data as a table (``columns`` and ``rows`` of raw
numbers) to show beside or under the chart. No Django here: this package is plain Python.

See docs/methods/charts.md.
"""

from .axes import format_money, format_tick, nice_ticks, whole_ticks
from .bars import bar_chart
from .histogram import histogram
from .line import line_chart, zero_crossings
from .model import BarGroup, Chart, Marker, Series, TornadoInput
from .tornado import tornado_chart

__all__ = [
    "BarGroup",
    "Chart",
    "Marker",
    "Series",
    "TornadoInput",
    "bar_chart",
    "format_money",
    "format_tick",
    "histogram",
    "line_chart",
    "nice_ticks",
    "tornado_chart",
    "whole_ticks",
    "zero_crossings",
]
