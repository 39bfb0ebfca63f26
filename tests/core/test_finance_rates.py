"""Known answers for the published US discount rates and the city's own real rate."""

from datetime import date
from decimal import Decimal

import pytest

from civicadopt_core.finance.rates import (
    APPENDIX_C_2000,
    OMB_A94_1992_BASE_CASE,
    US_PUBLISHED_RATES,
    appendix_c_on,
    rates_in_force,
    real_rate,
)


def test_the_1992_base_case_is_seven_percent_real_and_cites_its_reinstatement():
    assert OMB_A94_1992_BASE_CASE.rate == Decimal("0.07")
    assert "A-94" in OMB_A94_1992_BASE_CASE.source
    assert "M-25-23" in OMB_A94_1992_BASE_CASE.source


@pytest.mark.parametrize(
    ("day", "keys"),
    [
        (date(2020, 6, 1), ["omb-a94-1992-until-2023"]),
        # The 2023 revision was in force for 2024 and early 2025: neither 1992 record applies then.
        (date(2024, 6, 1), []),
        (date(2025, 1, 31), []),
        (date(2025, 2, 1), ["omb-a94-1992"]),
        (date(2026, 12, 8), ["omb-a94-1992"]),
    ],
)
def test_the_rate_in_force_follows_the_dates_of_the_guidance(day, keys):
    assert [rate.key for rate in rates_in_force(US_PUBLISHED_RATES, on=day)] == keys


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (1, Decimal("0.038")),  # shorter than 3 years: the 3-year rate
        (3, Decimal("0.038")),
        (4, Decimal("0.0385")),  # Appendix C's own example: a 4-year project averages the 3- and 5-year rates
        (10, Decimal("0.040")),
        (20, Decimal("0.041")),  # halfway between 10 (4.0%) and 30 (4.2%) years
        (45, Decimal("0.042")),  # longer than 30 years: the 30-year rate
    ],
)
def test_appendix_c_interpolates_between_maturities(years, expected):
    assert APPENDIX_C_2000.rate_for(years) == expected


def test_appendix_c_refuses_an_empty_period():
    with pytest.raises(ValueError, match="at least one year"):
        APPENDIX_C_2000.rate_for(0)


def test_only_an_edition_valid_on_the_day_is_offered():
    assert appendix_c_on(date(2000, 6, 1)) is APPENDIX_C_2000
    assert appendix_c_on(date(2026, 12, 8)) is None


@pytest.mark.parametrize(
    ("nominal", "inflation", "expected"),
    [
        (Decimal("0.045"), Decimal("0.025"), Decimal("0.019512")),  # 1.045 / 1.025 - 1 = 0.0195121...
        (Decimal("0.03"), Decimal("0.03"), Decimal("0.000000")),
        (Decimal("0.02"), Decimal("0.03"), Decimal("-0.009709")),  # borrowing below inflation: negative real
        (Decimal("0.0712"), Decimal("0"), Decimal("0.071200")),
    ],
)
def test_real_rate_from_the_borrowing_cost(nominal, inflation, expected):
    assert real_rate(nominal=nominal, inflation=inflation) == expected


def test_real_rate_refuses_inflation_of_minus_100_percent():
    with pytest.raises(ValueError, match="inflation"):
        real_rate(nominal=Decimal("0.04"), inflation=Decimal("-1"))
