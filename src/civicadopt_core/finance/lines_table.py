"""Reading cost and benefit lines from a table (CSV text, or rows from a spreadsheet), all or nothing.

Columns: ``option, kind, category, name, year, amount`` and optionally ``low, high, distribution, group``.
``kind`` is ``cost`` or ``benefit``; amounts are positive; year 0 is the first year. Every problem is
reported with its row (as a spreadsheet numbers it: the header is row 1) and column, and nothing is
returned unless every row is valid.
"""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .flows import Distribution, Kind, Line

REQUIRED_COLUMNS = ("option", "kind", "category", "name", "year", "amount")
OPTIONAL_COLUMNS = ("low", "high", "distribution", "group")
MAX_ROWS = 100_000
MAX_YEAR = 1000
MAX_TEXT = 200
# Amounts up to a trillion, to the cent: anything larger is a typing mistake in a municipal budget.
MAX_AMOUNT = Decimal("1e12")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message  # about the whole file
        where = "row 1 (the header)" if self.row == 1 else f"row {self.row}"
        return (
            f"{where}, column '{self.column}': {self.message}" if self.column else f"{where}: {self.message}"
        )


class LinesTableError(ValueError):
    """The table has problems; ``errors`` lists every one found (at most 50)."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


def decode(data: bytes) -> str:
    """Return ``data`` as text: UTF-8 (with or without the byte-order mark Excel adds), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def lines_from_csv(text: str) -> list[Line]:
    """Return the lines of CSV ``text``; raise LinesTableError naming every bad row and column."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise LinesTableError([RowError(reader.line_num, "", f"the file is not valid CSV ({exc})")]) from exc
    if not rows:
        raise LinesTableError([RowError(0, "", "the file is empty")])
    header = [cell.strip().lower() for cell in rows[0]]
    return lines_from_rows(header, rows[1:])


def lines_from_rows(header: list[str], rows: Iterable[list[str]]) -> list[Line]:
    """Return the lines of a table given its ``header`` and data ``rows`` (cells as text)."""
    errors = _check_header(header)
    if errors:
        raise LinesTableError(errors)
    lines: list[Line] = []
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, "", f"a file may hold at most {MAX_ROWS:,} lines"))
            break
        if not any(cell.strip() for cell in cells):
            continue  # blank rows (often at the end of a spreadsheet export) are not lines
        if len(cells) > len(header):
            errors.append(
                RowError(number, "", f"{len(cells)} cells, but the header names {len(header)} columns")
            )
            continue
        record = dict(
            zip(header, [cell.strip() for cell in cells] + [""] * (len(header) - len(cells)), strict=True)
        )
        line = _line(number, record, errors)
        if line is not None:
            lines.append(line)
        if len(errors) >= 50:
            break
    if errors:
        raise LinesTableError(errors[:50])
    if not lines:
        raise LinesTableError([RowError(0, "", "the file has a header but no lines")])
    return lines


def _check_header(header: list[str]) -> list[RowError]:
    errors = [
        RowError(1, column, "this column is required") for column in REQUIRED_COLUMNS if column not in header
    ]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    errors += [
        RowError(1, column, f"unknown column (expected: {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)})")
        for column in header
        if column not in known
    ]
    errors += [
        RowError(1, column, "this column appears twice") for column in set(header) if header.count(column) > 1
    ]
    return errors


def _text(number: int, record: Mapping[str, str], column: str, errors: list[RowError]) -> str:
    value = record.get(column, "")
    if not value:
        errors.append(RowError(number, column, "must not be empty"))
    elif len(value) > MAX_TEXT:
        errors.append(RowError(number, column, f"at most {MAX_TEXT} characters"))
    return value


def _amount(number: int, record: Mapping[str, str], column: str, errors: list[RowError]) -> Decimal | None:
    raw = record.get(column, "").replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors.append(RowError(number, column, f"'{raw[:40]}' is not a number"))
        return None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        errors.append(RowError(number, column, f"must be a positive amount up to {MAX_AMOUNT:,.0f}"))
        return None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(RowError(number, column, f"'{raw[:40]}' has more than 2 decimal places (cents)"))
        return None
    return value


def _line(number: int, record: Mapping[str, str], errors: list[RowError]) -> Line | None:
    before = len(errors)
    option = _text(number, record, "option", errors)
    name = _text(number, record, "name", errors)
    category = _text(number, record, "category", errors)
    kind = record.get("kind", "").lower()
    if kind not in (Kind.COST, Kind.BENEFIT):
        errors.append(RowError(number, "kind", f"'{kind[:40]}' must be 'cost' or 'benefit'"))
    year_text = record.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) <= 4 else -1
    if not 0 <= year <= MAX_YEAR:
        errors.append(
            RowError(number, "year", f"'{year_text[:40]}' must be a whole number from 0 to {MAX_YEAR}")
        )
    amount = _amount(number, record, "amount", errors)
    if amount is None and record.get("amount", "") == "":
        errors.append(RowError(number, "amount", "must not be empty"))
    low = _amount(number, record, "low", errors)
    high = _amount(number, record, "high", errors)
    if (low is None) != (high is None) and not any(
        e.row == number and e.column in ("low", "high") for e in errors
    ):
        errors.append(
            RowError(number, "low" if low is None else "high", "give both low and high, or neither")
        )
    if low is not None and high is not None and amount is not None and not low <= amount <= high:
        errors.append(RowError(number, "amount", "must lie between low and high"))
    distribution = record.get("distribution", "").lower() or Distribution.TRIANGULAR
    if distribution not in Distribution.__members__.values():
        errors.append(
            RowError(
                number, "distribution", f"'{distribution[:40]}' must be one of {', '.join(Distribution)}"
            )
        )
    elif distribution == Distribution.LOGNORMAL and low is not None and low <= 0:
        errors.append(RowError(number, "low", "a lognormal range needs a low above zero"))
    group = record.get("group", "")
    if len(group) > MAX_TEXT:
        errors.append(RowError(number, "group", f"at most {MAX_TEXT} characters"))
    if len(errors) > before or amount is None:
        return None
    return Line(
        option=option,
        kind=Kind(kind),
        category=category,
        name=name,
        year=year,
        amount=amount,
        low=low,
        high=high,
        distribution=Distribution(distribution),
        group=group,
    )
