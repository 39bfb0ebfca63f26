"""Working-day calendars: turning dates into working-day offsets and back.

Offset 0 is the project's first working day (the start date, or the next working day after it). A
task occupying offsets ``[es, ef)`` starts on ``day(es)`` and finishes at the end of ``day(ceil(ef) - 1)``;
a milestone (``es == ef``) falls on ``day(es)``.
"""

import bisect
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_SPAN_DAYS = 366 * 60  # no plan runs longer than 60 years; anything beyond is a typing mistake
WEEKEND = frozenset({5, 6})  # Saturday and Sunday (date.weekday numbering)


@dataclass
class WorkCalendar:
    start: dt.date
    holidays: frozenset[dt.date] = frozenset()
    weekend: frozenset[int] = WEEKEND
    _days: list[dt.date] = field(default_factory=list, init=False, repr=False)

    def __init__(
        self, start: dt.date, holidays: Iterable[dt.date] = (), weekend: Iterable[int] = WEEKEND
    ) -> None:
        self.start = start
        self.holidays = frozenset(holidays)
        self.weekend = frozenset(weekend)
        if len(self.weekend) >= 7:
            raise ValueError("A calendar needs at least one working day a week.")
        self._days = []
        self._extend(260)

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def _extend(self, count: int) -> None:
        day = self._days[-1] + dt.timedelta(days=1) if self._days else self.start
        while len(self._days) < count:
            if (day - self.start).days > MAX_SPAN_DAYS:
                raise ValueError("The plan runs more than 60 years past its start.")
            if self.is_working(day):
                self._days.append(day)
            day += dt.timedelta(days=1)

    def day(self, offset: float) -> dt.date:
        """The working day at ``offset`` (fractions fall within that day; negative offsets go backwards)."""
        whole = math.floor(offset + 1e-9)
        if whole < 0:
            day, left = self.start, -whole
            while left:
                day -= dt.timedelta(days=1)
                if self.is_working(day):
                    left -= 1
            return day
        if whole >= len(self._days):
            self._extend(max(whole + 1, 2 * len(self._days)))
        return self._days[whole]

    def finish(self, es: float, ef: float) -> dt.date:
        """The last working day of a task occupying ``[es, ef)``; a milestone's own day."""
        if ef - es <= 1e-9:
            return self.day(es)
        return self.day(math.ceil(ef - 1e-9) - 1)

    def offset(self, day: dt.date) -> int:
        """The offset of ``day``; a non-working day counts as the next working day."""
        if day < self.start:
            count, current = 0, day
            while current < self.start:
                if self.is_working(current):
                    count -= 1
                current += dt.timedelta(days=1)
            return count
        if (day - self.start).days > MAX_SPAN_DAYS:
            raise ValueError("The date is more than 60 years after the plan's start.")
        while self._days[-1] < day:
            self._extend(2 * len(self._days))
        return bisect.bisect_left(self._days, day)

    def finish_offset(self, day: dt.date) -> int:
        """The exclusive end offset of work that finishes at the end of ``day``."""
        return self.offset(day) + (1 if self.is_working(day) else 0)
