"""Reading a task table (CSV text, or rows from a spreadsheet), all or nothing.

Columns: ``id, name, duration, predecessors`` and optionally ``optimistic, most_likely, pessimistic``
(a three-point estimate of the duration, in working days). ``predecessors`` uses Microsoft Project
notation separated by ``;`` (see ``notation``). Every problem is reported with its row (the header is
row 1) and column, and nothing is returned unless every row is valid and the network can be scheduled.
"""

import csv
import io
import math
from collections.abc import Iterable, Mapping

from civicadopt_core.finance.lines_table import RowError

from .estimates import Estimate
from .network import Link, Network, ScheduleError, Task
from .notation import parse_predecessors

REQUIRED_COLUMNS = ("id", "name", "duration", "predecessors")
ESTIMATE_COLUMNS = ("optimistic", "most_likely", "pessimistic")
MAX_ROWS = 200_000
MAX_ERRORS = 50
MAX_DURATION = 100_000.0


class TaskTableError(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


def network_from_csv(text: str) -> Network:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise TaskTableError([RowError(reader.line_num, "", f"the CSV is malformed ({error})")]) from error
    if not rows:
        raise TaskTableError([RowError(0, "", "the file is empty")])
    header = [cell.strip().lower() for cell in rows[0]]
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if any(cell.strip() for cell in row)]
    return network_from_rows(header, records)


def network_from_rows(header: list[str], records: Iterable[Mapping[str, str]]) -> Network:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise TaskTableError([RowError(1, column, "this column is missing") for column in missing])
    estimates = [c for c in ESTIMATE_COLUMNS if c in header]
    if estimates and len(estimates) != len(ESTIMATE_COLUMNS):
        absent = next(c for c in ESTIMATE_COLUMNS if c not in header)
        raise TaskTableError([RowError(1, absent, "give all three estimate columns, or none")])
    errors: list[RowError] = []
    tasks: list[Task] = []
    links: list[Link] = []
    rows_of: dict[str, int] = {}
    records = list(records)
    named = {(record.get("id") or "").strip() for record in records}  # every id, even on bad rows
    for number, record in enumerate(records, start=2):
        if number - 1 > MAX_ROWS:
            raise TaskTableError([RowError(number, "", f"a plan can have at most {MAX_ROWS:,} tasks")])
        found = _task(number, record, bool(estimates), errors, named)
        if found is None:
            continue
        task, predecessors = found
        if task.id in rows_of:
            errors.append(RowError(number, "id", f"task {task.id} already appears in row {rows_of[task.id]}"))
            continue
        rows_of[task.id] = number
        tasks.append(task)
        links.extend(predecessors)
        if len(errors) >= MAX_ERRORS:
            break
    for link in links:
        if link.predecessor not in named and link.successor in rows_of:
            errors.append(
                RowError(
                    rows_of[link.successor],
                    "predecessors",
                    f"task {link.successor}: predecessor {link.predecessor} does not exist",
                )
            )
    if errors:
        raise TaskTableError(errors[:MAX_ERRORS])
    try:
        return Network.build(tasks, links)
    except ScheduleError as error:
        row = rows_of.get(error.task or "", 0)
        raise TaskTableError([RowError(row, "predecessors" if row else "", str(error))]) from error


def _task(
    number: int, record: Mapping[str, str], estimated: bool, errors: list[RowError], known: set[str]
) -> tuple[Task, list[Link]] | None:
    before = len(errors)
    task_id = (record.get("id") or "").strip()
    if not task_id:
        errors.append(RowError(number, "id", "every task needs an id"))
        return None
    duration = _days(number, "duration", record.get("duration"), errors, task_id)
    estimate = None
    if estimated:
        values = [_days(number, c, record.get(c), errors, task_id, optional=True) for c in ESTIMATE_COLUMNS]
        given = [v for v in values if v is not None]
        if given and len(given) != 3:
            errors.append(
                RowError(number, "pessimistic", f"task {task_id}: give all three estimates or none")
            )
        elif len(given) == 3:
            low, mode, high = given
            if not low <= mode <= high:
                errors.append(
                    RowError(
                        number,
                        "most_likely",
                        f"task {task_id}: estimates must be optimistic ≤ most likely ≤ pessimistic",
                    )
                )
            else:
                estimate = Estimate(low, mode, high)
    try:
        predecessors = parse_predecessors(record.get("predecessors") or "", known)
    except ValueError as error:
        errors.append(RowError(number, "predecessors", f"task {task_id}: {error}"))
        predecessors = []
    if len(errors) > before or duration is None:
        return None
    name = (record.get("name") or "").strip()
    links = [Link(p.id, task_id, p.type, p.lag) for p in predecessors]
    return Task(task_id, name, duration, estimate), links


def _days(
    number: int, column: str, raw: str | None, errors: list[RowError], task_id: str, *, optional: bool = False
) -> float | None:
    text = (raw or "").strip().lower().removesuffix("days").removesuffix("day").removesuffix("d").strip()
    if not text:
        if optional:
            return None
        errors.append(RowError(number, column, f"task {task_id}: the duration is missing"))
        return None
    try:
        value = float(text)
    except ValueError:
        errors.append(RowError(number, column, f"task {task_id}: '{raw}' is not a number of working days"))
        return None
    if not math.isfinite(value) or value < 0:
        errors.append(RowError(number, column, f"task {task_id}: a duration cannot be negative"))
        return None
    if value > MAX_DURATION:
        errors.append(RowError(number, column, f"task {task_id}: more than {MAX_DURATION:,.0f} working days"))
        return None
    return value
