"""Fiscal years: known answers from published fiscal calendars, then properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.calendar import fiscal_year


@pytest.mark.parametrize(
    ("day", "start_month", "year", "start", "end"),
    [
        # US federal FY2026: 1 Oct 2025 - 30 Sep 2026 (31 U.S.C. 1102).
        (date(2025, 10, 1), 10, 2026, date(2025, 10, 1), date(2026, 9, 30)),
        (date(2026, 9, 30), 10, 2026, date(2025, 10, 1), date(2026, 9, 30)),
        (date(2025, 9, 30), 10, 2025, date(2024, 10, 1), date(2025, 9, 30)),
        # New York City FY2026: 1 Jul 2025 - 30 Jun 2026 (NYC Charter s.1501).
        (date(2025, 7, 1), 7, 2026, date(2025, 7, 1), date(2026, 6, 30)),
        (date(2026, 2, 28), 7, 2026, date(2025, 7, 1), date(2026, 6, 30)),
        # Calendar-year fiscal years (many counties).
        (date(2026, 12, 31), 1, 2026, date(2026, 1, 1), date(2026, 12, 31)),
        # A leap day inside the year ends it on 28/29 February correctly.
        (date(2024, 1, 15), 3, 2024, date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_known_fiscal_years(day: date, start_month: int, year: int, start: date, end: date) -> None:
    # when
    fy = fiscal_year(day, start_month)
    # then
    assert (fy.year, fy.start, fy.end) == (year, start, end)
    assert fy.label == f"FY{year}"


@pytest.mark.parametrize("start_month", [0, 13, -1])
def test_rejects_a_month_outside_1_to_12(start_month: int) -> None:
    with pytest.raises(ValueError, match="start_month"):
        fiscal_year(date(2026, 1, 1), start_month)


days = st.dates(min_value=date(1901, 1, 1), max_value=date(2999, 12, 31))
months = st.integers(min_value=1, max_value=12)


@given(day=days, start_month=months)
def test_the_year_contains_the_day_and_starts_on_the_first_of_its_month(day: date, start_month: int) -> None:
    fy = fiscal_year(day, start_month)
    assert fy.start <= day <= fy.end
    assert fy.start.day == 1 and fy.start.month == start_month
    assert 365 <= (fy.end - fy.start).days + 1 <= 366
    assert fy.end.year == fy.year


@given(day=days, start_month=months)
def test_consecutive_years_touch_without_gap_or_overlap(day: date, start_month: int) -> None:
    fy = fiscal_year(day, start_month)
    following = fiscal_year(fy.end + timedelta(days=1), start_month)
    assert following.start == fy.end + timedelta(days=1)
    assert following.year == fy.year + 1
