"""A project plan as it crosses the boundary with other tools: tasks, links, working calendar.

Plain frozen dataclasses, with no Django and no I/O, so that each file format (MSPDI today) is a pair of
pure functions tested on their own, and the planning app converts to and from its models in one place.

Every object checks itself when built and raises :class:`InterchangeError` (a ``ValueError``) listing all
that is wrong, not only the first thing. A file reader runs the same checks, so a plan that an import
accepted is one that an export can write, and the other way round.

Durations and lags are in *working days* of ``PlanDocument.minutes_per_day`` minutes. They are kept to a
tenth of a working minute, the resolution in which Microsoft Project stores them (MSPDI ``LinkLag`` is an
integer count of tenths of a minute), so that writing a plan and reading it back gives the same numbers;
:func:`round_to_resolution` brings a computed value onto that grid.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Literal, get_args

LinkType = Literal["FS", "SS", "FF", "SF"]
ConstraintType = Literal["SNET", "FNLT"]

LINK_TYPES: tuple[LinkType, ...] = get_args(LinkType)
CONSTRAINT_TYPES: tuple[ConstraintType, ...] = get_args(ConstraintType)

MAX_DAYS = 1_000_000  # no plan runs longer (in working days); larger values are mistakes
MAX_UID = 2**31 - 1  # Microsoft Project's UIDs are 32-bit integers
MAX_HOLIDAYS = 10_000

# Characters that XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE and U+FFFF):
# a name holding one could be saved but never opened again.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan or a file: where, in which field, and what, in plain words."""

    location: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.location, self.field) if part)
        return f"{where}: {self.message}" if where else self.message


class InterchangeError(ValueError):
    """A plan or a file that cannot be used, with every problem found (not only the first)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def round_to_resolution(days: float, minutes_per_day: int = 480) -> float:
    """Return ``days`` rounded to a tenth of a working minute, the resolution that plans keep."""
    return from_tenths(to_tenths(days, minutes_per_day), minutes_per_day)


def to_tenths(days: float, minutes_per_day: int) -> int:
    """Return the nearest whole number of tenths of a working minute in ``days`` (exact arithmetic)."""
    return round(Fraction(days) * 10 * minutes_per_day)


def from_tenths(tenths: int, minutes_per_day: int) -> float:
    """Return ``tenths`` of a working minute as working days (the division is correctly rounded)."""
    return tenths / (10 * minutes_per_day)


def summary_uids(tasks: Sequence["PlanTask"]) -> frozenset[int]:
    """Return the UIDs of summary tasks: those directly followed by a task one outline level deeper.

    Being a summary is derived from the outline rather than stored, so that it can never disagree with it.
    """
    return frozenset(
        task.uid for task, following in pairwise(tasks) if following.outline_level > task.outline_level
    )


def outline_numbers(tasks: Sequence["PlanTask"]) -> tuple[str, ...]:
    """Return each task's outline number ("1", "1.1", "1.2", "2" …) from the outline levels in order."""
    counters: list[int] = []
    numbers = []
    for task in tasks:
        del counters[task.outline_level :]
        counters.extend([0] * (task.outline_level - len(counters)))
        counters[-1] += 1
        numbers.append(".".join(str(counter) for counter in counters))
    return tuple(numbers)


def _is_day(value: object) -> bool:
    # A datetime is a date too, but never equal to one: accepting it would break the round trip.
    return isinstance(value, date) and not isinstance(value, datetime)


