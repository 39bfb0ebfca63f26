"""The XLSX renderer: every table of the report as a sheet of real numbers, ready for analysis.

A Summary sheet says what the workbook is and where its figures come from; each table, and each chart's
data table, gets a sheet of its own. Numbers are written as numbers with a number format per column kind,
so that sums and charts in Excel work. Text that a spreadsheet would run as a formula (OWASP "CSV
injection": a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) is written with a leading
apostrophe, so a hostile option name can never run as a formula on a council member's machine.
openpyxl is imported inside the render function so that importing the app does not load it.
"""

import re
from datetime import date, datetime, time
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ..formatting import date_patterns, format_column, printable, xlsx_number_format
from ..model import Column, Figure, Report, Section, Table, Value
from ..registry import register

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits: 31 characters, none of []:*?/\ and no apostrophe at either end; names are compared
# without regard to case, and "History" is reserved.
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED_SHEET_NAMES = frozenset({"history"})
BREADCRUMB = " \u203a "  # a single right angle quote between section titles
HEADER_ROW = 3  # row 1: caption, row 2: source, row 3: column headings
MIN_WIDTH, MAX_WIDTH = 10, 60


def safe_text(text: str) -> str:
    """Return ``text`` as a spreadsheet cannot take it for a formula, and free of control characters."""
    # Control characters go first: "\x01=SUM(…)" must not become a formula once they are stripped.
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _shorten(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" '") + "…"


def sheet_name(title: str, taken: set[str]) -> str:
    """Return a valid sheet name for ``title`` not in ``taken`` (compared case-blind), and add it there."""
    base = " ".join(_SHEET_NAME_FORBIDDEN.sub(" ", printable(title)).split()).strip(" '") or _("Table")
    name, number = _shorten(base, MAX_SHEET_NAME), 1
    while name.casefold() in taken or name.casefold() in RESERVED_SHEET_NAMES:
        number += 1
        suffix = f" ({number})"
        name = _shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix
    taken.add(name.casefold())
    return name


def number_format(column: Column, values: tuple[Value, ...], currency: str, country: str = "US") -> str:
    """Return the Excel number format for a column of ``values``; money is in ``currency``."""
    return xlsx_number_format(column.kind, values, currency, country)


def _put(sheet: "Worksheet", row: int, column: int, value: Value | datetime, number_format: str = "") -> Any:
    """Write one value and return its cell: numbers (Decimal kept exact) and dates as themselves, text
    neutralised, ``None`` as an empty cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_text(value)
    elif isinstance(value, date) and not isinstance(value, datetime):
        cell.value = datetime.combine(value, time())
        if number_format:
            cell.number_format = number_format
    elif value is not None:
        cell.value = value
        if number_format and number_format != "General":
            cell.number_format = number_format
    return cell


def _table_sheet(sheet: "Worksheet", table: Table, note: str, currency: str, country: str) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = [
        number_format(column, table.column_values(i), currency, country)
        for i, column in enumerate(table.columns)
    ]
    _put(sheet, 1, 1, table.caption).font = Font(bold=True, size=13)
    _put(sheet, 2, 1, note)
    heading_fill = PatternFill("solid", start_color="F0F0F0")
    for index, column in enumerate(table.columns, start=1):
        cell = _put(sheet, HEADER_ROW, index, column.heading)
        cell.font = Font(bold=True)
        cell.fill = heading_fill
    for row_number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for index, (value, value_format) in enumerate(zip(row, formats, strict=True), start=1):
            _put(sheet, row_number, index, value, value_format)
    for index, column in enumerate(table.columns, start=1):
        shown = format_column(column.kind, table.column_values(index - 1), currency, country)
        width = max([len(column.heading), *(len(text) for text in shown)]) + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    last = f"{get_column_letter(len(table.columns))}{HEADER_ROW + len(table.rows)}"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _summary(sheet: "Worksheet", report: Report, contents: list[tuple[str, str, str]]) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    _put(sheet, 1, 1, report.title).font = Font(bold=True, size=16)
    _put(sheet, 2, 1, report.subtitle)
    facts: list[tuple[str, Value | datetime, str]] = [
        (_("Prepared for"), report.organisation, ""),
        (_("Prepared on"), datetime.combine(report.prepared_on, time()), date_patterns(report.country)[1]),
        (_("Currency"), report.currency, ""),
    ]
    row = 4
    for label, value, number_format in facts:
        _put(sheet, row, 1, label).font = bold
        _put(sheet, row, 2, value, number_format)
        row += 1
    row += 1
    _put(sheet, row, 1, _("Where these figures come from")).font = bold
    for line in report.provenance:
        row += 1
        _put(sheet, row, 1, line)
    row += 2
    _put(sheet, row, 1, _("Contents")).font = bold
    row += 1
    for column, heading in enumerate((_("Sheet"), _("Table"), _("Section")), start=1):
        _put(sheet, row, column, heading).font = bold
    for entry in contents:
        row += 1
        for column, text in enumerate(entry, start=1):
            _put(sheet, row, column, text)
    for letter, width in (("A", 32), ("B", 48), ("C", 40)):
        sheet.column_dimensions[letter].width = width


@register(
    "xlsx", content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension="xlsx"
)
def render_xlsx(report: Report) -> bytes:
    """Return the report's tables as a workbook: a Summary sheet, then one sheet per table."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    taken: set[str] = set()
    summary.title = sheet_name(_("Summary"), taken)
    contents: list[tuple[str, str, str]] = []
    trail: list[str] = []  # titles of the sections around the current block
    for depth, block in report.walk():
        del trail[depth - 1 :]
        if isinstance(block, Section):
            trail.append(block.title)
            continue
        if isinstance(block, Figure):
            table, note = (
                block.table,
                _("Data for the chart “%(title)s”. Source: %(source)s")
                % {
                    "title": block.title,
                    "source": block.source,
                },
            )
        elif isinstance(block, Table):
            table, note = block, BREADCRUMB.join(trail)
        else:
            continue
        name = sheet_name(table.caption, taken)
        _table_sheet(workbook.create_sheet(name), table, note, report.currency, report.country)
        contents.append((name, table.caption, BREADCRUMB.join(trail)))
    _summary(summary, report, contents)

    properties = workbook.properties
    properties.title = printable(report.title)
    properties.subject = printable(report.subtitle)
    properties.creator = properties.lastModifiedBy = printable(report.organisation)
    properties.description = printable("\n".join(report.provenance))
    properties.created = datetime.combine(report.prepared_on, time())
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()
