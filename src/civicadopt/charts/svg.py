"""Small helpers that write SVG markup: every attribute is quoted and every text escaped here.

Only SVG features that browsers, WeasyPrint and cairosvg all draw are used: rect, line, path, circle,
polygon, text, g, transform, pattern. Styling is by presentation attributes (fill="..."), never by a
``style`` attribute or a <style> element, so the markup passes a strict Content-Security-Policy.
"""

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from . import theme

# Characters XML 1.0 forbids (most control characters); user text containing them would break parsing.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Attributes = Mapping[str, object]


def clean(text: object) -> str:
    """User text made safe to lay out: characters XML forbids removed, runs of whitespace made one space."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def num(value: float) -> str:
    """A coordinate with at most two decimals and no "-0", so output is short and deterministic."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attribute(value: object) -> str:
    if isinstance(value, float):
        return quoteattr(num(value))
    return quoteattr(_NOT_XML.sub("", str(value)))


def _attributes(attributes: Attributes) -> str:
    return "".join(f" {name}={_attribute(value)}" for name, value in attributes.items() if value is not None)


def element(tag: str, attributes: Attributes, content: str | None = None) -> str:
    """<tag a="1" ...>content</tag>; ``content`` is markup (already escaped). None values are left out."""
    if content is None:
        return f"<{tag}{_attributes(attributes)}/>"
    return f"<{tag}{_attributes(attributes)}>{content}</{tag}>"


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = theme.FONT_SIZE,
    anchor: str = "start",
    bold: bool = False,
    fill: str = theme.INK,
    rotate: float | None = None,
) -> str:
    """A line of text; ``content`` is plain text and is escaped. y is the baseline."""
    return element(
        "text",
        {
            "x": float(x),
            "y": float(y),
            "font-size": size,
            "text-anchor": None if anchor == "start" else anchor,
            "font-weight": "bold" if bold else None,
            "fill": fill,
            "transform": None if rotate is None else f"rotate({num(rotate)} {num(x)} {num(y)})",
        },
        escape(clean(content)),
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash: str = "") -> str:
    return element(
        "line",
        {
            "x1": float(x1),
            "y1": float(y1),
            "x2": float(x2),
            "y2": float(y2),
            "stroke": stroke,
            "stroke-width": float(width),
            "stroke-dasharray": dash or None,
        },
    )


def rect(x: float, y: float, width: float, height: float, fill: str, stroke: str | None = None) -> str:
    return element(
        "rect",
        {
            "x": float(x),
            "y": float(y),
            "width": float(max(width, 0.0)),
            "height": float(max(height, 0.0)),
            "fill": fill,
            "stroke": stroke,
            "stroke-width": None if stroke is None else 1.5,
        },
    )


def group(content: str, name: str | None = None) -> str:
    """<g>; ``name`` becomes its class, a hook for tests and for page CSS (never needed to draw)."""
    return element("g", {"class": name}, content)


def text_width(content: str, size: int = theme.FONT_SIZE, bold: bool = False) -> float:
    """An estimate of how wide ``content`` is drawn (fonts are not measured: layout must not need them)."""
    return len(clean(content)) * size * theme.CHAR_WIDTH * (1.08 if bold else 1.0)


def truncate(content: str, max_width: float, size: int = theme.FONT_SIZE) -> str:
    """``content`` cut short with an ellipsis to fit ``max_width``; the full text is in the data table."""
    content = clean(content)
    limit = max(int(max_width / (size * theme.CHAR_WIDTH)), 2)
    return content if len(content) <= limit else content[: limit - 1].rstrip() + "\u2026"


def wrap(content: str, max_width: float, size: int = theme.FONT_SIZE, bold: bool = False) -> list[str]:
    """``content`` broken into lines at spaces to fit ``max_width`` (an over-long word is split)."""
    limit = max(int(max_width / (size * theme.CHAR_WIDTH * (1.08 if bold else 1.0))), 1)
    lines: list[str] = []
    current = ""
    for word in clean(content).split(" "):
        while len(word) > limit:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def make_id(kind: str, title: str, payload: object) -> str:
    """A document-unique, deterministic id: a slug of the title plus a hash of everything charted."""
    ascii_title = unicodedata.normalize("NFKD", clean(title)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha256(repr((kind, title, payload)).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"chart-{slug or kind}-{digest}"


def document(
    *,
    chart_id: str,
    title: str,
    desc: str,
    height: float,
    body: str,
    defs: str = "",
    width: float | None = None,
) -> str:
    """The complete <svg>: labelled by its <title> and <desc>, scaling to the width of its container; or,
    given a ``width``, drawn that many pixels wide (one unit a pixel), for a page to scroll."""
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    drawn = theme.WIDTH if width is None else width
    opening = (
        "<svg"
        + _attributes(
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "id": chart_id,
                "viewBox": f"0 0 {num(drawn)} {num(height)}",
                "width": "100%" if width is None else num(width),
                "height": None if width is None else num(height),
                "role": "img",
                "aria-labelledby": f"{title_id} {desc_id}",
                "font-family": theme.FONT_FAMILY,
                "font-size": theme.FONT_SIZE,
            }
        )
        + ">"
    )
    return (
        opening
        + element("title", {"id": title_id}, escape(clean(title)))
        + element("desc", {"id": desc_id}, escape(clean(desc)))
        + (element("defs", {}, defs) if defs else "")
        + rect(0, 0, drawn, height, theme.WHITE)
        + body
        + "</svg>"
    )
