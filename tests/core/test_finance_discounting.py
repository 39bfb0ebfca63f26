"""Discounting: known answers from published references, then properties."""

from decimal import Decimal as D
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.finance import (
    GREEN_BOOK,
    DiscountSchedule,
    RateBand,
    Timing,
    discount_factors,
    flat_schedule,
)


def close(a: D, b: D | float, places: int = 9) -> bool:
    return abs(a - D(str(b))) < D(10) ** -places


def test_flat_rate_factors_are_one_over_one_plus_r_to_the_t() -> None:
    # Any discount table (e.g. ASTM E917 adjunct, single present value at 10%): 0.9091, 0.8264, 0.7513.
    factors = discount_factors(flat_schedule(D("0.10")), 3)
    assert factors[0] == 1
    assert [round(f, 4) for f in factors[1:]] == [D("0.9091"), D("0.8264"), D("0.7513")]


def test_green_book_schedule_declines_after_year_30_without_a_jump() -> None:
    # HM Treasury Green Book (2022) Table 8: 3.5% for years 0-30, 3.0% for 31-75, 2.5% for 76-125.
    factors = discount_factors(GREEN_BOOK, 130)
    assert close(factors[30], 1 / 1.035**30)
    assert close(factors[31], 1 / 1.035**30 / 1.03)
    assert close(factors[75], 1 / 1.035**30 / 1.03**45)
    assert close(factors[76], 1 / 1.035**30 / 1.03**45 / 1.025)
    assert close(factors[126], 1 / 1.035**30 / 1.03**45 / 1.025**50 / 1.02)
    assert round(factors[30], 4) == D("0.3563")


def test_green_book_rates_for_each_band() -> None:
    assert [GREEN_BOOK.rate_for(year) for year in (1, 30, 31, 75, 76, 125, 126, 200, 201, 300, 301, 1000)] == [
        D("0.035"), D("0.035"), D("0.030"), D("0.030"), D("0.025"), D("0.025"),
        D("0.020"), D("0.020"), D("0.015"), D("0.015"), D("0.010"), D("0.010"),
    ]  # fmt: skip


def test_mid_year_discounts_half_a_year_less() -> None:
    end = discount_factors(flat_schedule(D("0.10")), 2)
    mid = discount_factors(flat_schedule(D("0.10")), 2, timing=Timing.MID_YEAR)
    assert mid[0] == 1
    assert close(mid[1], 1 / 1.1**0.5)
    assert close(mid[2], 1 / 1.1**1.5)
    assert mid[1] > end[1]


@pytest.mark.parametrize(
    "bands",
    [
        (RateBand(1, None, D("0.03")),),  # does not start at year 0
        (RateBand(0, 10, D("0.03")), RateBand(12, None, D("0.02"))),  # a gap
        (RateBand(0, 10, D("0.03")),),  # not open-ended
        (RateBand(0, None, D("-1")),),  # -100%
    ],
)
def test_a_schedule_must_cover_every_year_with_a_rate_above_minus_100_percent(
    bands: tuple[RateBand, ...],
) -> None:
    with pytest.raises(ValueError):
        DiscountSchedule(name="bad", bands=bands, source="test")


rates = st.decimals(min_value=D("0.0001"), max_value=D("0.25"), places=4)


@given(rate=rates, horizon=st.integers(min_value=1, max_value=80))
def test_factors_of_a_positive_rate_are_positive_and_falling(rate: D, horizon: int) -> None:
    factors = discount_factors(flat_schedule(rate), horizon)
    assert all(later < earlier for earlier, later in pairwise(factors))
    assert all(f > 0 for f in factors)


@given(horizon=st.integers(min_value=1, max_value=400))
def test_each_green_book_factor_is_the_last_one_over_one_plus_that_years_rate(horizon: int) -> None:
    factors = discount_factors(GREEN_BOOK, horizon)
    assert close(factors[horizon] * (1 + GREEN_BOOK.rate_for(horizon)), factors[horizon - 1], 20)
