"""The check that makes a chart's SVG safe to embed as markup in a report.

Charts come from :mod:`civicadopt.charts`, which escapes user text. This check is the second line of
defence: if a chart ever let user text through as markup, the report refuses the figure instead of
shipping a script to a council member's browser. It also holds charts to the contract the renderers
rely on: presentation attributes only (no ``style``, which our Content-Security-Policy blocks), no
external resources (WeasyPrint and CairoSVG would fetch them).
"""

import re
import xml.etree.ElementTree as ET  # parsed only once DTDs are refused, see check_inline_svg
from html import escape

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# The drawing elements charts use. An allowlist, so that anything new is a deliberate decision.
ALLOWED_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "title",
        "desc",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "clipPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "marker",
        "mask",
        "symbol",
        "use",
    }
)

# The opening tag of the root element; attribute values may contain ">" inside their quotes.
_OPENING_TAG = re.compile(r"""<svg\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
# url(...) in a presentation attribute (fill, clip-path, marker-end) must point inside the SVG.
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _local(name: str) -> tuple[str, str]:
    """Return ``(namespace, local name)`` of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def check_inline_svg(svg: str) -> str:
    """Return ``svg`` unchanged if it is one well-formed ``<svg>`` element that is safe to inline.

    Raise ``ValueError`` naming the problem otherwise: a DOCTYPE, entity, comment, CDATA section or
    processing instruction, markup around the element,
    an element outside :data:`ALLOWED_ELEMENTS`, an event-handler or ``style`` attribute, or a link or
    ``url()`` reference to anything but a fragment of the same SVG.
    """
    text = svg.strip()
    if not text.startswith("<svg") or not text.endswith("</svg>"):
        raise ValueError("A figure's SVG must be a single <svg> element")
    # "<!" and "<?" open DOCTYPEs, entities, comments, CDATA sections and processing instructions. Without a
    # DTD no entity can expand or reach outside; and an HTML parser reads the other three differently from
    # an XML parser ("<?x ><img onerror=…>?>" is inert XML but a live <img> in HTML), so none is allowed.
    if "<!" in text or "<?" in text:
        raise ValueError(
            "A figure's SVG must not contain a DOCTYPE, entities, comments, CDATA or processing instructions"
        )
    try:
        root = ET.fromstring(text)  # noqa: S314 - no DTD, so no entities (refused above)
    except ET.ParseError as error:
        raise ValueError(f"A figure's SVG is not well-formed XML: {error}") from None
    for element in root.iter():
        namespace, tag = _local(element.tag)
        if namespace not in ("", SVG_NS) or tag not in ALLOWED_ELEMENTS:
            raise ValueError(f"A figure's SVG must not contain <{tag}>")
        for attribute, value in element.attrib.items():
            attr_namespace, name = _local(attribute)
            if name.lower().startswith("on") or name == "style":
                raise ValueError(f"A figure's SVG must not use the {name!r} attribute (on <{tag}>)")
            if name == "href" and attr_namespace in ("", XLINK_NS) and not value.startswith("#"):
                raise ValueError(f"A figure's SVG may link only within itself, not to {value!r}")
            if _EXTERNAL_URL.search(value):
                raise ValueError(f"A figure's SVG may refer only to its own parts, not {value!r}")
    return svg


def with_title(svg: str, title: str) -> str:
    """Return a checked ``svg`` with ``title`` as its first ``<title>`` child.

    The first title is the SVG's accessible name, and the one WeasyPrint writes as the figure's
    alternative text in a tagged PDF; putting the figure's own description there means the PDF never
    depends on whether a chart brought a good title of its own.
    """
    opening = _OPENING_TAG.search(check_inline_svg(svg))
    if opening is None:  # unreachable after the check; kept so that a change there cannot slip through
        raise ValueError("A figure's SVG must be a single <svg> element")
    # The check requires a closing </svg>, so the opening tag is never self-closing.
    return f"{svg[: opening.end()]}<title>{escape(title)}</title>{svg[opening.end() :]}"
