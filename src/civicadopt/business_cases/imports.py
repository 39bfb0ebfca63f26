"""Importing cost and benefit lines from CSV or Excel into a business case: all or nothing.

The table is read by the core (``civicadopt_core.finance.lines_table``), so the web import, the API and
``civicadopt calc appraise`` accept exactly the same columns and report problems the same way: by row
and column. Options are matched by name; nothing is written unless every row is valid.
"""

import io
from decimal import Decimal
from typing import Any

from django.db import transaction

from civicadopt import uploads
from civicadopt.accounts.models import User
from civicadopt_core.finance.lines_table import (
    LinesTableError,
    RowError,
    decode,
    lines_from_csv,
    lines_from_rows,
)

from .models import BusinessCase, Line, Option
from .services import LINE_FIELDS, audit_summary, require_edit

MAX_BYTES = 5 * 1024 * 1024


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Excel stores every number as a float: 1200.0 is "1200", and cents survive as written.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal | int):
        return str(value)
    return str(value).strip()


def read_table(content: bytes, filename: str) -> list[Any]:
    """Return the core lines in an uploaded .csv or .xlsx file; raise LinesTableError for bad content."""
    if len(content) > MAX_BYTES:
        raise LinesTableError([RowError(0, "", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    wrong = uploads.wrong_file_type(content)
    if wrong:
        raise LinesTableError([RowError(0, "", wrong)])
    name = filename.lower()
    if uploads.file_type(content) == "xlsx" or name.endswith(".xlsx"):
        from openpyxl import load_workbook  # heavy: only when an Excel file arrives

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged or non-Excel file
            raise LinesTableError(
                [RowError(0, "", "the file is not a readable Excel (.xlsx) workbook")]
            ) from exc
        rows = [
            [_cell_text(cell) for cell in row] for row in workbook.worksheets[0].iter_rows(values_only=True)
        ]
        workbook.close()
        if not rows:
            raise LinesTableError([RowError(0, "", "the first sheet is empty")])
        return lines_from_rows([cell.lower() for cell in rows[0]], rows[1:])
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = decode(content)
        except UnicodeDecodeError as exc:
            raise LinesTableError([RowError(0, "", "the file is not text: save it as CSV (UTF-8)")]) from exc
        return lines_from_csv(text)
    raise LinesTableError([RowError(0, "", "choose a .csv or .xlsx file")])


@transaction.atomic
def lines_import(
    *, user: User, case: BusinessCase, content: bytes, filename: str, replace: bool = False
) -> int:
    """Add the lines of the file to their options (matched by name); with ``replace``, first remove the
    lines of every option the file names. Return how many lines were imported.

    Raise LinesTableError (with every row problem) and write nothing when any row is invalid.
    """
    require_edit(user, case.initiative)
    core_lines = read_table(content, filename)
    options = {option.name: option for option in case.options.all()}
    unknown = sorted({line.option for line in core_lines} - set(options))
    if unknown:
        raise LinesTableError(
            [
                RowError(0, "option", f"no option named '{name}' in this business case (add it first)")
                for name in unknown[:20]
            ]
        )
    last = case.horizon_years
    late = [line for line in core_lines if line.year > last]
    if late:
        raise LinesTableError([
            RowError(0, "year", f"the line '{line.name}' of option '{line.option}' is in year {line.year}, "
                                f"after the last year of the appraisal (year {last})")
            for line in late[:20]
        ])  # fmt: skip
    named = {options[line.option] for line in core_lines}
    if replace:
        Line.objects.filter(option__in=named).delete()
    created = Line.objects.bulk_create(
        Line(option=options[line.option], **{name: getattr(line, name) for name in LINE_FIELDS})
        for line in core_lines
    )
    audit_summary(user, case, case, {
        "imported_lines": len(created), "file": filename[:200], "replaced": replace,
        "options": sorted(option.name for option in named),
    }, action="update")  # fmt: skip
    return len(created)


__all__ = ["LinesTableError", "Option", "lines_import", "read_table"]
