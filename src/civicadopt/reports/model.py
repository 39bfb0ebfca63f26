"""The report model: what a report says, independent of the file format it is rendered to.

Every renderer (HTML, PDF, DOCX, XLSX) reads the same frozen tree, so a council sees the same numbers in
every download. Values stay raw numbers here; formatting belongs to the renderers (a spreadsheet needs
the number, a document needs the text).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, TypeAlias, get_args

from .svg import check_inline_svg

ColumnKind: TypeAlias = Literal[
    "text", "money", "number", "percent", "ratio", "years", "days", "integer", "year", "date"
]
COLUMN_KINDS: frozenset[str] = frozenset(get_args(ColumnKind))
Value: TypeAlias = str | int | float | Decimal | date | None

_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Column:
    """A table column: its heading and how its values read.

    ``money`` values are in the report currency; ``percent`` values are fractions (0.035 reads 3.5%);
    ``years`` and ``days`` (working days) are durations; ``year`` a calendar year (2032, never 2,032); ``date`` holds dates, shown
    as the organisation's country writes them.
    """

    heading: str
    kind: ColumnKind = "text"

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}; expected one of {sorted(COLUMN_KINDS)}")

    @property
    def numeric(self) -> bool:
        """Return whether the column holds numbers (right-aligned, written as numbers in spreadsheets)."""
        return self.kind not in ("text", "date")


def _check_value(value: object, column: Column) -> None:
    # bool is an int subclass: True would print as $1 in a money column.
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal | date | None):
        raise TypeError(f"Column {column.heading!r}: unsupported value {value!r}")
    # A date column may say "not yet" in words; no other column holds dates.
    if isinstance(value, date) and column.kind != "date":
        raise TypeError(f"Column {column.heading!r} ({column.kind}) holds no dates, not {value!r}")
    if column.kind == "date" and isinstance(value, int | float | Decimal):
        raise TypeError(f"Column {column.heading!r} (date) holds dates, not {value!r}")
    if column.numeric and isinstance(value, str):
        raise TypeError(f"Column {column.heading!r} ({column.kind}) holds numbers, not {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"Column {column.heading!r}: {value!r} is not a reportable number")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"Column {column.heading!r}: {value!r} is not a reportable number")


@dataclass(frozen=True)
class Table:
    """A data table; every row has one value per column, ``None`` where there is no value."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]

    def __post_init__(self) -> None:
        # Callers often build rows as lists; store tuples so that the tree stays immutable.
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        if not self.columns:
            raise ValueError(f"Table {self.caption!r} has no columns")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Table {self.caption!r}, row {number}: {len(row)} values for {len(self.columns)} columns"
                )
            for value, column in zip(row, self.columns, strict=True):
                _check_value(value, column)

    def column_values(self, index: int) -> tuple[Value, ...]:
        """Return the values of column ``index``, top to bottom."""
        return tuple(row[index] for row in self.rows)


@dataclass(frozen=True)
class Figure:
    """A chart with its text alternative and the data table that shows the same numbers.

    ``svg`` is a complete ``<svg>`` element from :mod:`civicadopt.charts`; it is checked on creation
    (see :func:`civicadopt.reports.svg.check_inline_svg`) because renderers embed it as markup.
    ``source`` names the stored calculation run the numbers come from.
    """

    title: str
    svg: str
    alt: str
    table: Table
    source: str

    def __post_init__(self) -> None:
        check_inline_svg(self.svg)
        if not self.alt.strip():
            raise ValueError(f"Figure {self.title!r} needs alternative text")
        if not self.source.strip():
            raise ValueError(f"Figure {self.title!r} must name the calculation run it comes from")


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(self.blocks))
        for block in self.blocks:
            if not isinstance(block, Paragraph | Table | Figure | Section):
                raise TypeError(f"Section {self.title!r}: unsupported block {block!r}")


Block: TypeAlias = Paragraph | Table | Figure | Section


@dataclass(frozen=True)
class Report:
    """A whole report; ``provenance`` lines say which stored calculation runs (inputs, seed, method
    version) the figures come from, so that anyone can reproduce them."""

    title: str
    subtitle: str
    organisation: str
    prepared_on: date
    sections: tuple[Section, ...]
    provenance: tuple[str, ...]
    currency: str = "USD"
    # Two-letter country of the organisation: how its dates read (see formatting.format_date).
    country: str = "US"

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "provenance", tuple(self.provenance))
        if not _CURRENCY_CODE.fullmatch(self.currency):
            raise ValueError(f"Currency must be an ISO 4217 code such as USD, not {self.currency!r}")
        for section in self.sections:
            if not isinstance(section, Section):
                raise TypeError(f"A report holds sections, not {section!r}")

    def walk(self) -> Iterator[tuple[int, Block]]:
        """Yield ``(depth, block)`` for every block in reading order; top-level sections have depth 1."""

        def visit(blocks: tuple[Block, ...], depth: int) -> Iterator[tuple[int, Block]]:
            for block in blocks:
                yield depth, block
                if isinstance(block, Section):
                    yield from visit(block.blocks, depth + 1)

        yield from visit(self.sections, 1)
