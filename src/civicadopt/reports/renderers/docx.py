"""The DOCX renderer: a Word document that council staff can edit, restyle and paste from.

Word's own accessibility checker looks for real heading styles, table header rows, table titles and
picture alternative text; this renderer sets all four. python-docx and CairoSVG are imported inside the
render function so that importing the app loads neither.
"""

from datetime import datetime, time
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ..formatting import format_column, format_date, printable
from ..layout import (
    MARGIN_BOTTOM,
    MARGIN_SIDE,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TABLE_FONT_SIZE,
    Placement,
    arrange,
)
from ..model import Block, Figure, Paragraph, Report, Section, Table
from ..registry import register
from .html import introduces, language

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell

# Charts are rasterised this wide: sharp when printed at 6.5 inches (about 250 dpi).
FIGURE_PIXELS = 1600
MAX_PROPERTY = 255
# Word has nine heading levels; the report title uses the Title style.
MAX_HEADING_LEVEL = 9


def _xml_element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _caption(document: "WordDocument", text: str) -> None:
    paragraph = document.add_paragraph(printable(text), style="Caption")
    # A caption on one page and its table or chart on the next reads as a stray line.
    paragraph.paragraph_format.keep_with_next = True


def _write_cell(cell: "_Cell", text: str, *, bold: bool = False, right: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(printable(text))
    run.bold = bold
    run.font.size = Pt(TABLE_FONT_SIZE)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


# The order of w:tblPr's children in the WordprocessingML schema (ECMA-376 Part 1, 17.4.60).
TABLE_PROPERTIES = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _after(properties: Any, tag: str) -> tuple[str, ...]:
    """Return the table properties that the schema puts after ``tag``."""
    return TABLE_PROPERTIES[TABLE_PROPERTIES.index(tag) + 1 :]


def _set_page(section: Any, *, landscape: bool) -> None:
    """Give ``section`` the report's page (Letter, the PDF's margins), upright or turned."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    width, height = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    section.left_margin = section.right_margin = Pt(MARGIN_SIDE)
    section.top_margin, section.bottom_margin = Pt(MARGIN_TOP), Pt(MARGIN_BOTTOM)


def _orient(document: "WordDocument", *, landscape: bool) -> None:
    """Start a new page section when the next block needs the other orientation."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    current = document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    if current != landscape:
        _set_page(document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _twips(document: "WordDocument", fractions: tuple[float, ...]) -> list[int]:
    """Return column widths in twentieths of a point that add up exactly to the text width."""
    total = _text_width(document) // 635  # EMU to twips
    widths = [int(total * fraction) for fraction in fractions]
    widths[-1] += total - sum(widths)
    return widths


def _placed_table(document: "WordDocument", placement: Placement, currency: str, country: str) -> None:
    from docx.shared import Twips

    table = placement.table
    _orient(document, landscape=placement.landscape)
    _caption(document, table.caption)
    texts = [
        format_column(column.kind, table.column_values(index), currency, country)
        for index, column in enumerate(table.columns)
    ]
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = "Table Grid"
    grid.autofit = False  # w:tblLayout fixed: Word keeps the widths instead of fitting columns to text
    widths = _twips(document, placement.widths)
    properties = grid._tbl.tblPr
    for stale in properties.findall("{*}tblW"):
        properties.remove(stale)
    # Word checks the schema's order of table properties; tblW goes before those that follow it.
    properties.insert_element_before(
        _xml_element("w:tblW", w=str(sum(widths)), type="dxa"), *_after(properties, "w:tblW")
    )
    for column, width in zip(grid._tbl.tblGrid.findall("{*}gridCol"), widths, strict=True):
        column.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w", str(width))
    header, *body = grid.rows
    # tblHeader repeats the header row on every page and tells screen readers which row holds headings.
    header._tr.get_or_add_trPr().append(_xml_element("w:tblHeader", val="true"))
    for cell, column in zip(header.cells, table.columns, strict=True):
        _write_cell(cell, column.heading, bold=True, right=column.numeric)
    for row, values in zip(body, zip(*texts, strict=True), strict=True):
        # A row split over two pages is hard to read; Word moves it whole (cantSplit).
        row._tr.get_or_add_trPr().append(_xml_element("w:cantSplit", val="true"))
        for cell, text, column in zip(row.cells, values, table.columns, strict=True):
            _write_cell(cell, text, right=column.numeric)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    # The table title that Word's accessibility checker reads (Table Properties > Alt Text); tblCaption
    # comes after every other table property in the schema, so appending keeps the XML valid.
    properties.append(_xml_element("w:tblCaption", val=printable(table.caption)))
    document.add_paragraph()  # space before whatever follows; Word runs adjacent tables together


def _table(document: "WordDocument", table: Table, currency: str, country: str) -> None:
    for placement in arrange(table, currency, country):
        _placed_table(document, placement, currency, country)


def _text_width(document: "WordDocument") -> int:
    """Return the width between the margins of the last page section, in EMU."""
    from docx.shared import Inches

    section = document.sections[-1]
    if section.page_width is None or section.left_margin is None or section.right_margin is None:
        return Inches(6.5)  # Letter with one-inch margins, python-docx's own template
    return section.page_width - section.left_margin - section.right_margin


def _figure(document: "WordDocument", figure: Figure, report: Report) -> None:
    import cairosvg

    _caption(document, figure.title)
    png = cairosvg.svg2png(
        bytestring=figure.svg.encode("utf-8"), output_width=FIGURE_PIXELS, background_color="white"
    )
    picture = document.add_picture(BytesIO(png), width=_text_width(document))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    # python-docx has no alt-text argument; Word reads it from the drawing's docPr element.
    properties = picture._inline.docPr
    properties.set("descr", printable(figure.alt))
    properties.set("title", printable(figure.title))
    document.add_paragraph(printable(_("Source: %(source)s") % {"source": figure.source}), style="Caption")
    _table(document, figure.table, report.currency, report.country)


def _blocks(document: "WordDocument", blocks: tuple[Block, ...], depth: int, report: Report) -> None:
    for block, following in zip(blocks, (*blocks[1:], None), strict=True):
        if isinstance(block, Table):
            _table(document, block, report.currency, report.country)
            continue
        _orient(document, landscape=False)  # text and charts read on upright pages
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(printable(block.text))
            # A sentence that introduces a table or chart stays on the page with it.
            paragraph.paragraph_format.keep_with_next = introduces(following)
        elif isinstance(block, Figure):
            _figure(document, block, report)
        elif isinstance(block, Section):
            document.add_heading(printable(block.title), level=min(depth, MAX_HEADING_LEVEL))
            _blocks(document, block.blocks, depth + 1, report)


def _labelled(document: "WordDocument", label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(printable(value))


@register(
    "docx",
    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension="docx",
)
def render_docx(report: Report) -> bytes:
    """Return the report as a Word document with headings, captioned tables and described charts."""
    from docx import Document

    document = Document()
    _set_page(document.sections[0], landscape=False)
    properties = document.core_properties
    properties.title = printable(report.title)
    properties.subject = printable(report.subtitle)
    properties.author = properties.last_modified_by = printable(report.organisation)
    comments = printable("\n".join(report.provenance))
    # python-docx refuses core properties past 255 characters; the full text is in the document itself.
    properties.comments = comments if len(comments) <= MAX_PROPERTY else comments[: MAX_PROPERTY - 1] + "…"
    properties.language = language()
    # Dated by the report, not by the moment of download, so two downloads of one report match.
    properties.created = properties.modified = datetime.combine(report.prepared_on, time())
    properties.revision = 1

    document.add_heading(printable(report.title), level=0)
    if report.subtitle:
        document.add_paragraph(printable(report.subtitle), style="Subtitle")
    _labelled(document, _("Prepared for"), report.organisation)
    _labelled(document, _("Prepared on"), format_date(report.prepared_on, report.country))
    _blocks(document, report.sections, 1, report)
    if report.provenance:
        _orient(document, landscape=False)
        document.add_heading(_("Where these figures come from"), level=1)
        for line in report.provenance:
            document.add_paragraph(printable(line), style="List Bullet")

    output = BytesIO()
    document.save(output)
    return output.getvalue()
