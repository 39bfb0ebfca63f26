"""The HTML renderer: an accessible, printable document; the PDF renderer prints it.

Two outputs: :func:`render_document` is a standalone file with the stylesheet embedded (a downloaded
file is not served under our Content-Security-Policy and must not depend on our server), and
:func:`render_body` is the same markup for a page of the web application, which links
``reports/report.css`` instead. Neither carries a ``style`` attribute, so both pass a CSP without
``unsafe-inline``.

Templates are rendered with a private template engine, so the renderer works whether or not the app is
in ``INSTALLED_APPS`` and whatever the project's context processors do.
"""

from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ..formatting import format_column, format_date
from ..layout import Placement, arrange
from ..model import Block, Figure, Paragraph, Report, Section, Table
from ..registry import register
from ..svg import with_title

if TYPE_CHECKING:
    from django.template import Engine

APP_DIR = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = APP_DIR / "templates"
STYLESHEET = APP_DIR / "static" / "reports" / "report.css"

# HTML has six heading levels; the report title is the h1, so sections nest five deep before levels repeat.
MAX_HEADING_LEVEL = 6
KEEP_WHOLE_ROWS = 12


@lru_cache(maxsize=1)
def _engine() -> "Engine":
    from django.template import Engine

    return Engine(
        dirs=[str(TEMPLATE_DIR)],
        libraries={"i18n": "django.templatetags.i18n"},
        autoescape=True,
    )


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """Return the report stylesheet (print and screen rules)."""
    return STYLESHEET.read_text(encoding="utf-8")


def language() -> str:
    """Return the language the report is written in, as an HTML ``lang`` value."""
    return str(translation.get_language() or settings.LANGUAGE_CODE)


def introduces(following: Block | None) -> bool:
    """Return whether a paragraph followed by ``following`` introduces it (a table or a chart)."""
    return isinstance(following, Table | Figure)


class _Build:
    """What one rendering shares: the report's conventions, the id counter, and (when printing) the
    column widths each table was given, written out as a stylesheet since markup carries no style."""

    def __init__(self, report: Report, *, paged: bool) -> None:
        self.currency, self.country, self.paged = report.currency, report.country, paged
        self.ids = count(1)
        self.width_rules: list[str] = []

    def table(self, table: Table) -> list[dict[str, Any]]:
        """Return the table as template nodes: one, or (printed, too wide for a page) one per part."""
        if not self.paged:
            return [self._node(table, None)]
        return [
            self._node(placement.table, placement)
            for placement in arrange(table, self.currency, self.country)
        ]

    def _node(self, table: Table, placement: Placement | None) -> dict[str, Any]:
        columns = [
            format_column(column.kind, table.column_values(index), self.currency, self.country)
            for index, column in enumerate(table.columns)
        ]
        numeric = [column.numeric for column in table.columns]
        node_id = f"report-table-{next(self.ids)}"
        if placement is not None:
            for number, fraction in enumerate(placement.widths, start=1):
                self.width_rules.append(
                    f"#{node_id} > colgroup > col:nth-child({number}) {{ width: {fraction * 100:.3f}%; }}"
                )
        return {
            "kind": "table",
            "id": node_id,
            "caption": table.caption,
            "headings": [(column.heading, column.numeric) for column in table.columns],
            # One (text, numeric) pair per cell; the first cell of a row is its header.
            "rows": [list(zip(texts, numeric, strict=True)) for texts in zip(*columns, strict=True)],
            "fixed": placement is not None,
            # A short table moves to the next page whole rather than leave its caption behind.
            "keep": len(table.rows) <= KEEP_WHOLE_ROWS,
            "landscape": placement is not None and placement.landscape,
            "column_count": range(len(table.columns)),
        }

    def blocks(self, blocks: tuple[Block, ...], depth: int) -> list[dict[str, Any]]:
        """Return the blocks as plain dictionaries the templates can read, with unique ids."""
        nodes: list[dict[str, Any]] = []
        for block, following in zip(blocks, (*blocks[1:], None), strict=True):
            if isinstance(block, Paragraph):
                # A sentence that introduces a table or chart stays on the page with it.
                nodes.append({"kind": "paragraph", "text": block.text, "lead": introduces(following)})
            elif isinstance(block, Table):
                nodes.extend(self.table(block))
            elif isinstance(block, Figure):
                nodes.append(
                    {
                        "kind": "figure",
                        "id": f"report-figure-{next(self.ids)}",
                        "title": block.title,
                        "alt": block.alt,
                        "source": block.source,
                        # Checked again by with_title (civicadopt.reports.svg): no script, no style, no links out.
                        "svg": mark_safe(with_title(block.svg, block.alt)),  # noqa: S308
                        "tables": self.table(block.table),
                    }
                )
            elif isinstance(block, Section):
                nodes.append(
                    {
                        "kind": "section",
                        "id": f"report-section-{next(self.ids)}",
                        "title": block.title,
                        "level": min(depth + 1, MAX_HEADING_LEVEL),
                        "blocks": self.blocks(block.blocks, depth + 1),
                    }
                )
        return nodes


def _context(report: Report, build: _Build) -> dict[str, Any]:
    return {
        "report": report,
        "prepared_on": format_date(report.prepared_on, report.country),
        "sections": build.blocks(report.sections, 1),
    }


def _render(name: str, context: dict[str, Any]) -> SafeString:
    from django.template import Context

    # The engine autoescapes every variable; the result is markup, safe to insert into another template.
    return mark_safe(_engine().get_template(name).render(Context(context, autoescape=True)))  # noqa: S308


def render_body(report: Report) -> SafeString:
    """Return the report as an ``<article>`` for a page that links ``reports/report.css``.

    The result is safe markup: ``{{ body }}`` in a template inserts it without escaping it again.
    """
    return _render("reports/body.html", _context(report, _Build(report, paged=False)))


def render_document(report: Report, *, paged: bool = False) -> SafeString:
    """Return the report as a standalone HTML document with its stylesheet embedded.

    ``paged`` lays every table out for the printed page (see :mod:`civicadopt.reports.layout`): fixed
    column widths, landscape pages for wide tables, wider ones split into parts. The PDF uses it.
    """
    build = _Build(report, paged=paged)
    body = _render("reports/body.html", _context(report, build))
    css = stylesheet() + "".join(f"\n{rule}" for rule in build.width_rules)
    context = {
        "report": report,
        "lang": language(),
        "css": mark_safe(css),  # noqa: S308 - our own file and numbers, not user input
        "body": body,
    }
    return _render("reports/document.html", context)


@register("html", content_type="text/html; charset=utf-8", extension="html")
def render_html(report: Report) -> bytes:
    """Return the standalone HTML document, UTF-8 encoded."""
    return str(render_document(report)).encode("utf-8")
