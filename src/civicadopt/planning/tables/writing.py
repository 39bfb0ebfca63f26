"""Writing a plan's tasks as CSV or as an .xlsx workbook, with the computed dates (see the package)."""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..models import Dependency, Plan
from .columns import CALCULATED, COLUMNS, safe_text

HEADER = COLUMNS + CALCULATED


def predecessor_text(links: list[Dependency]) -> str:
    """Return links in Microsoft Project notation (``2;3SS+5;4FF-1.5``), lags exact to the cent."""

    def one(link: Dependency) -> str:
        kind = "" if link.type == "FS" and not link.lag else link.type
        lag = f"{'+' if link.lag > 0 else '-'}{abs(link.lag).normalize():f}" if link.lag else ""
        return f"{link.predecessor.row}{kind}{lag}"

    return ";".join(one(link) for link in sorted(links, key=lambda link: link.predecessor.row))


def task_values(plan: Plan, schedule: Any) -> Iterator[dict[str, Any]]:
    """Yield each task's cells by column: numbers, dates and flags as such, text as stored.

    ``schedule`` is ``planning.schedule.plan_schedule(plan)``; when the plan cannot be scheduled the
    computed columns are empty.
    """
    computed = {row.task.pk: row for row in schedule.rows}
    tasks = (
        plan.tasks.order_by("row").select_related("phase").prefetch_related("predecessor_links__predecessor")
    )
    for task in tasks:
        row = computed.get(task.pk)
        yield {
            "row": task.row, "name": task.name, "level": task.outline_level, "duration": task.duration,
            "optimistic": task.optimistic, "most_likely": task.most_likely, "pessimistic": task.pessimistic,
            "predecessors": predecessor_text(list(task.predecessor_links.all())),
            "milestone": task.milestone, "constraint": task.constraint, "constraint_date": task.constraint_date,
            "phase": task.phase.name if task.phase else "", "cost": task.cost, "cost_per_day": task.cost_per_day,
            "percent_complete": task.percent_complete, "actual_start": task.actual_start,
            "actual_finish": task.actual_finish, "notes": task.notes,
            "start": row.start if row else None, "finish": row.finish if row else None,
            "total_float": round(row.total_float, 2) if row else None, "critical": row.critical if row else None,
        }  # fmt: skip


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # 5.00 is written 5, 1E+2 is written 100
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def csv_from_plan(plan: Plan, schedule: Any) -> bytes:
    """Return the plan's tasks as UTF-8 CSV with a byte-order mark (so that Excel reads accents right)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for values in task_values(plan, schedule):
        writer.writerow([_csv_cell(values[column]) for column in HEADER])
    return out.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, Decimal):  # two decimals at most: a float holds them, and Excel sums them
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return safe_text(value) or None
    return value


def xlsx_from_plan(plan: Plan, schedule: Any) -> bytes:
    """Return the plan's tasks as an Excel workbook: one sheet, numbers as numbers, dates as dates."""
    from openpyxl import Workbook  # heavy: only when a workbook is asked for
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Tasks"))[:31]
    sheet.append(list(HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in task_values(plan, schedule):
        sheet.append([_xlsx_cell(values[column]) for column in HEADER])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column, width in (("B", 40), ("H", 16), ("L", 20), ("R", 40)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "C2"
    book.properties.title = safe_text(str(plan.initiative.title))[:200]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
