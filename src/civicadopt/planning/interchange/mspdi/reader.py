"""Reading Microsoft Project XML into a PlanDocument, with every problem located (see the package)."""

import re
from datetime import date, datetime
from decimal import Context, Decimal, InvalidOperation
from fractions import Fraction
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

from ..model import (
    MAX_DAYS,
    InterchangeError,
    PlanDocument,
    PlanLink,
    PlanTask,
    Problem,
    document_problems,
    from_tenths,
)
from .calendars import exception_days
from .codes import (
    CENTS,
    CONSTRAINTS,
    DAYS_FORMAT,
    ELAPSED_FORMATS,
    ELAPSED_MINUTES_PER_DAY,
    LINK_TYPES,
    NAMESPACE,
    PERCENT_LAG_FORMATS,
)

_NUMBER = r"(\d{1,12}(?:\.\d{1,9})?)"
_DURATION = re.compile(
    rf"(-)?P(?:{_NUMBER}Y)?(?:{_NUMBER}M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?"
)
_INTEGER = re.compile(r"[+-]?\d{1,15}")


def _fail(location: str, field: str, message: str) -> InterchangeError:
    return InterchangeError([Problem(location, field, message)])


class _LineRecorder(TreeBuilder):
    """A tree builder that remembers the line on which each element starts, to point at it in messages."""

    def __init__(self, lines: dict[int, int]) -> None:
        super().__init__()
        self.lines = lines
        self.expat: object = None

    def start(self, tag: str, attrs: dict[str, str], /) -> Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = getattr(self.expat, "CurrentLineNumber", 0)
        return element


