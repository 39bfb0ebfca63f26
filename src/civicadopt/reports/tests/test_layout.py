"""Tables on the printed page: upright, turned or split, with widths that fit their text."""

from datetime import date

import pytest

from civicadopt.reports.layout import (
    CELL_PADDING,
    LANDSCAPE_TEXT_WIDTH,
    PORTRAIT_TEXT_WIDTH,
    TABLE_FONT_SIZE,
    arrange,
    text_width,
)
from civicadopt.reports.model import Column, Report, Section, Table
from civicadopt.reports.registry import render

from .pagefit import docx_problems, docx_tables, pdf_pages, pdf_problems

OPTION = "Cloud e-permitting (software as a service)"


def money_table(columns: int, caption: str = "Costs by fiscal year") -> Table:
    return Table(
        caption,
        (
            Column("Option"),
            *(Column(f"FY{2026 + i} cost before discounting", "money") for i in range(columns)),
        ),
        (
            (OPTION, *(225_099.99 * (i + 1) for i in range(columns))),
            ("Business as usual", *(-1_611_834 for _ in range(columns))),
        ),
    )


def test_a_narrow_table_stays_upright_with_widths_adding_up_to_one() -> None:
    [placement] = arrange(money_table(3))
    assert not placement.landscape and placement.table == money_table(3)
    assert sum(placement.widths) == pytest.approx(1)


def test_a_wide_table_turns_the_page_and_a_wider_one_splits_repeating_the_row_names() -> None:
    [turned] = arrange(money_table(7))
    assert turned.landscape and len(turned.widths) == 8
    parts = arrange(money_table(14))
    assert len(parts) == 2 and all(part.landscape for part in parts)
    assert [part.table.caption for part in parts] == [
        "Costs by fiscal year (part 1 of 2)",
        "Costs by fiscal year (part 2 of 2)",
    ]
    assert all(part.table.columns[0].heading == "Option" for part in parts)
    assert sum(len(part.table.columns) - 1 for part in parts) == 14
    assert [row[0] for row in parts[1].table.rows] == [OPTION, "Business as usual"]


@pytest.mark.parametrize("columns", [2, 5, 7, 14])
def test_every_number_and_a_few_words_of_every_name_fit_their_column(columns: int) -> None:
    for placement in arrange(money_table(columns)):
        widths = [fraction * placement.text_width for fraction in placement.widths]
        # the option's name gets room for several words a line, not one
        assert widths[0] >= min(text_width(OPTION), 12 * TABLE_FONT_SIZE)
        for width in widths[1:]:
            assert width >= text_width("-$1,611,834") + CELL_PADDING
        assert sum(widths) == pytest.approx(
            LANDSCAPE_TEXT_WIDTH if placement.landscape else PORTRAIT_TEXT_WIDTH
        )


def test_a_name_longer_than_the_page_with_nowhere_to_break_wraps_inside_its_column() -> None:
    # given an assumption whose source is a file name longer than the column, with nowhere to break
    address = "RivertonCapitalPlanningDiscountRatePolicyAdoptedByCouncilResolution2026017" * 2 + ".pdf"
    table = Table(
        "Assumptions and their sources",
        (Column("Assumption"), Column("Value"), Column("Source")),
        (("Discounting", "One flat rate 3.00%", address),),
    )
    # when it is printed
    pdf = render(report(table), "pdf").content
    # then it stays upright and on the page, and the address is all there
    assert not arrange(table)[0].landscape
    assert pdf_problems(pdf, "Wide tables") == []
    words = "".join(word.text for page in pdf_pages(pdf) for word in page.words)
    assert address in words


def report(*tables: Table) -> Report:
    return Report(
        title="Wide tables",
        subtitle="",
        organisation="City of Riverton",
        prepared_on=date(2026, 12, 8),
        sections=(Section("Financial case", tables),),
        provenance=("test",),
    )


@pytest.fixture(scope="module")
def wide() -> Report:
    return report(money_table(3, "Upright"), money_table(7, "Turned"), money_table(14, "Split"))


def test_the_pdf_turns_and_splits_and_every_word_stays_on_the_page(wide: Report) -> None:
    pdf = render(wide, "pdf").content
    pages = pdf_pages(pdf)
    assert {page.width for page in pages} == {612.0, 792.0}  # upright and landscape Letter
    assert pdf_problems(pdf, wide.title) == []
    text = " ".join(word.text for page in pages for word in page.words)
    assert "$225,100" in text and "$3,151,400" in text and "(part 2 of 2)" in text


def test_the_docx_tables_are_exactly_the_text_width_on_turned_pages_where_wide(wide: Report) -> None:
    docx = render(wide, "docx").content
    assert docx_problems(docx) == []
    orientations = [section.find(f"{W}pgSz").get(f"{W}orient") for _table, section in docx_tables(docx)]
    assert orientations == [None, "landscape", "landscape", "landscape"]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_the_checks_catch_a_table_that_does_not_fit() -> None:
    # given a document whose first table is 1 twip too wide: the check must say so
    from io import BytesIO

    from docx import Document

    document = Document(BytesIO(render(report(money_table(2)), "docx").content))
    column = document.tables[0]._tbl.tblGrid.findall(f"{W}gridCol")[0]
    column.set(f"{W}w", str(int(column.get(f"{W}w")) + 1))
    output = BytesIO()
    document.save(output)
    assert docx_problems(output.getvalue())[0].startswith("table 1 (Costs by fiscal year): columns add up to")


def test_the_margins_may_hold_only_the_running_head_and_the_page_number() -> None:
    from .pagefit import Page, Word, words_outside

    def word(text: str, x: float, y: float) -> Word:
        return Word(1, text, x, y, x + 20, y + 8)

    head, number, stray, pushed, fine = (
        word("Wide", 400, 30), word("3", 540, 760), word("Total", 400, 30), word("$1,200", 560, 400),
        word("$1,200", 300, 400),
    )  # fmt: skip
    page = Page(1, 612, 792, (head, number, stray, pushed, fine))
    assert words_outside(page, "Wide tables") == [stray, pushed]
