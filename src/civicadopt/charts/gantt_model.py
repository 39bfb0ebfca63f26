"""The input of a Gantt chart: one ``GanttRow`` per task, summary task or milestone of a plan.

Rows are checked when they are made, as the other chart inputs are (``model.py``): dates must be
``date`` objects (not datetimes, whose time of day the chart could not show), a task may not finish
before it starts, a milestone starts and finishes on the same day, and numbers must be finite.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from .model import finite, whole

Kind = Literal["task", "summary", "milestone"]
KINDS: tuple[str, ...] = ("task", "summary", "milestone")


def _day(value: object, what: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{what} must be a date, not {value!r}")
    return value


@dataclass(frozen=True)
class GanttRow:
    """One row of a Gantt chart.

    ``finish`` is the last working day, inclusive: a task from Monday to Friday has ``finish`` on the
    Friday and its bar ends at the end of that day. ``total_float`` is in working days (negative when the
    plan is late) and is shown only in the table. ``level`` is the outline depth (0 = top level).
    """

    key: str
    label: str
    level: int
    start: date
    finish: date
    kind: Kind = "task"
    critical: bool = False
    baseline_start: date | None = None
    baseline_finish: date | None = None
    percent_complete: float = 0.0
    total_float: float | None = None

    def __post_init__(self) -> None:
        name = f"Task {self.key!r}"
        if not isinstance(self.key, str) or not isinstance(self.label, str):
            raise ValueError(f"{name}: the key and the label must be text")
        level = whole(self.level, f"{name}: level")
        if level < 0:
            raise ValueError(f"{name}: level must be 0 or more, not {level}")
        object.__setattr__(self, "level", level)
        start, end = _day(self.start, f"{name}: start"), _day(self.finish, f"{name}: finish")
        if end < start:
            raise ValueError(f"{name}: finish {end} is before start {start}")
        if self.kind not in KINDS:
            raise ValueError(f"{name}: kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.kind == "milestone" and start != end:
            raise ValueError(f"{name}: a milestone starts and finishes on the same day")
        if not isinstance(self.critical, bool):
            raise ValueError(f"{name}: critical must be True or False, not {self.critical!r}")
        if (self.baseline_start is None) != (self.baseline_finish is None):
            raise ValueError(f"{name}: a baseline needs both its start and its finish")
        if self.baseline_start is not None:
            base_start = _day(self.baseline_start, f"{name}: baseline start")
            base_end = _day(self.baseline_finish, f"{name}: baseline finish")
            if base_end < base_start:
                raise ValueError(f"{name}: baseline finish {base_end} is before baseline start {base_start}")
        percent = finite(self.percent_complete, f"{name}: percent complete")
        if not 0 <= percent <= 100:
            raise ValueError(f"{name}: percent complete must be from 0 to 100, not {percent}")
        object.__setattr__(self, "percent_complete", percent)
        if self.total_float is not None:
            object.__setattr__(self, "total_float", finite(self.total_float, f"{name}: total float"))


LinkType = Literal["FS", "SS", "FF", "SF"]
LINK_TYPES: tuple[str, ...] = ("FS", "SS", "FF", "SF")


@dataclass(frozen=True)
class GanttLink:
    """A dependency between two rows, named by their keys: finish-to-start (the successor starts after
    the predecessor finishes), start-to-start, finish-to-finish or start-to-finish. ``critical`` links
    are drawn heavier and red."""

    predecessor: str
    successor: str
    type: LinkType = "FS"
    critical: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.predecessor, str) or not isinstance(self.successor, str):
            raise ValueError("A link names its rows by their keys, as text")
        if self.type not in LINK_TYPES:
            raise ValueError(f"Link type must be one of {', '.join(LINK_TYPES)}, not {self.type!r}")
        if not isinstance(self.critical, bool):
            raise ValueError(f"critical must be True or False, not {self.critical!r}")
