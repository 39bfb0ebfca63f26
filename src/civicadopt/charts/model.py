"""The chart inputs (frozen dataclasses) and the chart output.

Every input is checked when it is made: numbers must be finite (NaN and infinity raise ValueError) and are
stored as floats, so ``Decimal`` amounts from the finance code and numpy floats are both accepted.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Cell = str | float | int | None


def finite(value: Any, what: str) -> float:
    """``value`` as a float, or ValueError if it is not a finite number (NaN, infinity, text, None)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"{what} must be a number, not {value!r}") from error
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return number


def whole(value: Any, what: str) -> int:
    """``value`` as an int (a year or a period); ValueError unless it is a whole, finite number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = finite(value, what)
    if not number.is_integer():
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    return int(number)


@dataclass(frozen=True)
class Chart:
    """One chart: the SVG and the same information as text (alt) and as a table."""

    svg: str
    title: str
    alt: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Series:
    """A named line: (x, y) points, x a whole number such as a year."""

    name: str
    points: Sequence[tuple[int, float]]

    def __post_init__(self) -> None:
        checked = tuple(
            (whole(x, f"{self.name}: x"), finite(y, f"{self.name}: value at {x}")) for x, y in self.points
        )
        object.__setattr__(self, "points", checked)


@dataclass(frozen=True)
class BarGroup:
    """One group of bars: a value for each category, in the order of the categories."""

    name: str
    values: Sequence[float]

    def __post_init__(self) -> None:
        checked = tuple(finite(value, f"{self.name}: value {i + 1}") for i, value in enumerate(self.values))
        object.__setattr__(self, "values", checked)


@dataclass(frozen=True)
class TornadoInput:
    """One input of a sensitivity analysis: the result with the input at its low and at its high value."""

    label: str
    value_at_low: float
    value_at_high: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_at_low", finite(self.value_at_low, f"{self.label}: value at low"))
        object.__setattr__(self, "value_at_high", finite(self.value_at_high, f"{self.label}: value at high"))


@dataclass(frozen=True)
class Marker:
    """A labelled vertical line on a histogram, such as P50 or break-even (0)."""

    label: str
    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", finite(self.value, f"Marker {self.label}"))
