import re
import zipfile
from dataclasses import replace
from io import BytesIO

import pytest
from openpyxl import load_workbook

from civicadopt.reports.registry import render
from civicadopt.reports.renderers.xlsx import safe_text, sheet_name

from .factories import HOSTILE_FORMULA, HOSTILE_MARKUP, RUN

MONEY = '"$"#,##0'


@pytest.fixture(scope="module")
def workbook(rendered):
    return load_workbook(BytesIO(rendered["xlsx"].content))


def test_a_summary_sheet_then_one_sheet_per_table_with_valid_names(workbook) -> None:
    assert workbook.sheetnames == ["Summary", "Whole-life cost by option", "Net present value by option…"]
    for name in workbook.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")
    summary = [
        cell.value for row in workbook["Summary"].iter_rows() for cell in row if cell.value is not None
    ]
    assert summary[:2] == ["Riverton e-permitting: business case", f"Outline business case {HOSTILE_MARKUP}"]
    assert RUN in summary and "City of Riverton" in summary


def test_numbers_are_numbers_with_a_format_per_column_kind(workbook) -> None:
    sheet = workbook["Whole-life cost by option"]
    option_a = sheet[4]
    assert [cell.value for cell in option_a] == [
        "Option A: hosted permits",
        1250000,
        -1234.4,
        0.035,
        1.84,
        4.25,
        12,
    ]
    assert [cell.data_type for cell in option_a] == ["s", "n", "n", "n", "n", "n", "n"]
    assert [cell.number_format for cell in option_a[1:]] == [MONEY, MONEY, "0.0%", "0.00", "0.0", "#,##0"]
    assert sheet["C7"].value == -12 and sheet["C7"].data_type == "n"  # a negative number is never neutralised
    assert sheet["B6"].value is None  # None is an empty cell


def test_a_formula_in_user_text_is_stored_as_inert_text(workbook, rendered) -> None:
    cell = workbook["Whole-life cost by option"]["A6"]
    assert cell.value == "'" + HOSTILE_FORMULA
    assert cell.data_type == "s"
    with zipfile.ZipFile(BytesIO(rendered["xlsx"].content)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)


def test_the_header_row_is_bold_frozen_and_filtered(workbook) -> None:
    sheet = workbook["Whole-life cost by option"]
    assert [cell.value for cell in sheet[3]][:2] == ["Option", "Capital cost"]
    assert all(cell.font.b for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:G7"
    assert 10 <= sheet.column_dimensions["A"].width <= 60


def test_a_chart_sheet_says_where_its_data_comes_from(workbook) -> None:
    sheet = workbook["Net present value by option…"]
    assert sheet["A1"].value == "Net present value by option (data)"
    assert RUN in sheet["A2"].value
    assert (sheet["B5"].value, sheet["B5"].number_format) == (2345678, MONEY)


def test_workbook_properties_name_the_report_and_organisation(workbook) -> None:
    assert workbook.properties.title == "Riverton e-permitting: business case"
    assert workbook.properties.creator == "City of Riverton"


def test_money_is_formatted_in_the_report_currency(report) -> None:
    for currency, number_format in (("GBP", '"£"#,##0'), ("CHF", '"CHF "#,##0')):
        book = load_workbook(BytesIO(render(replace(report, currency=currency), "xlsx").content))
        assert book["Whole-life cost by option"]["B4"].number_format == number_format


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\x01=1", "'=1"),
        ("Option A = best", "Option A = best"),
        ("", ""),
    ],
)
def test_safe_text_neutralises_formula_triggers(text: str, expected: str) -> None:
    assert safe_text(text) == expected


def test_sheet_names_are_valid_unique_and_readable() -> None:
    taken: set[str] = set()
    names = [
        sheet_name(title, taken)
        for title in (
            "Summary",
            "summary",
            "Costs [2026]: capital/revenue?*",
            "History",
            "'quoted'",
            "",
            "A very long caption that goes well past the limit",
            "A very long caption that goes well past the limit",
        )
    ]
    assert names == [
        "Summary",
        "summary (2)",
        "Costs 2026 capital revenue",
        "History (2)",
        "quoted",
        "Table",
        "A very long caption that goes…",
        "A very long caption that… (2)",
    ]
