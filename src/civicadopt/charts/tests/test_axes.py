"""Nice ticks, whole-number ticks, money formatting and scales: known answers and properties."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from civicadopt.charts.axes import (
    Scale,
    format_count,
    format_money,
    format_tick,
    format_x,
    nice_ticks,
    whole_ticks,
)


@pytest.mark.parametrize(
    ("lo", "hi", "max_ticks", "expected"),
    [
        (0, 1_234_567, 6, (0, 250_000, 500_000, 750_000, 1_000_000, 1_250_000)),
        (-40_000, 350_000, 6, (-100_000, 0, 100_000, 200_000, 300_000, 400_000)),
        (0, 100, 6, (0, 20, 40, 60, 80, 100)),
        (0, 1, 6, (0, 0.2, 0.4, 0.6, 0.8, 1)),
        (0, 0.3, 6, (0, 0.1, 0.2, 0.3)),  # decimal arithmetic: 0.3, not 0.30000000000000004
        (-1_000_000, 0, 6, (-1_000_000, -800_000, -600_000, -400_000, -200_000, 0)),
        (0, 1e12, 6, (0, 2e11, 4e11, 6e11, 8e11, 1e12)),
        (0, 0, 6, (0, 1)),  # all zeros: still an axis
        (42, 42, 6, (0, 10, 20, 30, 40, 50)),  # a single value: widened to include zero
        (-7, -7, 6, (-8, -6, -4, -2, 0)),
        (3, 8, 6, (3, 4, 5, 6, 7, 8)),
        (3, 8, 4, (2, 4, 6, 8)),
        (3, 9, 4, (2.5, 5, 7.5, 10)),
        (1_000_000, 1_300_000, 6, (1_000_000, 1_100_000, 1_200_000, 1_300_000)),
    ],
)
def test_nice_ticks_known_answers(lo, hi, max_ticks, expected):
    assert nice_ticks(lo, hi, max_ticks) == tuple(float(t) for t in expected)


def test_integer_ticks_have_whole_steps():
    assert nice_ticks(0, 3, 6, integer=True) == (0, 1, 2, 3)
    assert nice_ticks(0, 37, 6, integer=True) == (0, 10, 20, 30, 40)
    assert nice_ticks(0, 1, 6, integer=True) == (0, 1)


def test_nice_ticks_reject_infinite_or_nan_limits():
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError):
            nice_ticks(0, bad)
    with pytest.raises(ValueError):
        nice_ticks(-1, 1, 2)  # two ticks cannot cover a range across zero


# Amounts from a billionth to ten trillion (in float, ticks of subnormal numbers cannot be evenly spaced).
AMOUNTS = st.floats(min_value=-1e13, max_value=1e13).filter(lambda v: v == 0 or abs(v) >= 1e-9)


@given(AMOUNTS, AMOUNTS, st.integers(min_value=3, max_value=12))
def test_nice_ticks_cover_the_range_evenly_with_a_nice_step(a, b, max_ticks):
    ticks = nice_ticks(a, b, max_ticks)
    assert 2 <= len(ticks) <= max_ticks
    if min(a, b) <= 0 <= max(a, b):
        assert 0.0 in ticks
    assert ticks[0] <= min(a, b) and ticks[-1] >= max(a, b)
    steps = {Decimal(repr(ticks[i + 1])) - Decimal(repr(ticks[i])) for i in range(len(ticks) - 1)}
    step = max(steps)
    assert all(abs(s - step) <= step * Decimal("1e-9") for s in steps)
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5)}


@pytest.mark.parametrize(
    ("lo", "hi", "max_ticks", "expected"),
    [
        (2025, 2034, 12, tuple(range(2025, 2035))),
        (2025, 2045, 12, tuple(range(2026, 2045, 2))),
        (2025, 2045, 6, (2025, 2030, 2035, 2040, 2045)),
        (2026, 2050, 6, (2030, 2035, 2040, 2045, 2050)),
        (0, 30, 12, (0, 5, 10, 15, 20, 25, 30)),
        (2028, 2028, 12, (2028,)),
    ],
)
def test_whole_ticks_for_years(lo, hi, max_ticks, expected):
    assert whole_ticks(lo, hi, max_ticks) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "$0"),
        (350, "$350"),
        (0.25, "$0.25"),
        (123.456, "$123"),
        (999, "$999"),
        (1_234, "$1.2K"),
        (40_000, "$40K"),
        (171_800, "$172K"),
        (350_000, "$350K"),
        (960_000, "$960K"),
        (999_950, "$1M"),  # not $1,000K
        (1_000_000, "$1M"),
        (1_234_567, "$1.2M"),
        (12_345_678, "$12.3M"),
        (3.4e9, "$3.4B"),
        (1.2e12, "$1.2T"),
        (1e15, "$1,000T"),
        (-40_000, "-$40K"),
        (-1_234_567, "-$1.2M"),
        (-0.001, "$0"),  # never "-$0"
    ],
)
def test_money_is_compact(value, expected):
    assert format_money(value) == expected


def test_money_symbol_and_precision():
    assert format_money(1_234_567, "\u20ac") == "\u20ac1.2M"
    assert format_money(-1_500, "") == "-1.5K"
    assert format_money(1_234_567, decimals=2) == "$1.23M"
    # Tick labels: enough decimals that neighbouring ticks differ.
    assert format_money(1_250_000, decimals=3, significant=None) == "$1.25M"
    assert format_money(10_050_000, decimals=3, significant=None) == "$10.05M"
    assert format_money(10_100_000, decimals=3, significant=None) == "$10.1M"
    with pytest.raises(ValueError):
        format_money(float("nan"))


def test_count_and_x_formatting():
    assert format_count(1234) == "1,234"
    assert format_count(2.5) == "2.5"
    assert format_x(2028) == "2028"  # years without a thousands separator
    assert format_x(2028.44) == "2028.4"
    assert format_x(2027.99) == "2028"


def test_scale_maps_linearly_and_handles_an_empty_domain():
    scale = Scale(0, 100, 300, 100)  # y grows downwards
    assert scale(0) == 300 and scale(100) == 100 and scale(50) == 200
    assert Scale(5, 5, 0, 10)(5) == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "$0"),
        (0.2, "$0.20"),
        (0.005, "$0.005"),
        (350, "$350"),
        (2_500, "$2.5K"),
        (1_250_000, "$1.25M"),
        (1_000_200, "$1.0002M"),
        (10_050_000, "$10.05M"),
        (-2e12, "-$2T"),
    ],
)
def test_tick_labels_are_exact(value, expected):
    assert format_tick(value) == expected


@given(AMOUNTS, AMOUNTS, st.integers(min_value=3, max_value=12))
def test_neighbouring_tick_labels_never_look_the_same(a, b, max_ticks):
    assume(abs(a - b) >= 1e-6 * max(1.0, abs(a), abs(b)))  # narrower ranges are not money anyone charts
    labels = [format_tick(tick) for tick in nice_ticks(a, b, max_ticks)]
    assert len(set(labels)) == len(labels)
