"""A grid of amounts, rows by years, entered and saved as one form (the cost and benefit lines of a
business-case option, the funding sources of an initiative).

Each row is named by a few key fields (for a line: kind, category and name) and holds one amount per
column (a year of the appraisal, a fiscal year). One POST carries the whole grid; this module reads it
back into rows of ``Decimal`` amounts and lists every problem by row and column, so the service can save
all of it or nothing. The names of the inputs (``r3-c2027``) are made here only, and the templates and
``static/civicadopt/amount-grid.js`` (keyboard moves, paste from Excel, the recurring fill, live totals)
read them from the markup.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from civicadopt_core.finance.recurring import recurring_amounts

MAX_ROWS = 300  # far more lines than any option has; a bigger POST is refused, not read
BLANK_ROWS = 3  # empty rows at the foot of the grid for new lines
MAX_DIGITS = 14  # whole-number digits of MONEY (16 digits, 2 after the point)
_NUMBER = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")


def cell_name(row: int, column: int) -> str:
    return f"r{row}-c{column}"


def key_name(row: int, name: str) -> str:
    return f"r{row}-{name}"


def cell_id(row: int, column: int) -> str:
    return f"cell-{row}-{column}"


def parse_amount(text: str) -> Decimal | None:
    """Return the amount typed in a cell (``None`` when empty); raise ValueError in plain words.

    Accepts what people paste from a spreadsheet: thousands separators, a currency sign, spaces.
    """
    cleaned = (text or "").strip().replace(",", "").replace(" ", "").replace("\u00a0", "").lstrip("$£€")
    if not cleaned:
        return None
    if cleaned.startswith("-") or (cleaned.startswith("(") and cleaned.endswith(")")):
        raise ValueError(_("Enter zero or more: a cost or a benefit is never negative."))
    if not _NUMBER.match(cleaned):
        raise ValueError(_("“%(text)s” is not an amount: enter a number such as 12500 or 12,500.00.") % {
            "text": text.strip()})  # fmt: skip
    whole, _dot, cents = cleaned.partition(".")
    if len(cents.rstrip("0")) > 2:
        raise ValueError(_("Use at most two decimal places (cents)."))
    if len(whole.lstrip("0")) > MAX_DIGITS:
        raise ValueError(_("This amount is too large."))
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only numbers
        raise ValueError(_("Enter a number.")) from exc


def money_text(value: Decimal | None) -> str:
    """The amount as a cell shows it: plain digits with cents only when there are any (1200, 99.50)."""
    if value is None:
        return ""
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


@dataclass(frozen=True)
class KeyField:
    """One of the fields that name a row: a list to choose from, or text."""

    name: str
    label: str
    choices: Sequence[tuple[str, str]] = ()
    max_length: int = 200

    def display(self, value: str) -> str:
        return dict(self.choices).get(value, value)


@dataclass(frozen=True)
class Column:
    value: int
    label: str  # "Year 3", "FY2027"


@dataclass
class Row:
    index: int
    key: dict[str, str]
    cells: dict[int, str]  # column -> text as typed or as stored
    locked: dict[int, str] = field(default_factory=dict)  # column -> why the grid may not change it
    is_new: bool = False
    amounts: dict[int, Decimal | None] = field(default_factory=dict)  # filled by reading

    def label(self) -> str:
        return self.key.get("name", "")

    @property
    def group(self) -> str:
        return self.key.get("kind", "")


@dataclass(frozen=True)
class Total:
    """A totals row: the sum of each column over the rows of the weighted groups (benefits - costs...)."""

    label: str
    weights: Mapping[str, int]

    def weights_text(self) -> str:
        return ";".join(f"{group}:{weight}" for group, weight in self.weights.items())


@dataclass
class Problem:
    target: str
    label: str
    message: str


@dataclass
class Grid:
    """The grid as shown: its key fields, columns, rows (stored ones first, then blank ones), totals."""

    key_fields: Sequence[KeyField]
    columns: Sequence[Column]
    rows: list[Row]
    totals: Sequence[Total] = ()
    fingerprint: str = ""
    # Read-only rows under the totals, e.g. the costs a funding plan must meet: (label, amount per column).
    reference: Sequence[tuple[str, Sequence[Decimal | None]]] = ()
    fill_first_index: int = 0  # the column the recurring helper starts from unless told otherwise
    problems: list[Problem] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """The number of row slots the form posts (``rows``): one past the highest row index."""
        return max((row.index for row in self.rows), default=-1) + 1

    def column_label(self, value: int) -> str:
        return next((c.label for c in self.columns if c.value == value), str(value))

    def cell_label(self, row: Row, column: int) -> str:
        return _("%(row)s, %(column)s") % {"row": self.row_label(row), "column": self.column_label(column)}

    def total_values(self) -> list[tuple[Total, list[Decimal]]]:
        """Each totals row's sums per column, from the rows' amounts (what was stored, or read)."""
        result = []
        for total in self.totals:
            sums = []
            for column in self.columns:
                amount = Decimal(0)
                for row in self.rows:
                    weight = total.weights.get(row.group, total.weights.get("*", 0))
                    value = row.amounts.get(column.value)
                    if weight and value is not None:
                        amount += weight * value
                sums.append(amount)
            result.append((total, sums))
        return result

    def row_label(self, row: Row) -> str:
        return row.label() or _("New row %(n)d") % {"n": row.index + 1}

    def view_rows(self) -> list[dict[str, Any]]:
        """The rows as the template draws them: each key field and each cell with its name, id and label."""
        wrong = {problem.target for problem in self.problems}
        drawn = []
        for row in self.rows:
            label = self.row_label(row)
            keys = []
            for key in self.key_fields:
                name = key_name(row.index, key.name)
                value = row.key.get(key.name, "")
                keys.append({
                    "field": key, "name": name, "id": f"id_{name}", "value": value, "display": key.display(value),
                    "label": _("%(row)s, %(field)s") % {"row": label, "field": key.label},
                    "error": f"id_{name}" in wrong,
                })  # fmt: skip
            cells = [
                {
                    "name": cell_name(row.index, column.value),
                    "id": cell_id(row.index, column.value),
                    "value": row.cells.get(column.value, ""),
                    "label": self.cell_label(row, column.value),
                    "locked": row.locked.get(column.value, ""),
                    "error": cell_id(row.index, column.value) in wrong,
                }
                for column in self.columns
            ]
            drawn.append({"row": row, "label": label, "keys": keys, "cells": cells})
        return drawn

    def add_blank_rows(self, count: int = BLANK_ROWS) -> None:
        start = max((row.index for row in self.rows), default=-1) + 1
        for index in range(start, start + count):
            self.rows.append(
                Row(index=index, key={f.name: "" for f in self.key_fields}, cells={}, is_new=True)
            )


def fingerprint(records: Iterable[Iterable[Any]]) -> str:
    """A short digest of the stored records the grid was built from: a change by someone else changes it."""
    digest = hashlib.sha256()
    for record in sorted(tuple(str(part) for part in record) for record in records):
        digest.update("\x1f".join(record).encode() + b"\x1e")
    return digest.hexdigest()[:32]


def read_grid(
    data: Mapping[str, Any],
    *,
    grid: Grid,
    clean_key: Callable[[dict[str, str]], dict[str, str]],
) -> Grid:
    """Read the posted grid into ``grid`` (whose columns and stored rows are known); list every problem.

    ``clean_key`` checks a new row's key fields and returns ``{field: message}`` for the bad ones. Rows
    whose key fields and cells are all empty are left out. A locked cell keeps its stored value whatever
    was posted.
    """
    try:
        count = int(data.get("rows", 0))
    except (TypeError, ValueError):
        count = 0
    count = max(0, min(count, MAX_ROWS))
    # Stored rows are known by their key fields (posted hidden), not by their place: a line added by
    # someone else meanwhile moves the rows, and the values must still land on the row they were typed in.
    names = [f.name for f in grid.key_fields]
    stored = {tuple(row.key.get(n, "") for n in names): row for row in grid.rows if not row.is_new}
    rows: list[Row] = []
    problems: list[Problem] = []
    for index in range(count):
        posted = {n: str(data.get(key_name(index, n), "")) for n in names}
        old = stored.get(tuple(posted[n] for n in names))
        key = dict(old.key) if old is not None else {n: " ".join(v.split()) for n, v in posted.items()}
        row = Row(index=index, key=key, cells={}, locked=dict(old.locked) if old else {}, is_new=old is None)
        for column in grid.columns:
            if column.value in row.locked:
                row.cells[column.value] = old.cells.get(column.value, "") if old else ""
                row.amounts[column.value] = old.amounts.get(column.value) if old else None
                continue
            text = str(data.get(cell_name(index, column.value), ""))
            row.cells[column.value] = text.strip()
            try:
                row.amounts[column.value] = parse_amount(text)
            except ValueError as error:
                row.amounts[column.value] = None
                problems.append(
                    Problem(cell_id(index, column.value), grid.cell_label(row, column.value), str(error))
                )
        if row.is_new and not any(key.values()) and not any(row.cells.values()):
            continue  # an unused blank row
        if row.is_new:
            for name, message in clean_key(key).items():
                label = next(f.label for f in grid.key_fields if f.name == name)
                problems.append(Problem(f"id_{key_name(index, name)}", _("New row %(n)d, %(field)s") % {
                    "n": index + 1, "field": label}, message))  # fmt: skip
        rows.append(row)
    seen: dict[tuple[str, ...], Row] = {}
    for row in rows:
        identity = tuple(row.key.get(f.name, "").casefold() for f in grid.key_fields)
        if identity in seen and all(identity):
            problems.append(Problem(f"id_{key_name(row.index, 'name')}" if row.is_new else "",
                                    row.label(), _("This row is already in the grid: enter its amounts there.")))  # fmt: skip
        seen.setdefault(identity, row)
    grid.rows = rows
    grid.problems = problems
    grid.fingerprint = str(data.get("fingerprint", ""))
    return grid


@dataclass(frozen=True)
class Fill:
    """The recurring helper: fill a row's cells from a first to a last column, growing by a rate."""

    row: int
    first: int
    last: int
    amount: Decimal
    growth: Decimal  # a fraction

    def apply(self, grid: Grid) -> None:
        values = recurring_amounts(first=self.first, last=self.last, amount=self.amount, growth=self.growth)
        for row in grid.rows:
            if row.index == self.row:
                for column, value in values.items():
                    if column not in row.locked and column in {c.value for c in grid.columns}:
                        row.cells[column] = money_text(value)
                        row.amounts[column] = value


