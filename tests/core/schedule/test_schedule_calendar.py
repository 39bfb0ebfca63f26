"""Working-day calendars: known dates, then round trips between dates and offsets with random weekends and
holidays, before and after the start."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicadopt_core.schedule import WorkCalendar

D = dt.date
# Monday 2 December 2024; the UK bank holidays of Christmas 2024 and New Year 2025.
CHRISTMAS = [D(2024, 12, 25), D(2024, 12, 26), D(2025, 1, 1)]


def test_known_dates_across_weekends_and_holidays() -> None:
    calendar = WorkCalendar(D(2024, 12, 2), CHRISTMAS)
    assert calendar.day(0) == D(2024, 12, 2)
    assert calendar.day(4) == D(2024, 12, 6)  # Friday
    assert calendar.day(5) == D(2024, 12, 9)  # the weekend is skipped
    assert calendar.day(2.5) == D(2024, 12, 4)  # half a day into offset 2 is still that day
    # 2 Dec to 24 Dec is 17 working days (offsets 0-16); Christmas and Boxing Day are skipped
    assert calendar.day(16) == D(2024, 12, 24)
    assert calendar.day(17) == D(2024, 12, 27)
    assert calendar.offset(D(2024, 12, 25)) == 17  # a holiday counts as the next working day
    # a 5-day task from offset 15 occupies 23, 24, 27, 30, 31 December
    assert calendar.finish(15, 20) == D(2024, 12, 31)
    assert calendar.finish_offset(D(2024, 12, 31)) == 20
    assert calendar.finish(20, 20) == D(2025, 1, 2)  # a milestone at 20 falls on its own day
    assert calendar.finish_offset(D(2024, 12, 28)) == 18  # a Saturday: as if work ended on Friday 27th (17)


def test_a_start_on_a_weekend_begins_on_monday_and_earlier_dates_count_back() -> None:
    calendar = WorkCalendar(D(2024, 6, 1))  # a Saturday
    assert calendar.day(0) == D(2024, 6, 3)
    assert calendar.offset(D(2024, 6, 1)) == 0
    assert calendar.day(-1) == D(2024, 5, 31)  # Friday before
    assert calendar.offset(D(2024, 5, 31)) == -1
    assert calendar.day(-6) == D(2024, 5, 24)
    assert calendar.offset(D(2024, 5, 25)) == -5  # a Saturday before the start counts as the Monday after


def test_a_calendar_needs_a_working_day_and_refuses_absurd_dates() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        WorkCalendar(D(2024, 1, 1), weekend=range(7))
    calendar = WorkCalendar(D(2024, 1, 1))
    with pytest.raises(ValueError, match="60 years"):
        calendar.offset(D(2100, 1, 1))
    with pytest.raises(ValueError, match="60 years"):
        calendar.day(20_000)


starts = st.dates(D(2020, 1, 1), D(2030, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    start = draw(starts)
    holidays = draw(st.lists(st.integers(-120, 500), max_size=40))
    weekend = draw(st.sets(st.integers(0, 6), max_size=6))
    return WorkCalendar(start, [start + dt.timedelta(days=n) for n in holidays], weekend)


@given(calendar=calendars(), offset=st.integers(-100, 300))
def test_every_offset_is_a_working_day_and_maps_back(calendar: WorkCalendar, offset: int) -> None:
    day = calendar.day(offset)
    assert calendar.is_working(day)
    assert calendar.offset(day) == offset
    assert calendar.day(offset + 0.75) == day  # fractions stay within the day
    assert calendar.day(offset + 1) > day
    # a one-day task at ``offset`` finishes that day; work ending that day ends at ``offset + 1``
    assert calendar.finish(offset, offset + 1) == day
    assert calendar.finish_offset(day) == offset + 1


@given(calendar=calendars(), shift=st.integers(-150, 400))
def test_every_date_maps_to_the_next_working_day(calendar: WorkCalendar, shift: int) -> None:
    day = calendar.start + dt.timedelta(days=shift)
    following = day
    while not calendar.is_working(following):
        following += dt.timedelta(days=1)
    assert calendar.day(calendar.offset(day)) == following
    preceding = day
    while not calendar.is_working(preceding):
        preceding -= dt.timedelta(days=1)
    assert calendar.finish_offset(day) == calendar.offset(preceding) + 1


@given(calendar=calendars(), es=st.integers(-50, 200), length=st.integers(1, 60))
def test_a_task_spans_as_many_working_days_as_its_duration(
    calendar: WorkCalendar, es: int, length: int
) -> None:
    first, last = calendar.day(es), calendar.finish(es, es + length)
    span = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    assert sum(calendar.is_working(day) for day in span) == length
    assert calendar.finish_offset(last) - calendar.offset(first) == length