def _is_days(value: object, low: float = 0) -> bool:
    """Whether ``value`` is a finite number of working days from ``low`` to MAX_DAYS."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= MAX_DAYS
    )


def _is_amount(value: object) -> bool:
    # Bounded so that every valid amount has a short, exact decimal form in any file format.
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and abs(value) < 10**15
        and value == value.quantize(Decimal("1e-12"))
    )


def _text_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if _NOT_XML.search(value):
        return "contains a control character that cannot be saved in a file"
    return None


@dataclass(frozen=True)
class PlanLink:
    """A dependency on the task with UID ``predecessor``, with a lag in working days (negative: a lead)."""

    predecessor: int
    type: LinkType = "FS"
    lag_days: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        location = f"Link from UID {self.predecessor}"
        if not _whole(self.predecessor, 1, MAX_UID):
            problems.append(
                Problem(location, "Predecessor", f"must be a task UID, a whole number from 1 to {MAX_UID}")
            )
        if self.type not in LINK_TYPES:
            problems.append(Problem(location, "Type", f"must be one of {', '.join(LINK_TYPES)}"))
        if not _is_days(self.lag_days, -MAX_DAYS):
            problems.append(
                Problem(location, "Lag", f"must be a number of working days, at most {MAX_DAYS:,} either way")
            )
        if problems:
            raise InterchangeError(problems)


@dataclass(frozen=True)
class PlanTask:
    """One row of a plan: a task, a milestone or (when followed by deeper tasks) a summary."""

    uid: int
    name: str
    outline_level: int = 1
    duration_days: float = 0.0
    milestone: bool = False
    start: date | None = None
    finish: date | None = None
    predecessors: tuple[PlanLink, ...] = ()
    percent_complete: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    constraint: ConstraintType | None = None
    constraint_date: date | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    baseline_duration_days: float | None = None
    cost: Decimal | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        problems = [Problem(f"Task UID {self.uid}", field, message) for field, message in task_problems(self)]
        if problems:
            raise InterchangeError(problems)


def _whole(value: object, low: int, high: int | None = None) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= low
        and (high is None or value <= high)
    )


def _date_problems(task: PlanTask) -> list[tuple[str, str]]:
    found = []
    dates = {
        "Start": task.start,
        "Finish": task.finish,
        "Actual start": task.actual_start,
        "Actual finish": task.actual_finish,
        "Constraint date": task.constraint_date,
        "Baseline start": task.baseline_start,
        "Baseline finish": task.baseline_finish,
    }
    for field, value in dates.items():
        if value is not None and not _is_day(value):
            found.append((field, "must be a date (without a time)"))
    if any(message for _, message in found):
        return found
    for first, last, label in (
        (task.start, task.finish, "Finish"),
        (task.actual_start, task.actual_finish, "Actual finish"),
        (task.baseline_start, task.baseline_finish, "Baseline finish"),
    ):
        if first is not None and last is not None and last < first:
            found.append((label, f"{last.isoformat()} is before the start, {first.isoformat()}"))
    if task.actual_finish is not None and task.actual_start is None:
        found.append(("Actual finish", "is given without an actual start"))
    return found


def task_problems(task: PlanTask) -> list[tuple[str, str]]:
    """Return (field, message) for everything wrong with one task on its own."""
    found: list[tuple[str, str]] = []
    if not _whole(task.uid, 1, MAX_UID):
        found.append(
            (
                "UID",
                f"must be a whole number from 1 to {MAX_UID} (0 is the project itself in Microsoft Project)",
            )
        )
    for field, value in (("Name", task.name), ("Notes", task.notes)):
        message = _text_problem(value)
        if message:
            found.append((field, message))
    if not _whole(task.outline_level, 1):
        found.append(("Outline level", "must be a whole number from 1"))
    if not _is_days(task.duration_days):
        found.append(("Duration", f"must be a number of working days from 0 to {MAX_DAYS:,}"))
    if not isinstance(task.milestone, bool):
        found.append(("Milestone", "must be true or false"))
    if not isinstance(task.predecessors, tuple) or not all(
        isinstance(link, PlanLink) for link in task.predecessors
    ):
        found.append(("Predecessors", "must be a tuple of links"))
    if not _whole(task.percent_complete, 0, 100):
        found.append(("Percent complete", "must be a whole number from 0 to 100"))
    if task.constraint is not None and task.constraint not in CONSTRAINT_TYPES:
        found.append(("Constraint", f"must be one of {', '.join(CONSTRAINT_TYPES)}, or none"))
    if (task.constraint is None) != (task.constraint_date is None):
        found.append(("Constraint date", "a constraint needs a date, and a date needs a constraint"))
    found.extend(_date_problems(task))
    baseline = task.baseline_duration_days
    if baseline is not None and not _is_days(baseline):
        found.append(("Baseline duration", f"must be a number of working days from 0 to {MAX_DAYS:,}"))
    if task.cost is not None and not _is_amount(task.cost):
        found.append(("Cost", "must be a decimal amount under a quadrillion, to at most 12 decimal places"))
    return found


def document_problems(
    *,
    name: str,
    start: date,
    tasks: Sequence[PlanTask],
    holidays: Sequence[date],
    minutes_per_day: int,
    locations: Sequence[str] | None = None,
) -> list[Problem]:
    """Return everything wrong with a plan as a whole; ``locations`` name each task in messages.

    File readers pass their own locations ("Task 12 (UID 40)", from the file's IDs); by default a task is
    named by its position and UID.
    """
    where = (
        list(locations)
        if locations is not None
        else [f"Task {n} (UID {t.uid})" for n, t in enumerate(tasks, 1)]
    )
    found = []
    message = _text_problem(name)
    if message:
        found.append(Problem("Project", "Name", message))
    if not _is_day(start):
        found.append(Problem("Project", "Start", "must be a date (without a time)"))
    if not _whole(minutes_per_day, 1, 1440):
        found.append(Problem("Project", "Minutes per day", "must be a whole number from 1 to 1440"))
        minutes_per_day = 480  # to check the rest against something
    if not all(_is_day(day) for day in holidays):
        found.append(Problem("Project", "Holidays", "must be dates (without a time)"))
    elif any(later <= earlier for earlier, later in pairwise(holidays)):
        found.append(Problem("Project", "Holidays", "must be in date order, each day once"))
    if len(holidays) > MAX_HOLIDAYS:
        found.append(Problem("Project", "Holidays", f"must be at most {MAX_HOLIDAYS:,} days"))
    if not all(isinstance(task, PlanTask) for task in tasks):
        return [*found, Problem("Project", "Tasks", "must all be PlanTask objects")]
    found.extend(_outline_problems(tasks, where))
    found.extend(_resolution_problems(tasks, where, minutes_per_day))
    found.extend(_link_problems(tasks, where))
    return found


def _outline_problems(tasks: Sequence[PlanTask], where: Sequence[str]) -> list[Problem]:
    found = []
    previous = 0
    for task, location in zip(tasks, where, strict=True):
        if task.outline_level > previous + 1:
            expected = "1" if previous == 0 else f"at most {previous + 1}"
            found.append(
                Problem(
                    location,
                    "Outline level",
                    f"is {task.outline_level}, but must be {expected}: a task can only be indented one level below the task above it",
                )
            )
        previous = task.outline_level
    return found


def _resolution_problems(
    tasks: Sequence[PlanTask], where: Sequence[str], minutes_per_day: int
) -> list[Problem]:
    def off_grid(days: float) -> bool:
        return round_to_resolution(days, minutes_per_day) != days

    hint = f"is finer than a tenth of a minute of a {minutes_per_day}-minute working day; round it with round_to_resolution"
    found = []
    for task, location in zip(tasks, where, strict=True):
        if off_grid(task.duration_days):
            found.append(Problem(location, "Duration", hint))
        if task.baseline_duration_days is not None and off_grid(task.baseline_duration_days):
            found.append(Problem(location, "Baseline duration", hint))
        for link in task.predecessors:
            if off_grid(link.lag_days):
                found.append(
                    Problem(location, "Predecessors", f"the lag after UID {link.predecessor} {hint}")
                )
    return found


def _link_problems(tasks: Sequence[PlanTask], where: Sequence[str]) -> list[Problem]:
    found = []
    located: dict[int, str] = {}
    for task, location in zip(tasks, where, strict=True):
        if task.uid in located:
            found.append(Problem(location, "UID", f"{task.uid} is also the UID of {located[task.uid]}"))
        else:
            located[task.uid] = location
    for task, location in zip(tasks, where, strict=True):
        seen: set[int] = set()
        for link in task.predecessors:
            if link.predecessor == task.uid:
                found.append(Problem(location, "Predecessors", "the task is linked to itself"))
            elif link.predecessor not in located:
                found.append(
                    Problem(location, "Predecessors", f"there is no task with UID {link.predecessor}")
                )
            elif link.predecessor in seen:
                found.append(
                    Problem(location, "Predecessors", f"UID {link.predecessor} is a predecessor twice")
                )
            seen.add(link.predecessor)
    if not found:
        loop = _find_loop(tasks)
        if loop:
            path = " → ".join(f"UID {uid}" for uid in loop)
            found.append(Problem(located[loop[0]], "Predecessors", f"the links form a loop: {path}"))
    return found


def _find_loop(tasks: Sequence[PlanTask]) -> list[int]:
    """Return one chain of UIDs that leads back to its start through predecessor links, if any."""
    predecessors = {task.uid: [link.predecessor for link in task.predecessors] for task in tasks}
    waiting = {uid: len(preds) for uid, preds in predecessors.items()}
    successors: dict[int, list[int]] = {uid: [] for uid in predecessors}
    for uid, preds in predecessors.items():
        for pred in preds:
            successors[pred].append(uid)
    ready = [uid for uid, count in waiting.items() if count == 0]
    while ready:  # Kahn's topological sort: whatever is never ready lies on or after a loop
        for following in successors[ready.pop()]:
            waiting[following] -= 1
            if waiting[following] == 0:
                ready.append(following)
    stuck = {uid for uid, count in waiting.items() if count}
    if not stuck:
        return []
    path = [min(stuck)]
    while True:  # walk back through stuck predecessors until one repeats: that stretch is a loop
        step = next(pred for pred in predecessors[path[-1]] if pred in stuck)
        if step in path:
            loop = path[path.index(step) :]  # each one's predecessor is the next, and the last's is the first
            return [loop[0], *reversed(loop[1:]), loop[0]]  # in schedule order: predecessor first
        path.append(step)


@dataclass(frozen=True)
class PlanDocument:
    """A whole plan: name, project start, tasks in outline order, and the working calendar.

    The working week is Monday to Friday; ``holidays`` are the other non-working days, in date order.
    """

    name: str
    start: date
    tasks: tuple[PlanTask, ...]
    holidays: tuple[date, ...] = ()
    minutes_per_day: int = 480

    def __post_init__(self) -> None:
        if not isinstance(self.tasks, tuple) or not isinstance(self.holidays, tuple):
            raise InterchangeError([Problem("Project", "", "tasks and holidays must be tuples")])
        problems = document_problems(
            name=self.name,
            start=self.start,
            tasks=self.tasks,
            holidays=self.holidays,
            minutes_per_day=self.minutes_per_day,
        )
        if problems:
            raise InterchangeError(problems)
