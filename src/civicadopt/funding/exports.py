"""The catalogue as a CSV file or an Excel workbook, in the columns the import reads back.

Codes are written as the import reads them: kinds as their value (``grant``), applicant types, categories
and assistance listings separated by semicolons. Text that a spreadsheet would run as a formula is
written with a leading apostrophe (OWASP "CSV injection"), as the reports' XLSX renderer does; the
import takes it off again, so a file can go out and come back unchanged.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from civicadopt.reports.renderers.xlsx import safe_text

from .models import Programme

COLUMNS = (
    "id", "funder", "name", "kind", "applicant_types", "geography", "categories", "purposes",
    "award_floor", "award_ceiling", "match_percent", "opens", "closes", "rolling", "assistance_listings",
    "url", "notes",
)  # fmt: skip
# Written for reading; the import ignores them.
CALCULATED = ("source", "opportunity_number")
MAX_EXPORT = 10_000
DATES = ("opens", "closes")


def row_values(programme: Programme) -> list[Any]:
    """Return the cells of ``programme`` in ``COLUMNS + CALCULATED`` order (numbers and dates as such)."""
    values: dict[str, Any] = {
        "id": programme.pk,
        "applicant_types": "; ".join(programme.applicant_types or []),
        "categories": "; ".join(programme.categories or []),
        "assistance_listings": "; ".join(programme.assistance_listings or []),
        "rolling": "yes" if programme.rolling else "no",
    }
    return [values[name] if name in values else getattr(programme, name) for name in COLUMNS + CALCULATED]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


def to_csv(programmes: Iterable[Programme]) -> bytes:
    """Return the programmes as UTF-8 CSV with a byte-order mark (so Excel reads accents right)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS + CALCULATED)
    for programme in programmes:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, date) else _cell(value)
                for value in row_values(programme)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(programmes: Iterable[Programme], *, title: str) -> bytes:
    """Return the programmes as an Excel workbook: one sheet, numbers as numbers, dates as dates."""
    from openpyxl import Workbook  # heavy: only when a workbook is asked for

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Programmes")
    sheet.freeze_panes = "C2"
    for column, width in (("B", 30), ("C", 50), ("H", 40), ("P", 40), ("Q", 40)):
        sheet.column_dimensions[column].width = width
    sheet.append(list(COLUMNS + CALCULATED))
    for programme in programmes:
        sheet.append([None if value is None else _cell(value) for value in row_values(programme)])
    book.properties.title = safe_text(title)[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
