"""Reading a task table from CSV or from the first sheet of an .xlsx workbook (see the package)."""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from civicadopt_core.finance.lines_table import RowError, decode
from civicadopt_core.schedule import Predecessor, parse_predecessors

from ..imports import MAX_TASKS, TaskRecord
from ..models import MAX_DAYS, Constraint
from .columns import (
    ALIASES,
    CALCULATED,
    COLUMNS,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ERRORS,
    MAX_UNPACKED,
    REQUIRED,
    TaskTableError,
    fail,
    unquote,
)

MAX_AMOUNT = Decimal("1e14")  # the model keeps 16 digits, two of them cents
MAX_LEVEL = 20
CENT = Decimal("0.01")
_DAYS = re.compile(r"(\d{1,9}(?:\.\d+)?|\.\d+)\s*(?:d|days?)?\s*\??", re.IGNORECASE)  # "5", "7.5 days?"
_WHOLE = re.compile(r"\d{1,9}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLAGS = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False, "": False}


def records_from_csv(content: bytes, *, phases: Collection[str] | None = None) -> list[TaskRecord]:
    """Return the tasks of a CSV file (UTF-8 with or without a byte-order mark, else Windows-1252).

    With ``phases`` (the initiative's phase names), a ``phase`` cell must name one of them. Raise
    TaskTableError listing every problem.
    """
    _check_size(content)
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in content:
        raise fail(_("The file is not CSV text: it looks like a workbook or another binary file."))
    try:
        text = decode(content)
    except UnicodeDecodeError as exc:
        raise fail(_("The file is not text in UTF-8 or Windows-1252: save it as “CSV UTF-8”.")) from exc
    # Excel saves "CSV" with semicolons where the decimal separator is a comma (much of Europe).
    first = text.partition("\n")[0]
    delimiter = ";" if ";" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    def rows() -> Iterator[list[str]]:
        try:
            yield from reader
        except csv.Error as exc:
            message = _("the file is not valid CSV (%(reason)s)") % {"reason": exc}
            raise TaskTableError([RowError(reader.line_num, "", message)]) from exc

    return records_from_rows(rows(), phases=phases)


def records_from_xlsx(content: bytes, *, phases: Collection[str] | None = None) -> list[TaskRecord]:
    """Return the tasks on the first sheet of an .xlsx workbook; macros and other files are refused."""
    _check_size(content)
    _check_package(content)
    from openpyxl import load_workbook  # heavy: only when a workbook arrives

    unreadable = _("The file is not a readable Excel workbook (.xlsx).")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise fail(unreadable) from exc
    try:
        if not book.worksheets:
            raise fail(_("The workbook has no worksheet."))
        cells = book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        return records_from_rows(([_cell_text(value) for value in row] for row in cells), phases=phases)
    except TaskTableError:
        raise
    except Exception as exc:  # a damaged sheet shows only while it is read
        raise fail(unreadable) from exc
    finally:
        book.close()


def records_from_rows(
    rows: Iterable[Sequence[str]], *, phases: Collection[str] | None = None
) -> list[TaskRecord]:
    """Return the tasks of a table whose first row is the header (cells as text)."""
    iterator = iter(rows)
    header_cells = next(iterator, None)
    if header_cells is None or not any(cell.strip() for cell in header_cells):
        raise fail(_("The file is empty: its first row must name the columns."))
    header, errors = _header(header_cells)
    if errors:
        raise TaskTableError(errors)
    known = {name.strip().casefold() for name in phases} if phases is not None else None
    records: list[TaskRecord] = []
    links: list[tuple[int, list[Predecessor]]] = []
    complete = True
    for number, cells in enumerate(iterator, start=2):
        values = [unquote(cell.strip()) for cell in cells]
        if not any(values):
            continue  # blank rows (often at the end of a spreadsheet) are not tasks
        if len(records) >= MAX_TASKS or len(errors) >= MAX_ERRORS:
            limit = _("a plan can have at most %(n)s tasks") % {"n": f"{MAX_TASKS:,}"}
            errors += [RowError(number, "", limit)] if len(records) >= MAX_TASKS else []
            complete = False
            break
        if any(values[len(header) :]) or any(v for v, c in zip(values, header, strict=False) if c is None):
            errors.append(RowError(number, "", _("a cell lies outside the named columns")))
        row = _Row(number, dict(zip(header, values + [""] * len(header), strict=False)), errors)
        records.append(row.record(len(records) + 1, records[-1].outline_level if records else 0, known))
        links.append((number, row.predecessors))
    if not errors and not records:
        raise fail(_("The file has a header but no tasks."))
    if complete:  # task numbers are only known once every row is read
        for task, ((number, found), record) in enumerate(zip(links, records, strict=True), start=1):
            record.predecessors = _links(number, found, task, len(records), errors)
    if errors:
        raise TaskTableError(errors)
    return records


def _header(cells: Sequence[str]) -> tuple[list[str | None], list[RowError]]:
    """Return the column of each header cell (None for an empty one) and the header's problems."""
    header: list[str | None] = []
    errors: list[RowError] = []
    expected = _("unknown column (expected: %(columns)s)") % {"columns": ", ".join(COLUMNS)}
    for cell in cells:
        name = re.sub(r"[\s-]+", "_", cell.strip().casefold())
        name = ALIASES.get(name, name)
        if not name:
            header.append(None)
            continue
        if name not in COLUMNS and name not in CALCULATED:
            errors.append(RowError(1, cell.strip()[:40], expected))
        elif name in header:
            errors.append(RowError(1, name, _("this column appears twice")))
        header.append(name)
    errors += [RowError(1, name, _("this column is required")) for name in REQUIRED if name not in header]
    return header, errors


def _links(
    number: int, found: list[Predecessor], task: int, count: int, errors: list[RowError]
) -> list[tuple[int, str, Decimal]]:
    """Return the links of task ``task`` (on spreadsheet row ``number``) to the other ``count`` tasks."""
    links = []
    for link in found:
        lag = Decimal(repr(link.lag))
        if not _WHOLE.fullmatch(link.id):
            problem = _("“%(id)s” is not a task number") % {"id": link.id[:20]}
        elif not 1 <= int(link.id) <= count:
            problem = _("there is no task %(id)s: the file has %(n)d tasks") % {"id": link.id, "n": count}
        elif int(link.id) == task:
            problem = _("a task cannot be its own predecessor")
        elif abs(lag) > MAX_DAYS or lag != lag.quantize(CENT):
            problem = _(
                "the lag after task %(id)s must be at most %(max)s working days, to two decimal places"
            ) % {"id": link.id, "max": f"{MAX_DAYS:,}"}
        else:
            links.append((int(link.id), str(link.type), lag))
            continue
        errors.append(RowError(number, "predecessors", problem))
    return links


class _Row:
    """One data row's cells by column, read into a TaskRecord while its problems are collected."""

    def __init__(self, number: int, values: dict[str | None, str], errors: list[RowError]) -> None:
        self.number = number
        self.values = values
        self.errors = errors
        self.predecessors: list[Predecessor] = []

    def add(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def raw(self, column: str) -> str:
        return self.values.get(column, "")

    def text(self, column: str, limit: int) -> str:
        value = self.raw(column)
        if len(value) > limit:
            self.add(column, _("at most %(n)d characters") % {"n": limit})
        return value[:limit]

    def days(self, column: str) -> Decimal | None:
        """Return a number of working days ("5", "7.5", "5 days", "5d"), or None when empty."""
        raw = self.raw(column)
        match = _DAYS.fullmatch(raw)
        value = Decimal(match[1]) if match else None
        if raw and (value is None or value > MAX_DAYS):
            self.add(column, _("“%(value)s” is not a number of working days from 0 to %(max)s")
                     % {"value": raw[:40], "max": f"{MAX_DAYS:,}"})  # fmt: skip
        elif value is not None and value != value.quantize(CENT):
            self.add(column, _("“%(value)s” has more than two decimal places") % {"value": raw[:40]})
        else:
            return value
        return None

    def amount(self, column: str) -> Decimal | None:
        raw = self.raw(column)
        cleaned = re.sub(r"^[$£€]|[,\s]", "", raw)
        try:
            value = Decimal(cleaned) if raw and len(cleaned) <= 40 else Decimal("NaN")
        except InvalidOperation:
            value = Decimal("NaN")
        if raw and (not value.is_finite() or not 0 <= value < MAX_AMOUNT):
            self.add(column, _("“%(value)s” is not an amount from 0 to %(max)s")
                     % {"value": raw[:40], "max": f"{MAX_AMOUNT:,.0f}"})  # fmt: skip
        elif raw and value != value.quantize(CENT):
            self.add(column, _("“%(value)s” has more than two decimal places (cents)") % {"value": raw[:40]})
        elif raw:
            return value
        return None

    def whole(self, column: str, low: int, high: int, default: int) -> int:
        raw = self.raw(column).removesuffix("%").strip()
        if raw and (not _WHOLE.fullmatch(raw) or not low <= int(raw) <= high):
            self.add(column, _("“%(value)s” is not a whole number from %(low)d to %(high)d")
                     % {"value": raw[:40], "low": low, "high": high})  # fmt: skip
            return default
        return int(raw) if raw else default

    def day(self, column: str) -> dt.date | None:
        raw = self.raw(column)
        if not raw:
            return None
        try:
            if _ISO_DATE.fullmatch(raw):
                return dt.date.fromisoformat(raw)
        except ValueError:
            pass  # 2027-02-30: reported below with the others
        self.add(column, _("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2027-01-04")
                 % {"value": raw[:40]})  # fmt: skip
        return None

    def flag(self, column: str) -> bool:
        raw = self.raw(column).casefold()
        if raw not in _FLAGS:
            self.add(column, _("“%(value)s” must be yes or no") % {"value": raw[:40]})
        return _FLAGS.get(raw, False)

    def constraint(self) -> str:
        raw = self.raw("constraint").casefold()
        for value, label in Constraint.choices:
            if raw in (value.casefold(), str(label).casefold()):
                return str(value)
        if raw:
            self.add("constraint", _("“%(value)s” must be SNET (start no earlier than), FNLT (finish no later than) or empty")
                     % {"value": raw[:40]})  # fmt: skip
        return ""

    def record(self, task: int, previous_level: int, phases: set[str] | None) -> TaskRecord:
        """Return the row as task number ``task``; its links are resolved once every row is read."""
        if self.raw("row") and self.raw("row") != str(task):
            self.add("row", _("is %(value)s, but this is task %(n)d: tasks are numbered 1, 2, 3 … in order and predecessors refer to these numbers; renumber the column (and check the predecessors) or leave it empty")
                     % {"value": self.raw("row")[:20], "n": task})  # fmt: skip
        name = self.text("name", 300)
        if not name:
            self.add("name", _("must not be empty"))
        level = self.whole("level", 1, MAX_LEVEL, 1)
        if level > previous_level + 1:
            self.add("level", _("is %(level)d, but can be at most %(most)d: a task can only be indented one level below the task above it")
                     % {"level": level, "most": previous_level + 1})  # fmt: skip
        duration = self.days("duration")
        if not self.raw("duration"):
            self.add("duration", _("must not be empty (0 for a milestone)"))
        estimates = [self.days(column) for column in ("optimistic", "most_likely", "pessimistic")]
        try:
            self.predecessors = parse_predecessors(self.raw("predecessors"))
        except ValueError as error:
            self.add("predecessors", str(error))
        phase = self.text("phase", 200)
        if phase and phases is not None and phase.casefold() not in phases:
            self.add("phase", _("there is no phase named “%(name)s” in this initiative") % {"name": phase})
        record = TaskRecord(
            name=name, outline_level=level, duration=duration or Decimal(0), milestone=self.flag("milestone"),
            optimistic=estimates[0], most_likely=estimates[1], pessimistic=estimates[2],
            constraint=self.constraint(), constraint_date=self.day("constraint_date"), phase_name=phase,
            cost=self.amount("cost"), cost_per_day=self.amount("cost_per_day"),
            percent_complete=self.whole("percent_complete", 0, 100, 0),
            actual_start=self.day("actual_start"), actual_finish=self.day("actual_finish"),
            notes=self.text("notes", 5000),
        )  # fmt: skip
        self.check(record, estimates)
        return record

    def check(self, record: TaskRecord, estimates: list[Decimal | None]) -> None:
        """The rules of ``Task.clean``, reported against this row and its columns."""
        if record.milestone and record.duration:
            self.add("duration", _("a milestone takes no time: set the duration to 0"))
        given = [value for value in estimates if value is not None]
        if given and len(given) < 3:
            self.add(
                "pessimistic", _("give all three estimates (optimistic, most likely, pessimistic) or none")
            )
        elif given and not given[0] <= given[1] <= given[2]:
            self.add(
                "most_likely", _("the estimates must be in order: optimistic ≤ most likely ≤ pessimistic")
            )
        unknown_kind = self.raw("constraint") and not record.constraint  # reported already
        if not unknown_kind and bool(self.raw("constraint")) != bool(self.raw("constraint_date")):
            self.add("constraint_date", _("a date constraint needs both its kind and its date"))
        if record.actual_finish and not record.actual_start and not self.raw("actual_start"):
            self.add("actual_start", _("an actual finish needs an actual start"))
        elif record.actual_start and record.actual_finish and record.actual_finish < record.actual_start:
            self.add("actual_finish", _("must be on or after the actual start"))


def _check_size(content: bytes) -> None:
    if len(content) > MAX_BYTES:
        raise fail(_("The file is larger than %(n)d MB.") % {"n": MAX_BYTES // (1024 * 1024)})
    if not content:
        raise fail(_("The file is empty."))


def _check_package(content: bytes) -> None:
    """Refuse, saying what it is, anything but a plain .xlsx workbook of a reasonable unpacked size."""
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(_("This is an Excel 97-2003 workbook (.xls), a password-protected workbook or another older Office file: save it as an Excel Workbook (.xlsx) without a password."))  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise fail(_("The file is not an Excel workbook (.xlsx).")) from exc
    names = {part.filename.casefold() for part in parts}
    refusals = (
        ("word/document.xml" in names, _("This is a Word document, not an Excel workbook: choose the .xlsx file of the plan.")),
        ("ppt/presentation.xml" in names, _("This is a PowerPoint presentation, not an Excel workbook: choose the .xlsx file of the plan.")),
        ("mimetype" in names, _("This is an OpenDocument file: save it as an Excel Workbook (.xlsx) first.")),
        (any(name.endswith("vbaproject.bin") for name in names), _("The workbook contains macros, which are not accepted: save it as an Excel Workbook (.xlsx), without macros.")),
        ("xl/workbook.bin" in names, _("This is an Excel binary workbook (.xlsb): save it as an Excel Workbook (.xlsx).")),
        ("xl/workbook.xml" not in names, _("The file is not an Excel workbook (.xlsx).")),
        (sum(part.file_size for part in parts) > MAX_UNPACKED, _("The workbook unpacks to more than %(n)d MB, which is too large to import.") % {"n": MAX_UNPACKED // (1024 * 1024)}),
    )  # fmt: skip
    for refused, message in refusals:
        if refused:
            raise fail(message)


def _cell_text(value: Any) -> str:
    """Return a spreadsheet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # Excel keeps every number as a float: 10.0 is "10", and 7.1 stays 7.1 rather than 7.0999….
        return str(int(value)) if value.is_integer() else repr(round(value, 9))
    return str(value)