def read_fill(data: Mapping[str, Any], grid: Grid) -> tuple[Fill | None, list[Problem]]:
    """Read the recurring helper (``fill-row``, ``fill-first``, ``fill-last``, ``fill-amount``, ``fill-growth``)."""
    problems: list[Problem] = []

    def number(name: str, label: str, parse: Callable[[str], Any]) -> Any:
        text = str(data.get(name, "")).strip().rstrip("%")
        try:
            value = parse(text)
        except (ValueError, InvalidOperation):
            value = None
        if value is None:
            problems.append(Problem(f"id_{name}", label, _("Enter a number.")))
        return value

    row = number("fill-row", _("Row to fill"), int)
    first = number("fill-first", _("From"), int)
    last = number("fill-last", _("To"), int)
    amount = number("fill-amount", _("Amount in the first year"), parse_amount)
    growth = number("fill-growth", _("Growth a year (%)"), lambda t: Decimal(t or "0"))
    columns = {c.value for c in grid.columns}
    if first is not None and first not in columns:
        problems.append(Problem("id_fill-first", _("From"), _("Choose a year shown in the grid.")))
    if last is not None and last not in columns:
        problems.append(Problem("id_fill-last", _("To"), _("Choose a year shown in the grid.")))
    if first is not None and last is not None and last < first:
        problems.append(Problem("id_fill-last", _("To"), _("The last year comes before the first.")))
    if growth is not None and growth <= -100:
        problems.append(Problem("id_fill-growth", _("Growth a year (%)"), _("Growth must be above -100%.")))
    if row is not None and row not in {r.index for r in grid.rows}:
        problems.append(Problem("id_fill-row", _("Row to fill"), _("Choose a row of the grid.")))
    if problems:
        return None, problems
    return Fill(row, first, last, amount, growth / 100), []


