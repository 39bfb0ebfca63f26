"""A plan's tasks as a CSV file or an Excel workbook, and back: the table people edit in a spreadsheet.

Columns (first row, in any order and any case): ``row, name, level, duration, optimistic, most_likely,
pessimistic, predecessors, milestone, constraint, constraint_date, phase, cost, cost_per_day,
percent_complete, actual_start, actual_finish, notes``; only ``name`` and ``duration`` are required.
Durations and lags are in working days; ``predecessors`` is Microsoft Project notation with task numbers
(``2;3SS+5``); dates are ISO (2027-01-04) or Excel date cells; yes/no, true/false or 1/0. Tasks are
numbered 1, 2, 3 … in the order of the file; a ``row`` column, when present, must say the same, so that a
row inserted in a spreadsheet cannot silently change what the predecessors point at.

Exports add the computed ``start, finish, total_float, critical``, which an import ignores. Reading is
all or nothing: every problem is reported by row (the header is row 1, as a spreadsheet numbers it) and
column, up to 50. Text that a spreadsheet would run as a formula (OWASP "CSV injection": a leading ``=``,
``+``, ``-``, ``@``, tab or carriage return) is written with a leading apostrophe, as the reports' XLSX
renderer does; the import takes it off again, so a file goes out and comes back unchanged.

Pure of HTTP: the import and export views, and any other caller, pass bytes in and get bytes out.
"""

from .columns import CALCULATED, COLUMNS, MAX_BYTES, REQUIRED, XLSX_CONTENT_TYPE, TaskTableError
from .reading import records_from_csv, records_from_rows, records_from_xlsx
from .writing import csv_from_plan, xlsx_from_plan

__all__ = [
    "CALCULATED",
    "COLUMNS",
    "MAX_BYTES",
    "REQUIRED",
    "XLSX_CONTENT_TYPE",
    "TaskTableError",
    "csv_from_plan",
    "records_from_csv",
    "records_from_rows",
    "records_from_xlsx",
    "xlsx_from_plan",
]
