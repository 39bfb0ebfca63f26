"""A register as a CSV file or an Excel workbook, in the columns the import reads back.

Text that a spreadsheet would run as a formula (a leading ``=``, ``+``, ``-``, ``@``, tab or carriage
return: OWASP "CSV injection") is written with a leading apostrophe, exactly as the reports' XLSX
renderer does, so a hostile risk title can never run on a council member's machine. The import removes
that apostrophe again, so a file can go out and come back unchanged.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from civicadopt.forms import percent_text
from civicadopt.reports.renderers.xlsx import safe_text

from .models import Risk

COLUMNS = (
    "number", "title", "category", "cause", "event", "effect", "owner", "probability_pct",
    "cost_low", "cost_most_likely", "cost_high", "schedule_low", "schedule_most_likely", "schedule_high",
    "response", "mitigation", "mitigation_cost", "residual_probability_pct", "residual_cost",
    "residual_schedule", "trigger", "contingency_plan", "status", "review_date", "tasks",
)  # fmt: skip
# Written for reading; the import ignores them (they are calculated from the columns above).
CALCULATED = (
    "inherent_score", "inherent_rating", "residual_score", "residual_rating", "emv", "expected_delay",
)  # fmt: skip
TEXT = {"title", "cause", "event", "effect", "owner", "mitigation", "trigger", "contingency_plan", "tasks"}


def _percent(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(percent_text(value))


def row_values(risk: Risk) -> list[Any]:
    """Return the cells of ``risk`` in ``COLUMNS + CALCULATED`` order (numbers and dates as such)."""
    values: dict[str, Any] = {
        "number": risk.key,
        "category": risk.get_category_display(),
        "owner": risk.owner_display,
        "probability_pct": _percent(risk.probability),
        "residual_probability_pct": _percent(risk.residual_probability),
        "tasks": "; ".join(str(task.row) for task in sorted(risk.tasks.all(), key=lambda task: task.row)),
        "inherent_rating": risk.get_inherent_rating_display(),
        "residual_rating": risk.get_residual_rating_display(),
    }
    return [values[name] if name in values else getattr(risk, name) for name in COLUMNS + CALCULATED]


def _text(name: str, value: Any) -> Any:
    if value is None:
        return ""
    if name in TEXT or isinstance(value, str):
        return safe_text(str(value))
    return value


def to_csv(risks: Iterable[Risk]) -> bytes:
    """Return the register as UTF-8 CSV with a byte-order mark (so Excel reads accents right)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS + CALCULATED)
    for risk in risks:
        cells = row_values(risk)
        writer.writerow(
            [
                value.isoformat() if isinstance(value, date) else _text(name, value)
                for name, value in zip(COLUMNS + CALCULATED, cells, strict=True)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(risks: Iterable[Risk], *, title: str) -> bytes:
    """Return the register as an Excel workbook: one sheet, numbers as numbers, dates as dates."""
    from openpyxl import Workbook  # heavy: only when a workbook is asked for

    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append(list(COLUMNS + CALCULATED))
    for risk in risks:
        sheet.append(
            [
                None if value is None else _text(name, value)
                for name, value in zip(COLUMNS + CALCULATED, row_values(risk), strict=True)
            ]
        )
    for cell in sheet["X"][1:]:  # review_date
        cell.number_format = "yyyy-mm-dd"
    for column, width in (("B", 40), ("D", 40), ("E", 40), ("F", 40), ("P", 40)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    book.properties.title = safe_text(title)[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
