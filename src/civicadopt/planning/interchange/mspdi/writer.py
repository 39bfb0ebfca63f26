"""Writing a PlanDocument as Microsoft Project XML that Project 2010 and later open (see the package)."""

from datetime import date, datetime, timedelta
from decimal import Context, Decimal
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from ..model import PlanDocument, PlanTask, outline_numbers, summary_uids, to_tenths
from .calendars import holiday_ranges
from .codes import CENTS, CONSTRAINT_CODES, DAYS_FORMAT, LINK_CODES, NAMESPACE

_DAY_START = "08:00:00"


def _add(parent: Element, name: str, text: object) -> Element:
    child = SubElement(parent, name)
    child.text = str(text)
    return child


def _working_times(minutes_per_day: int) -> list[tuple[str, str]]:
    """Return the working periods of a day: 08:00-12:00 and 13:00-17:00 for 480 minutes, else one block."""
    if minutes_per_day == 480:
        return [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")]
    start = datetime(2000, 1, 1, 8) if minutes_per_day <= 16 * 60 else datetime(2000, 1, 1)
    end = min(start + timedelta(minutes=minutes_per_day), datetime(2000, 1, 1, 23, 59))
    return [(start.strftime("%H:%M:%S"), end.strftime("%H:%M:%S"))]


def _duration_text(days: float, minutes_per_day: int) -> str:
    seconds = to_tenths(days, minutes_per_day) * 6
    return f"PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S"


def _cents(amount: Decimal) -> str:
    return format(amount.scaleb(CENTS, Context(prec=len(amount.as_tuple().digits) + CENTS)), "f")


def _write_calendar(parent: Element, document: PlanDocument, periods: list[tuple[str, str]]) -> None:
    calendar = SubElement(SubElement(parent, "Calendars"), "Calendar")
    for name, text in (("UID", 1), ("Name", "Standard"), ("IsBaseCalendar", 1), ("BaseCalendarUID", -1)):
        _add(calendar, name, text)
    week = SubElement(calendar, "WeekDays")
    for day_type in range(1, 8):  # DayType 1 is Sunday, 7 Saturday
        weekday = SubElement(week, "WeekDay")
        _add(weekday, "DayType", day_type)
        _add(weekday, "DayWorking", int(day_type not in (1, 7)))
        if day_type not in (1, 7):
            times = SubElement(weekday, "WorkingTimes")
            for start, end in periods:
                period = SubElement(times, "WorkingTime")
                _add(period, "FromTime", start)
                _add(period, "ToTime", end)
    if document.holidays:
        exceptions = SubElement(calendar, "Exceptions")
        for first, last in holiday_ranges(document.holidays):
            exception = SubElement(exceptions, "Exception")
            _add(exception, "EnteredByOccurrences", 0)
            span = SubElement(exception, "TimePeriod")
            _add(span, "FromDate", f"{first.isoformat()}T00:00:00")
            _add(span, "ToDate", f"{last.isoformat()}T23:59:00")
            for name, text in (("Occurrences", 1), ("Name", "Holiday"), ("Type", 1), ("DayWorking", 0)):
                _add(exception, name, text)


def _write_task(
    parent: Element, task: PlanTask, number: int, outline: str, summary: bool, day_end: str, per_day: int
) -> None:
    element = SubElement(parent, "Task")

    def when(name: str, day: date | None, time: str = _DAY_START, into: Element = element) -> None:
        if day is not None:
            _add(into, name, f"{day.isoformat()}T{time}")

    for name, text in (("UID", task.uid), ("ID", number), ("Name", task.name), ("Active", 1), ("Manual", 0)):
        _add(element, name, text)
    _add(element, "OutlineNumber", outline)
    _add(element, "OutlineLevel", task.outline_level)
    when("Start", task.start)
    when("Finish", task.finish, day_end)
    _add(element, "Duration", _duration_text(task.duration_days, per_day))
    _add(element, "DurationFormat", DAYS_FORMAT)
    _add(element, "Milestone", int(task.milestone))
    _add(element, "Summary", int(summary))
    _add(element, "PercentComplete", task.percent_complete)
    if task.cost is not None:
        _add(element, "Cost", _cents(task.cost))
    when("ActualStart", task.actual_start)
    when("ActualFinish", task.actual_finish, day_end)
    if task.constraint is not None:
        _add(element, "ConstraintType", CONSTRAINT_CODES[task.constraint])
        when("ConstraintDate", task.constraint_date, _DAY_START if task.constraint == "SNET" else day_end)
    if task.notes:
        _add(element, "Notes", task.notes)
    for link in task.predecessors:
        item = SubElement(element, "PredecessorLink")
        _add(item, "PredecessorUID", link.predecessor)
        _add(item, "Type", LINK_CODES[link.type])
        _add(item, "LinkLag", to_tenths(link.lag_days, per_day))
        _add(item, "LagFormat", DAYS_FORMAT)
    baseline_days = task.baseline_duration_days
    if task.baseline_start is not None or task.baseline_finish is not None or baseline_days is not None:
        baseline = SubElement(element, "Baseline")
        _add(baseline, "Number", 0)
        when("Start", task.baseline_start, into=baseline)
        when("Finish", task.baseline_finish, day_end, into=baseline)
        if baseline_days is not None:
            _add(baseline, "Duration", _duration_text(baseline_days, per_day))
            _add(baseline, "DurationFormat", DAYS_FORMAT)


def write_mspdi(document: PlanDocument) -> bytes:
    """Return the plan as a Microsoft Project XML file (SaveVersion 14, Project 2010 and later).

    Tasks are numbered 1..n in order; summaries and outline numbers follow from the outline levels.
    ``read_mspdi(write_mspdi(document)) == document`` for every valid document.
    """
    per_day = document.minutes_per_day
    periods = _working_times(per_day)
    day_end = periods[-1][1]
    # The namespace is declared as a plain attribute so that tags stay unprefixed without touching
    # ElementTree's process-wide prefix registry.
    root = Element("Project", {"xmlns": NAMESPACE})
    for name, text in (
        ("SaveVersion", 14),
        ("Name", document.name),
        ("Title", document.name),
        ("ScheduleFromStart", 1),
        ("StartDate", f"{document.start.isoformat()}T{_DAY_START}"),
        ("CalendarUID", 1),
        ("DefaultStartTime", periods[0][0]),
        ("DefaultFinishTime", day_end),
        ("MinutesPerDay", per_day),
        ("MinutesPerWeek", per_day * 5),
        ("DaysPerMonth", 20),
        ("DurationFormat", DAYS_FORMAT),
    ):
        _add(root, name, text)
    _write_calendar(root, document, periods)
    tasks = SubElement(root, "Tasks")
    summaries = summary_uids(document.tasks)
    for number, (task, outline) in enumerate(
        zip(document.tasks, outline_numbers(document.tasks), strict=True), 1
    ):
        _write_task(tasks, task, number, outline, task.uid in summaries, day_end, per_day)
    indent(root, space="  ")
    # ElementTree leaves carriage returns raw, and every XML parser turns a raw one into a line feed:
    # written as a character reference it survives.
    written: bytes = tostring(root, encoding="utf-8", xml_declaration=True)
    return written.replace(b"\r", b"&#13;")
