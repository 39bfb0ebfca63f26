"""Axis ticks, number formatting and linear scales.

Ticks are "nice": whole multiples of a step of 1, 2, 2.5 or 5 times a power of ten, the smallest such
step that covers the range in at most ``max_ticks`` ticks. Known answers (tests/test_axes.py):
0..1,234,567 gives 0, 250K, 500K, 750K, 1M, 1.25M; -40,000..350,000 gives -100K, 0, 100K, 200K, 300K, 400K.
Tick values are computed in decimal arithmetic, so 0.1 + 0.2 never shows up as 0.30000000000000004.

Money is written compactly with up to three significant digits: $0, $350, $1.2K, $172K, $1.2M, $12.3M,
$3.4B, $1.2T, and -$40K for negatives (a hyphen-minus, which every screen reader reads as "minus").
"""

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

NICE_STEPS: tuple[Decimal, ...] = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
UNITS: tuple[tuple[float, str], ...] = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def _steps_from(exponent: int, integer: bool) -> Iterator[Decimal]:
    """Candidate steps, smallest first: 1, 2, 2.5, 5 x 10**exponent, then the next power of ten."""
    while True:
        for mantissa in NICE_STEPS:
            step = mantissa.scaleb(exponent)
            if integer and step != step.to_integral_value():
                continue
            if integer and step < 1:
                continue
            yield step
        exponent += 1


def nice_ticks(lo: float, hi: float, max_ticks: int = 6, *, integer: bool = False) -> tuple[float, ...]:
    """Evenly spaced nice ticks from at or below ``lo`` to at or above ``hi``.

    An empty range (lo == hi) is widened to include zero, and 0..0 becomes the two ticks 0 and 1, so a
    chart of all-zero values still has an axis. ``integer`` keeps steps whole (for counts).
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("Axis limits must be finite numbers")
    if max_ticks < 3:
        raise ValueError("An axis needs room for at least three ticks (below zero, zero, above zero)")
    lo, hi = min(lo, hi), max(lo, hi)
    if lo == hi:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        if lo == hi:  # all zeros: an axis from 0 to 1
            return (0.0, 1.0)
    low, high = Decimal(repr(lo)), Decimal(repr(hi))
    rough_step = (high - low) / (max_ticks - 1)
    exponent = int(rough_step.log10().to_integral_value(rounding=ROUND_FLOOR)) - 1
    # With three ticks allowed some step always fits: -step, 0, step covers any range across zero.
    for step in _steps_from(exponent, integer):
        first = (low / step).to_integral_value(rounding=ROUND_FLOOR)
        last = (high / step).to_integral_value(rounding=ROUND_CEILING)
        if last - first + 1 <= max_ticks:
            count = max(int(last - first), 1)
            return tuple(float((first + k) * step) for k in range(count + 1))
    raise AssertionError("unreachable: some step always fits")  # pragma: no cover


def whole_ticks(lo: int, hi: int, max_ticks: int = 12) -> tuple[int, ...]:
    """Ticks for a whole-number axis such as years, within lo..hi: every 1, 2, 5, 10, 20, 25, 50... units.

    Ticks fall on multiples of the step (2030, 2035, ...), so they are not widened beyond the data.
    """
    if hi < lo:
        lo, hi = hi, lo
    for step in _steps_from(0, True):
        whole_step = int(step)
        first = -(-lo // whole_step) * whole_step
        ticks = tuple(range(first, hi + 1, whole_step))
        if len(ticks) <= max_ticks:
            return ticks
    raise AssertionError("unreachable")  # pragma: no cover


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_money(value: float, money: str = "$", decimals: int = 1, significant: int | None = 3) -> str:
    """``value`` compactly in its unit (K, M, B, T): $1.2M, $350K, $172K, -$40K, $0.

    At most ``decimals`` decimals and, unless ``significant`` is None, at most that many significant
    digits ($171,800 is $172K, not $171.8K); trailing zeros are dropped. Amounts under 1,000 are whole
    dollars unless they have cents ($0.25). With ``significant`` None the value is shown to ``decimals``
    decimals, as ``format_tick`` does.
    """
    if not math.isfinite(value):
        raise ValueError("Cannot format a number that is not finite")
    sign = "-" if value < 0 and round(abs(value), 2) != 0 else ""
    size = abs(value)
    for index, (scale, suffix) in enumerate(UNITS):
        if size >= scale:
            places = _places(size / scale, decimals, significant)
            scaled = round(size / scale, places)
            if scaled >= 1000 and index > 0:  # 999,950 rounds to 1000K: write it as 1M
                scale, suffix = UNITS[index - 1]
                places = _places(size / scale, decimals, significant)
                scaled = round(size / scale, places)
            return f"{sign}{money}{_trim(scaled, places)}{suffix}"
    if significant is None:  # exact, for ticks: $0.20, $0.005, $350
        text = _trim(size, decimals)
        if "." in text and len(text.split(".")[1]) == 1:
            text += "0"
        return f"{sign}{money}{text}"
    cents = round(size, 2)
    if cents == int(cents) or cents >= 10 ** (significant - 1):
        return f"{sign}{money}{round(cents):,}"
    return f"{sign}{money}{cents:,.2f}"


def format_tick(value: float, money: str = "$") -> str:
    """A tick label: compact, but exact, so neighbouring ticks never look the same ($1M, $1.25M, $1.0002M)."""
    return format_money(value, money, decimals=9, significant=None)


def _places(scaled: float, decimals: int, significant: int | None) -> int:
    if significant is None:
        return decimals
    whole_digits = len(str(int(scaled))) if scaled >= 1 else 1
    return max(0, min(decimals, significant - whole_digits))


def format_count(value: float) -> str:
    """A count or other plain number: 1,234; 2.5."""
    return _trim(value, 2)


def format_x(value: float) -> str:
    """An x position such as a year: whole numbers without separators (2028), else one decimal (2028.4)."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


@dataclass(frozen=True)
class Scale:
    """Maps the domain lo..hi linearly onto the range start..end (either may be reversed)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.end) / 2
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)
