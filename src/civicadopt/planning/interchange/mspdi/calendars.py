"""Non-working days of a Microsoft Project calendar, from its exceptions, single or recurring.

Project 2007 and later keep calendar exceptions in ``<Exceptions>``: a time period with a recurrence
``Type`` (1 daily, 2 yearly on a day of a month, 3 yearly by position such as "fourth Thursday of
November", 4 monthly on a day, 5 monthly by position, 6 weekly, 7 and 8 by counts). Project 2003 wrote
them as ``<WeekDay>`` entries of ``DayType`` 0 with a time period. Both forms are read. ``Month`` is 0 for
January; ``MonthItem`` 0 is any day, 1 a weekday, 2 a weekend day and 3 to 9 Sunday to Saturday;
``MonthPosition`` 0 to 3 is first to fourth and 4 the last (Microsoft's schema reference, with its New
Year's Day and Thanksgiving examples). Weekly and counted recurrences are reported, not guessed.

Exceptions that make a day *working* are ignored: plans here work Monday to Friday and know only holidays.
"""

import calendar as gregorian
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Protocol
from xml.etree.ElementTree import Element

from ..model import MAX_HOLIDAYS  # decades of holidays; more is a mistake, or an attempt to exhaust memory


class CalendarSource(Protocol):
    """What the MSPDI reader offers for reading calendar elements and recording problems."""

    def find(self, element: Element, path: str) -> list[Element]: ...
    def value(self, element: Element, name: str) -> str | None: ...
    def integer(self, element: Element, name: str, location: str) -> int | None: ...
    def boolean(self, element: Element, name: str, location: str) -> bool | None: ...
    def day(self, element: Element, name: str, location: str) -> date | None: ...
    def add(self, location: str, field: str, message: str) -> None: ...


def holiday_ranges(days: Sequence[date]) -> list[tuple[date, date]]:
    """Return runs of consecutive days (given in order) as (first, last) pairs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def exception_days(source: CalendarSource, calendar: Element) -> set[date]:
    """Return the non-working days that one calendar's exceptions name."""
    location = f"Calendar “{source.value(calendar, 'Name') or source.value(calendar, 'UID') or '?'}”"
    days: set[date] = set()
    for weekday in source.find(calendar, "WeekDays/WeekDay"):
        is_exception = source.integer(weekday, "DayType", location) == 0
        if is_exception and source.boolean(weekday, "DayWorking", location) is False:
            span = _span(source, weekday, location)
            if span:
                days.update(_limited(source, location, _every(span[0], span[1], timedelta(days=1))))
    for exception in source.find(calendar, "Exceptions/Exception"):
        if source.boolean(exception, "DayWorking", location):
            continue
        span = _span(source, exception, location)
        if span:
            days.update(_limited(source, location, _recurrence(source, exception, location, *span)))
        if len(days) > MAX_HOLIDAYS:
            source.add(location, "Exceptions", f"names more than {MAX_HOLIDAYS:,} non-working days")
            return set()
    return days


def _span(source: CalendarSource, element: Element, location: str) -> tuple[date, date] | None:
    period = next(iter(source.find(element, "TimePeriod")), None)
    first = None if period is None else source.day(period, "FromDate", location)
    last = None if period is None else source.day(period, "ToDate", location)
    if first is None or last is None:
        if period is not None and (source.value(period, "FromDate") and source.value(period, "ToDate")):
            return None  # present but not dates: already reported
        name = source.value(element, "Name")
        source.add(
            location, "Exceptions", f"the exception {f'“{name}” ' if name else ''}has no complete time period"
        )
        return None
    if last < first:
        source.add(location, "Exceptions", f"an exception ends ({last}) before it starts ({first})")
        return None
    return first, last


def _limited(source: CalendarSource, location: str, days: Iterator[date]) -> list[date]:
    found = list(islice(days, MAX_HOLIDAYS + 1))
    if len(found) > MAX_HOLIDAYS:
        source.add(location, "Exceptions", f"an exception names more than {MAX_HOLIDAYS:,} days")
        return []
    return found


def _every(first: date, last: date, step: timedelta) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += step


def _recurrence(
    source: CalendarSource, exception: Element, location: str, first: date, last: date
) -> Iterator[date]:
    def number(name: str, default: int, low: int, high: int) -> int | None:
        value = source.integer(exception, name, location)
        if value is None:
            return default
        if not low <= value <= high:
            source.add(location, "Exceptions", f"{name} is {value}; it must be from {low} to {high}")
            return None
        return value

    kind = number("Type", 1, 1, 9)
    period = number("Period", 1, 1, 999)
    month = number("Month", first.month - 1, 0, 11)
    month_day = number("MonthDay", first.day, 1, 31)
    item = number("MonthItem", (first.weekday() + 1) % 7 + 3, 0, 9)
    position = number("MonthPosition", 0, 0, 4)
    if (
        kind is None
        or period is None
        or month is None
        or month_day is None
        or item is None
        or position is None
    ):
        return iter(())
    if kind == 1:
        return _every(first, last, timedelta(days=period))
    if kind in (2, 3):
        months = ((year, month + 1) for year in range(first.year, last.year + 1))
    elif kind in (4, 5):
        start = first.year * 12 + first.month - 1
        months = (divmod(index, 12) for index in range(start, last.year * 12 + last.month, period))
        months = ((year, index + 1) for year, index in months)
    else:
        name = source.value(exception, "Name")
        source.add(
            location,
            "Exceptions",
            f"the exception {f'“{name}” ' if name else ''}repeats weekly or by a count of days, which cannot be "
            "imported; in Microsoft Project, enter those days as single exceptions or a daily range",
        )
        return iter(())
    by_position = kind in (3, 5)
    days = (
        _nth(year, mon, item, position) if by_position else _on(year, mon, month_day) for year, mon in months
    )
    return (day for day in days if day is not None and first <= day <= last)


def _on(year: int, month: int, day: int) -> date | None:
    return date(year, month, day) if day <= gregorian.monthrange(year, month)[1] else None


def _nth(year: int, month: int, item: int, position: int) -> date | None:
    """Return e.g. the fourth Thursday (item 7, position 3) or the last weekday (item 1, position 4)."""
    length = gregorian.monthrange(year, month)[1]
    candidates = [
        day
        for day in (date(year, month, number) for number in range(1, length + 1))
        if item == 0
        or (item == 1 and day.weekday() < 5)
        or (item == 2 and day.weekday() >= 5)
        or (item >= 3 and day.weekday() == (item - 4) % 7)
    ]
    if position == 4:
        return candidates[-1]
    return candidates[position] if position < len(candidates) else None