def add_errors(grid: Grid, error: ValidationError) -> None:
    """Put a service's ValidationError onto the grid's problems, by cell where it names one (``r3-c2``)."""
    if not hasattr(error, "error_dict"):
        grid.problems.extend(Problem("", "", message) for message in error.messages)
        return
    rows = {row.index: row for row in grid.rows}
    for name, messages in error.message_dict.items():
        match = re.fullmatch(r"r(\d+)-c(\d+)", name)
        row = rows.get(int(match[1])) if match else None
        for message in messages:
            if row is None or match is None:
                grid.problems.append(Problem("", "", message))
            else:
                column = int(match[2])
                grid.problems.append(
                    Problem(cell_id(row.index, column), grid.cell_label(row, column), message)
                )


@dataclass
class Changes:
    """What saving a grid does to its stored records: what to create, which to update, which to delete."""

    creates: list[Any] = field(default_factory=list)  # what ``prepare`` returned for a new cell
    updates: list[tuple[Any, Decimal]] = field(default_factory=list)  # (stored record, new amount)
    deletes: list[Any] = field(default_factory=list)


def grid_changes(
    grid: Grid,
    stored: Mapping[tuple[Any, ...], Sequence[Any]],
    prepare: Callable[[Row, int, Decimal, Any], Any],
) -> Changes:
    """Compare the cells with ``stored`` (records with an ``amount``, keyed by the row's key fields in the
    grid's order and the column), skipping locked cells and columns with two records. An empty cell deletes,
    a new amount goes through ``prepare(row, column, amount, record or None)``, which checks it (raising
    ValidationError) and returns what to create; every wrong cell is raised at once, by name (``r3-c2``)."""
    changes = Changes()
    errors: dict[str, list[str]] = {}
    names = [f.name for f in grid.key_fields]
    for row in grid.rows:
        for column in grid.columns:
            year = column.value
            if year in row.locked:
                continue
            amount = row.amounts.get(year)
            existing = stored.get((*(row.key[n] for n in names), year), [])
            if len(existing) > 1:
                continue  # two records in one year: the grid never showed this cell as editable
            record = existing[0] if existing else None
            if amount is None:
                if record is not None:
                    changes.deletes.append(record)
                continue
            if record is not None and record.amount == amount:
                continue
            try:
                created = prepare(row, year, amount, record)
            except ValidationError as error:
                errors[cell_name(row.index, year)] = error.messages
                continue
            if record is None:
                changes.creates.append(created)
            else:
                changes.updates.append((record, amount))
    if errors:
        raise ValidationError(errors)
    return changes