def _parse(data: bytes) -> tuple[Element, dict[int, int]]:
    lines: dict[int, int] = {}
    recorder = _LineRecorder(lines)
    parser = DefusedXMLParser(target=recorder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    recorder.expat = parser.parser  # the pure-Python parser that defusedxml hooks keeps expat here
    try:
        parser.feed(data)
        root: Element = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = expat.ErrorString(exc.code) if isinstance(exc.code, int) else "unreadable"
        raise _fail(
            f"line {line}", "", f"The file is not valid XML: line {line}, column {column} ({reason})"
        ) from exc
    except (LookupError, UnicodeError) as exc:  # an encoding that Python or expat cannot decode
        raise _fail("line 1", "", "The file declares a text encoding that cannot be read") from exc
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        raise _fail(
            f"line {line}", "", "The file contains a DTD or entity declarations, which are not allowed"
        ) from exc
    return root, lines


def _label(element_name: str) -> str:
    """Return an element name as a field label users can read: ``PercentComplete`` -> ``Percent complete``."""
    if element_name.isupper():
        return element_name
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", element_name).capitalize()


class _Reader:
    """Reads one parsed file, collecting every problem with its location rather than stopping at the first."""

    def __init__(self, root: Element, lines: dict[int, int]) -> None:
        self.ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        self.root = root
        self.lines = lines
        self.problems: list[Problem] = []
        self.minutes_per_day = 480
        self.minutes_per_week = 2400
        self.days_per_month = 20

    def add(self, location: str, field: str, message: str) -> None:
        self.problems.append(Problem(location, field, message))

    def find(self, element: Element, path: str) -> list[Element]:
        return element.findall("/".join(self.ns + part for part in path.split("/")))

    def raw(self, element: Element, name: str) -> str | None:
        """Return the text of child ``name`` as written ("" when empty), or None when it is absent."""
        child = element.find(self.ns + name)
        return None if child is None else (child.text or "")

    def value(self, element: Element, name: str) -> str | None:
        """Return the stripped text of a child holding a number, date or code; None when absent or empty."""
        text = self.raw(element, name)
        return text.strip() if text is not None and text.strip() else None

    def integer(self, element: Element, name: str, location: str) -> int | None:
        text = self.value(element, name)
        if text is None:
            return None
        if not _INTEGER.fullmatch(text):
            self.add(location, _label(name), f"“{text[:40]}” is not a whole number")
            return None
        return int(text)

    def boolean(self, element: Element, name: str, location: str) -> bool | None:
        text = self.value(element, name)
        if text is None:
            return None
        if text.lower() in ("1", "true"):
            return True
        if text.lower() in ("0", "false"):
            return False
        self.add(location, _label(name), f"“{text[:40]}” is not 1 or 0")
        return None

    def day(self, element: Element, name: str, location: str, label: str = "") -> date | None:
        text = self.value(element, name)
        if text is None:
            return None
        try:
            if len(text) > 40:  # longer than any date and time: not one
                raise ValueError(text)
            return datetime.fromisoformat(text).date()
        except ValueError:
            self.add(
                location, label or _label(name), f"“{text[:40]}” is not a date such as 2026-03-02T08:00:00"
            )
            return None

    def duration(self, element: Element, location: str, label: str = "Duration") -> float | None:
        """Return ``Duration`` in working days, to a tenth of a minute.

        An elapsed duration (DurationFormat 4, 6, 8 …: calendar time, 24 hours a day) counts its calendar
        days as working days, as elapsed lags do.
        """
        elapsed = self.integer(element, "DurationFormat", location) in ELAPSED_FORMATS
        text = self.value(element, "Duration")
        if text is None:
            return None
        match = _DURATION.fullmatch(text)
        sign, *parts = match.groups() if match else ("", None)
        if not any(parts) or text.endswith("T"):
            self.add(location, label, f"“{text[:40]}” is not a duration such as PT40H0M0S")
            return None
        years, months, weeks, days, hours, minutes, seconds = (Fraction(part or 0) for part in parts)
        if sign:
            self.add(location, label, f"“{text}” is negative")
            return None
        per_day = self.minutes_per_day
        day, week, month = (
            (ELAPSED_MINUTES_PER_DAY, 7 * ELAPSED_MINUTES_PER_DAY, 30 * ELAPSED_MINUTES_PER_DAY)
            if elapsed
            else (per_day, self.minutes_per_week, self.days_per_month * per_day)
        )
        total = (
            (years * 12 + months) * month + weeks * week + days * day + hours * 60 + minutes + seconds / 60
        )
        if elapsed:
            total = total * per_day / ELAPSED_MINUTES_PER_DAY
        if total > MAX_DAYS * per_day:
            self.add(location, label, f"“{text}” is longer than any plan")
            return None
        return from_tenths(round(total * 10), per_day)

    def cost(self, element: Element, name: str, location: str) -> Decimal | None:
        text = self.value(element, name)
        if text is None:
            return None
        try:
            cents = Decimal(text) if len(text) <= 60 else Decimal("NaN")
        except InvalidOperation:
            cents = Decimal("NaN")
        if not cents.is_finite() or not -30 <= cents.adjusted() <= 30:  # far beyond any budget, either way
            self.add(location, _label(name), f"“{text[:40]}” is not an amount")
            return None
        return cents.scaleb(-CENTS, Context(prec=len(cents.as_tuple().digits) + CENTS))

    def document(self, max_tasks: int) -> PlanDocument:
        root = self.root
        self.minutes_per_day = self.setting("MinutesPerDay", 480, ELAPSED_MINUTES_PER_DAY)
        self.minutes_per_week = self.setting("MinutesPerWeek", 2400, 7 * ELAPSED_MINUTES_PER_DAY)
        self.days_per_month = self.setting("DaysPerMonth", 20, 31)
        name = next((text for text in (self.raw(root, "Title"), self.raw(root, "Name")) if text), "")
        start = self.day(root, "StartDate", "Project")
        if start is None and self.value(root, "StartDate") is None:
            self.add("Project", "Start date", "The file has no project start date (StartDate)")
        holidays = self.holidays()
        elements = self.find(root, "Tasks/Task")
        if len(elements) > max_tasks:
            raise _fail(
                "Project",
                "Tasks",
                f"The file has {len(elements):,} tasks; at most {max_tasks:,} can be imported",
            )
        tasks: list[PlanTask] = []
        locations: list[str] = []
        for element in elements:
            read = self.task(element, tasks[-1].outline_level if tasks else 1)
            if read is not None:
                tasks.append(read[0])
                locations.append(read[1])
        self.problems.extend(
            document_problems(
                name=name,
                start=start or date.min,  # a stand-in, so that the tasks are still checked
                tasks=tasks,
                holidays=holidays,
                minutes_per_day=self.minutes_per_day,
                locations=locations,
            )
        )
        if self.problems or start is None:
            raise InterchangeError(self.problems)
        return PlanDocument(name, start, tuple(tasks), holidays, self.minutes_per_day)

    def setting(self, name: str, default: int, high: int) -> int:
        number = self.integer(self.root, name, "Project")
        if number is not None and not 1 <= number <= high:
            self.add("Project", _label(name), f"is {number}; it must be from 1 to {high}")
            number = None
        return default if number is None else number

    def holidays(self) -> tuple[date, ...]:
        """Return the non-working days of the project calendar and the base calendars it derives from."""
        calendars: dict[int, Element] = {}
        for calendar in self.find(self.root, "Calendars/Calendar"):
            uid = self.integer(calendar, "UID", "Calendar")
            if uid is not None:
                calendars.setdefault(uid, calendar)
        uid = self.integer(self.root, "CalendarUID", "Project")
        chosen = calendars.get(uid) if uid is not None else next(iter(calendars.values()), None)
        days: set[date] = set()
        visited: set[int] = set()
        while chosen is not None and id(chosen) not in visited:
            visited.add(id(chosen))
            days.update(exception_days(self, chosen))
            base = self.integer(chosen, "BaseCalendarUID", "Calendar")
            chosen = calendars.get(base) if base is not None else None
        return tuple(sorted(days))

    def location(self, element: Element) -> str:
        uid, number = (self.value(element, name) for name in ("UID", "ID"))
        if uid and _INTEGER.fullmatch(uid):
            return (
                f"Task {int(number)} (UID {int(uid)})"
                if number and _INTEGER.fullmatch(number)
                else f"Task UID {int(uid)}"
            )
        return f"Task on line {self.lines.get(id(element), 0)}"

    def task(self, element: Element, previous_level: int) -> tuple[PlanTask, str] | None:
        """Return the task and its location, or None for a blank row, the project summary or an unusable UID."""
        location = self.location(element)
        if self.boolean(element, "IsNull", location):
            return None  # a blank row in Project's task list
        uid = self.integer(element, "UID", location)
        level = self.integer(element, "OutlineLevel", location)
        if uid == 0 or level == 0:
            return None  # the project summary task
        if uid is None:
            if self.value(element, "UID") is None:
                self.add(location, "UID", "The task has no UID")
            return None
        before = len(self.problems)
        constraint_code = self.integer(element, "ConstraintType", location)
        constraint = CONSTRAINTS.get(constraint_code) if constraint_code is not None else None
        baseline = next(
            (
                item
                for item in self.find(element, "Baseline")
                if (self.integer(item, "Number", location) or 0) == 0
            ),
            None,
        )
        links = (self.link(item, location) for item in self.find(element, "PredecessorLink"))
        try:
            task = PlanTask(
                uid=uid,
                name=self.raw(element, "Name") or "",
                outline_level=1 if level is None else level,
                duration_days=self.duration(element, location) or 0.0,
                milestone=bool(self.boolean(element, "Milestone", location)),
                start=self.day(element, "Start", location),
                finish=self.day(element, "Finish", location),
                predecessors=tuple(link for link in links if link is not None),
                percent_complete=self.integer(element, "PercentComplete", location) or 0,
                actual_start=self.day(element, "ActualStart", location),
                actual_finish=self.day(element, "ActualFinish", location),
                constraint=constraint,
                constraint_date=self.day(element, "ConstraintDate", location) if constraint else None,
                baseline_start=None
                if baseline is None
                else self.day(baseline, "Start", location, "Baseline start"),
                baseline_finish=None
                if baseline is None
                else self.day(baseline, "Finish", location, "Baseline finish"),
                baseline_duration_days=None
                if baseline is None
                else self.duration(baseline, location, "Baseline duration"),
                cost=self.cost(element, "Cost", location),
                notes=self.raw(element, "Notes") or "",
            )
        except InterchangeError as exc:
            self.problems.extend(
                Problem(location, problem.field, problem.message) for problem in exc.problems
            )
        else:
            if len(self.problems) == before:
                return task, location
        if uid < 1:
            return None
        # A stand-in keeps the UID and outline known, so that links to this task are not reported as well.
        safe_level = level if level is not None and 1 <= level <= previous_level + 1 else previous_level
        return PlanTask(uid=uid, name="", outline_level=safe_level), location

    def link(self, element: Element, location: str) -> PlanLink | None:
        predecessor = self.integer(element, "PredecessorUID", location)
        if predecessor is None:
            self.add(location, "Predecessors", "A link has no predecessor UID")
            return None
        if self.boolean(element, "CrossProject", location):
            self.add(
                location,
                "Predecessors",
                f"The link from UID {predecessor} is to another project file, which cannot be imported",
            )
            return None
        code = self.integer(element, "Type", location)
        link_type = LINK_TYPES.get(1 if code is None else code)
        lag = self.integer(element, "LinkLag", location) or 0
        lag_format = self.integer(element, "LagFormat", location) or DAYS_FORMAT
        if link_type is None:
            self.add(
                location,
                "Predecessors",
                f"The link from UID {predecessor} has type {code}; it must be 0 (FF), 1 (FS), 2 (SF) or 3 (SS)",
            )
            return None
        if lag_format in PERCENT_LAG_FORMATS:
            self.add(
                location,
                "Predecessors",
                f"The link from UID {predecessor} has a lag in percent of the predecessor's duration, "
                "which cannot be imported; change it to a lag in days in Microsoft Project",
            )
            return None
        per_day = self.minutes_per_day
        # Elapsed lags (calendar time, 1,440 minutes a day) are counted as that many *working* days: an
        # approximation that never shortens the wait (2 edays becomes 2 working days, not 2/3 of a day).
        tenths = (
            round(Fraction(lag * per_day, ELAPSED_MINUTES_PER_DAY)) if lag_format in ELAPSED_FORMATS else lag
        )
        if abs(tenths) > MAX_DAYS * per_day * 10:
            self.add(location, "Predecessors", f"The lag after UID {predecessor} is longer than any plan")
            return None
        return PlanLink(predecessor=predecessor, type=link_type, lag_days=from_tenths(tenths, per_day))


def read_mspdi(data: bytes, *, max_bytes: int = 20_000_000, max_tasks: int = 20_000) -> PlanDocument:
    """Return the plan in a Microsoft Project XML file; raise InterchangeError listing every problem.

    The project summary task (UID 0) and blank rows are skipped. Only the project calendar's non-working
    exceptions are read (as holidays); the week is taken as Monday to Friday.
    """
    if not data:
        raise _fail("File", "", "The file is empty")
    if len(data) > max_bytes:
        raise _fail(
            "File",
            "",
            f"The file is {len(data) / 1e6:.1f} MB; files up to {max_bytes / 1e6:.1f} MB can be imported",
        )
    root, lines = _parse(data)
    namespace, _, local = root.tag[1:].rpartition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if local != "Project" or namespace not in ("", NAMESPACE):
        raise _fail("File", "", "This is not a Microsoft Project XML file")
    return _Reader(root, lines).document(max_tasks)
