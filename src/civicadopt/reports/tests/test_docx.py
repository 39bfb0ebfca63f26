import struct
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn

from .factories import HOSTILE_FORMULA, HOSTILE_MARKUP, NPV_FIGURE, RUN


@pytest.fixture(scope="module")
def document(rendered):
    return Document(BytesIO(rendered["docx"].content))


def test_headings_follow_the_section_depth(document) -> None:
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name == "Title" or paragraph.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Title", "Riverton e-permitting: business case"),
        ("Heading 1", "Strategic case"),
        ("Heading 2", "Spending objectives"),
        ("Heading 1", "Economic case"),
        ("Heading 2", "Options appraisal"),
        ("Heading 3", "Sensitivity"),
        ("Heading 1", "Where these figures come from"),
    ]


def test_tables_carry_the_formatted_values_and_the_hostile_text_as_plain_text(document) -> None:
    costs, figure_data = document.tables
    cells = [[cell.text for cell in row.cells] for row in costs.rows]
    assert cells[0] == [
        "Option",
        "Capital cost",
        "Net present value",
        "Discount rate",
        "Benefit-cost ratio",
        "Payback",
        "Staff",
    ]
    assert cells[1] == [
        "Option A: hosted permits",
        "$1,250,000",
        "-$1,234",
        "3.5%",
        "1.84",
        "4.3",
        "12",
    ]
    assert cells[3] == [HOSTILE_FORMULA, "—", "$0", "7.0%", "—", "—", "0"]
    assert cells[4][0] == HOSTILE_MARKUP
    assert [[cell.text for cell in row.cells] for row in figure_data.rows][2] == ["Option B", "$2,345,678"]


def test_table_header_rows_repeat_and_tables_have_titles(document) -> None:
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
    assert (
        document.tables[0]._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Whole-life cost by option"
    )


def test_the_chart_is_a_described_png_followed_by_its_source_and_data(document) -> None:
    (picture,) = document.inline_shapes
    properties = picture._inline.docPr
    assert properties.get("descr") == NPV_FIGURE.alt
    assert properties.get("title") == NPV_FIGURE.title
    blip = picture._inline.graphic.graphicData.pic.blipFill.blip
    png = document.part.related_parts[blip.embed].blob
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">I", png[16:20])[0] == 1600  # IHDR width
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Whole-life cost by option",
        "Net present value by option",
        f"Source: {RUN}",
        "Net present value by option (data)",
    ]


def test_document_properties_name_the_report_and_the_organisation(document, report) -> None:
    properties = document.core_properties
    assert properties.title == report.title
    assert properties.author == "City of Riverton"
    assert RUN in properties.comments
    assert properties.created.date() == report.prepared_on


def test_a_sentence_that_introduces_a_table_keeps_with_it(document) -> None:
    lead = next(p for p in document.paragraphs if p.text.startswith("Costs and benefits are discounted"))
    other = next(p for p in document.paragraphs if p.text.startswith("Paper permits take 41 days"))
    assert lead.paragraph_format.keep_with_next is True
    assert not other.paragraph_format.keep_with_next
