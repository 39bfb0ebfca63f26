"""Reading an uploaded table (.csv or .xlsx) as text rows, for the all-or-nothing imports of risks and of
funding programmes: one reader, so both accept the same files and refuse bad ones with the same words.
"""

import csv
import io
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from civicadopt.reports.renderers.xlsx import FORMULA_TRIGGERS
from civicadopt_core.finance.lines_table import RowError, decode

MAX_BYTES = 5 * 1024 * 1024
MAX_ERRORS = 50


class TableError(ValueError):
    """The file has problems; ``errors`` lists every one found (at most 50)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors[:MAX_ERRORS]
        super().__init__("; ".join(str(error) for error in self.errors))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, float):
        # Excel stores every number as a float: 1200.0 is "1200", and cents survive as written.
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    # The export writes formula-like text with a leading apostrophe; take it off again.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS) else text


def read_rows(
    content: bytes, filename: str, *, error: type[TableError] = TableError
) -> tuple[list[str], list[list[str]]]:
    """Return the header and the rows of an uploaded .csv or .xlsx file, as text."""
    if len(content) > MAX_BYTES:
        raise error(
            [RowError(0, "", _("the file is larger than %(n)d MB") % {"n": MAX_BYTES // (1024 * 1024)})]
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook  # heavy: only when an Excel file arrives

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            rows = [
                [cell_text(cell) for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)
            ]
            book.close()
        except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel file
            raise error([RowError(0, "", _("the file is not a readable Excel (.xlsx) workbook"))]) from exc
    elif name.endswith((".csv", ".txt")):
        try:
            reader = csv.reader(io.StringIO(decode(content), newline=""))
            rows = [[cell_text(cell) for cell in row] for row in reader]
        except UnicodeDecodeError as exc:
            raise error([RowError(0, "", _("the file is not text: save it as CSV (UTF-8)"))]) from exc
        except csv.Error as exc:
            raise error(
                [RowError(0, "", _("the file is not valid CSV (%(problem)s)") % {"problem": exc})]
            ) from exc
    else:
        raise error([RowError(0, "", _("choose a .csv or .xlsx file"))])
    if not rows or not any(rows[0]):
        raise error([RowError(1, "", _("the first row must name the columns"))])
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    return header, rows[1:]
