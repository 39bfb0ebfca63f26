"""Microsoft Project XML: a file as Project saves it, the round trip, and hostile or broken files."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from civicadopt.planning.interchange import (
    InterchangeError,
    PlanDocument,
    PlanLink,
    PlanTask,
    read_mspdi,
    write_mspdi,
)
from civicadopt.planning.interchange.model import CONSTRAINT_TYPES, LINK_TYPES, MAX_DAYS, MAX_UID, from_tenths

FIXTURES = Path(__file__).parent / "fixtures"
NS = {"p": "http://schemas.microsoft.com/project"}


def _project(tasks: str, *, head: str = "", calendars: str = "") -> bytes:
    """Return a minimal MSPDI file around the given <Task> elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Project xmlns="http://schemas.microsoft.com/project">\n'
        "<Name>Test</Name><StartDate>2026-03-02T08:00:00</StartDate>"
        f"<MinutesPerDay>480</MinutesPerDay>{head}\n"
        f"<Calendars>{calendars}</Calendars>\n"
        f"<Tasks>{tasks}</Tasks>\n</Project>\n"
    ).encode()


def _task(uid: int, *, level: int = 1, duration: str = "PT8H0M0S", extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>Task {uid}</Name><OutlineLevel>{level}</OutlineLevel>"
        f"<Duration>{duration}</Duration>{extra}</Task>\n"
    )


def _link(predecessor: int, *, type_code: int = 1, lag: int = 0, lag_format: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>{type_code}</Type>"
        f"<LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>"
    )


def _problems(data: bytes, **limits: int) -> list[tuple[str, str, str]]:
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(data, **limits)
    return [(problem.location, problem.field, problem.message) for problem in caught.value.problems]


# --- A file as Microsoft Project 2016 saves it ---------------------------------------------------------


@pytest.fixture(scope="module")
def portal() -> PlanDocument:
    return read_mspdi((FIXTURES / "permitting_portal.xml").read_bytes())


def test_project_fields_come_from_title_start_and_minutes_per_day(portal: PlanDocument) -> None:
    assert portal.name == "Permitting portal"  # the Title, not the file name in <Name>
    assert portal.start == date(2026, 2, 2)
    assert portal.minutes_per_day == 480


def test_holidays_are_the_project_calendars_non_working_exceptions_expanded(portal: PlanDocument) -> None:
    # given single days, a three-day range, "last Monday of May" and "3 July" for two years; a working
    # Saturday (ignored) and a resource's vacation (another calendar, ignored)
    assert portal.holidays == (
        date(2026, 2, 16),
        date(2026, 4, 6),
        date(2026, 4, 7),
        date(2026, 4, 8),
        date(2026, 5, 25),
        date(2026, 7, 3),
        date(2027, 5, 31),
        date(2027, 7, 3),
    )


def test_project_summary_and_blank_rows_are_skipped(portal: PlanDocument) -> None:
    assert [task.uid for task in portal.tasks] == [1, 2, 3, 7, 8, 9, 10, 11, 12]
    assert [task.outline_level for task in portal.tasks] == [1, 2, 2, 1, 2, 2, 2, 1, 1]


def test_a_finished_task_with_costs_notes_and_baseline_zero(portal: PlanDocument) -> None:
    clerks = portal.tasks[1]
    assert clerks == PlanTask(
        uid=2,
        name="Interview permit clerks & applicants",
        outline_level=2,
        duration_days=5.0,  # PT40H0M0S at 480 minutes a day
        start=date(2026, 2, 2),
        finish=date(2026, 2, 6),
        percent_complete=100,
        actual_start=date(2026, 2, 2),
        actual_finish=date(2026, 2, 6),
        baseline_start=date(2026, 2, 2),  # Baseline 0; Baseline 1 is ignored
        baseline_finish=date(2026, 2, 5),
        baseline_duration_days=4.0,
        cost=Decimal("4500.00"),  # <Cost>450000</Cost>: hundredths of a dollar
        notes="Clerks at all three counters, plus the front desk.\nAsk about the <Permit Type> codes.",
    )


def test_all_four_link_types_and_lags_in_working_days(portal: PlanDocument) -> None:
    links = {task.uid: task.predecessors for task in portal.tasks}
    assert links[3] == (PlanLink(2, "SS", 2.0),)  # LinkLag 9600 tenths of a minute = 2 days of 480 minutes
    assert links[8] == (PlanLink(3, "FS", -1.0),)  # a one-day lead
    assert links[9] == (PlanLink(8, "FF", 0.0),)
    assert links[11] == (PlanLink(9, "FS", 0.0), PlanLink(10, "FS", 0.0))
    assert links[12] == (PlanLink(11, "SF", 0.0),)


def test_elapsed_lags_and_durations_count_calendar_days_as_working_days(portal: PlanDocument) -> None:
    review = portal.tasks[6]
    assert review.predecessors == (PlanLink(8, "FS", 2.0),)  # LagFormat 8: 28800 = 2 elapsed days
    assert review.duration_days == 2.0  # DurationFormat 8: PT48H0M0S = 2 elapsed days


def test_constraints_snet_and_fnlt_are_kept_and_others_dropped(portal: PlanDocument) -> None:
    by_uid = {task.uid: task for task in portal.tasks}
    assert (by_uid[8].constraint, by_uid[8].constraint_date) == ("SNET", date(2026, 2, 23))
    assert (by_uid[10].constraint, by_uid[10].constraint_date) == ("FNLT", date(2026, 4, 30))
    assert (by_uid[11].constraint, by_uid[11].constraint_date) == (None, None)  # Must Start On
    assert (by_uid[1].constraint, by_uid[1].constraint_date) == (None, None)  # As Soon As Possible


def test_milestone_summary_and_fractional_durations(portal: PlanDocument) -> None:
    by_uid = {task.uid: task for task in portal.tasks}
    assert by_uid[11].milestone and by_uid[11].duration_days == 0.0
    assert by_uid[9].duration_days == 7.5  # PT60H0M0S
    assert by_uid[1].cost == Decimal("15000.00")  # the roll-up Project computed for the summary
    assert by_uid[10].cost is None


def test_the_fixture_survives_a_round_trip(portal: PlanDocument) -> None:
    assert read_mspdi(write_mspdi(portal)) == portal


# --- Writing ------------------------------------------------------------------------------------------

SAMPLE = PlanDocument(
    name='Permits & <licences> "2026"',
    start=date(2026, 3, 2),
    tasks=(
        PlanTask(1, "Phase one", 1),
        PlanTask(
            10, "Design", 2, 5.0, start=date(2026, 3, 2), finish=date(2026, 3, 6), cost=Decimal("1250.5")
        ),
        PlanTask(11, "Build", 2, 2.5, predecessors=(PlanLink(10, "SS", -1.25),), notes="line 1\r\nline 2"),
        PlanTask(
            2,
            "Go live",
            1,
            milestone=True,
            predecessors=(PlanLink(11),),
            constraint="FNLT",
            constraint_date=date(2026, 4, 1),
        ),
    ),
    holidays=(date(2026, 3, 16), date(2026, 3, 17), date(2026, 5, 25)),
)


def test_writing_numbers_tasks_in_order_with_outline_numbers_and_summaries() -> None:
    root = ElementTree.fromstring(write_mspdi(SAMPLE))
    assert root.tag == "{http://schemas.microsoft.com/project}Project"
    assert root.findtext("p:SaveVersion", namespaces=NS) == "14"
    rows = [
        [
            task.findtext(f"p:{name}", namespaces=NS)
            for name in ("UID", "ID", "OutlineNumber", "Summary", "Milestone")
        ]
        for task in root.findall("p:Tasks/p:Task", NS)
    ]
    assert rows == [
        ["1", "1", "1", "1", "0"],
        ["10", "2", "1.1", "0", "0"],
        ["11", "3", "1.2", "0", "0"],
        ["2", "4", "2", "0", "1"],
    ]


def test_writing_units_durations_lags_costs_and_times() -> None:
    root = ElementTree.fromstring(write_mspdi(SAMPLE))
    design, build, live = root.findall("p:Tasks/p:Task", NS)[1:]
    assert design.findtext("p:Duration", namespaces=NS) == "PT40H0M0S"
    assert design.findtext("p:DurationFormat", namespaces=NS) == "7"
    assert design.findtext("p:Start", namespaces=NS) == "2026-03-02T08:00:00"
    assert design.findtext("p:Finish", namespaces=NS) == "2026-03-06T17:00:00"
    assert design.findtext("p:Cost", namespaces=NS) == "125050"  # hundredths
    assert build.findtext("p:Duration", namespaces=NS) == "PT20H0M0S"
    link = build.find("p:PredecessorLink", NS)
    assert link is not None
    assert [
        link.findtext(f"p:{name}", namespaces=NS)
        for name in ("PredecessorUID", "Type", "LinkLag", "LagFormat")
    ] == [
        "10",
        "3",
        "-6000",  # -1.25 days x 480 minutes x 10
        "7",
    ]
    assert live.findtext("p:ConstraintType", namespaces=NS) == "7"
    assert live.findtext("p:ConstraintDate", namespaces=NS) == "2026-04-01T17:00:00"


def test_writing_holidays_as_calendar_exceptions_in_runs() -> None:
    root = ElementTree.fromstring(write_mspdi(SAMPLE))
    periods = [
        (
            exception.findtext("p:TimePeriod/p:FromDate", namespaces=NS),
            exception.findtext("p:TimePeriod/p:ToDate", namespaces=NS),
        )
        for exception in root.findall("p:Calendars/p:Calendar/p:Exceptions/p:Exception", NS)
    ]
    assert periods == [
        ("2026-03-16T00:00:00", "2026-03-17T23:59:00"),
        ("2026-05-25T00:00:00", "2026-05-25T23:59:00"),
    ]


def test_text_is_escaped_and_carriage_returns_survive() -> None:
    data = write_mspdi(SAMPLE)
    assert b"Permits &amp; &lt;licences&gt;" in data
    assert b"line 1&#13;\nline 2" in data
    assert read_mspdi(data) == SAMPLE


def test_writing_is_stable() -> None:
    assert write_mspdi(read_mspdi(write_mspdi(SAMPLE))) == write_mspdi(SAMPLE)


# --- The round trip, for any valid plan --------------------------------------------------------------

_TEXT = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cc", "Cn")),  # any Unicode that XML can carry
        st.sampled_from(["&", "<", ">", '"', "'", "\r", "\n", "\r\n", "\t", " ", "]]>", "&amp;", "é", "市"]),
    ),
    max_size=20,
).map("".join)
_DAYS = st.dates()  # year 1 to 9999


def _pair(draw: st.DrawFn) -> tuple[date, date]:
    first, last = draw(_DAYS), draw(_DAYS)
    return min(first, last), max(first, last)


@st.composite
def documents(draw: st.DrawFn) -> PlanDocument:
    per_day = draw(st.sampled_from([480, 450, 420, 600, 1440, 1, 7]))
    most = 10 * per_day * MAX_DAYS  # tenths of a minute in the longest duration a plan may have
    days = st.integers(0, most).map(lambda tenths: from_tenths(tenths, per_day))
    lags = st.integers(-most, most).map(lambda tenths: from_tenths(tenths, per_day))
    uids = draw(st.lists(st.integers(1, MAX_UID), unique=True, max_size=10))
    tasks: list[PlanTask] = []
    for uid in uids:
        level = draw(st.integers(1, tasks[-1].outline_level + 1)) if tasks else 1
        earlier = [task.uid for task in tasks]  # links only backwards: no loops
        chosen = draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else []
        start, finish = _pair(draw)
        dated = draw(st.sampled_from(["none", "start", "finish", "both"]))
        actual_start, actual_finish = _pair(draw)
        actual = draw(st.sampled_from(["none", "start", "both"]))
        baseline_start, baseline_finish = _pair(draw)
        baseline = draw(st.sampled_from(["none", "start", "finish", "both"]))
        constraint = draw(st.sampled_from((None, *CONSTRAINT_TYPES)))
        tasks.append(
            PlanTask(
                uid=uid,
                name=draw(_TEXT),
                outline_level=level,
                duration_days=draw(days),
                milestone=draw(st.booleans()),
                start=start if dated in ("start", "both") else None,
                finish=finish if dated in ("finish", "both") else None,
                predecessors=tuple(
                    PlanLink(pred, draw(st.sampled_from(LINK_TYPES)), draw(lags)) for pred in chosen
                ),
                percent_complete=draw(st.integers(0, 100)),
                actual_start=None if actual == "none" else actual_start,
                actual_finish=actual_finish if actual == "both" else None,
                constraint=constraint,
                constraint_date=draw(_DAYS) if constraint else None,
                baseline_start=baseline_start if baseline in ("start", "both") else None,
                baseline_finish=baseline_finish if baseline in ("finish", "both") else None,
                baseline_duration_days=draw(st.one_of(st.none(), days)),
                cost=draw(
                    st.one_of(
                        st.none(),
                        st.decimals(-(10**15) + 1, 10**15 - 1, places=2),
                        st.decimals(-1, 1, places=12),
                    )
                ),
                notes=draw(_TEXT),
            )
        )
    holidays = tuple(sorted(set(draw(st.lists(_DAYS, max_size=8)))))
    return PlanDocument(draw(_TEXT), draw(_DAYS), tuple(tasks), holidays, per_day)


@given(documents())
@example(SAMPLE)
@example(PlanDocument("", date(2026, 1, 1), ()))
def test_reading_what_was_written_gives_the_same_plan(document: PlanDocument) -> None:
    assert read_mspdi(write_mspdi(document)) == document


# --- Hostile and broken files ------------------------------------------------------------------------

DTD_MESSAGE = "The file contains a DTD or entity declarations, which are not allowed"


def test_billion_laughs_is_refused_before_expansion() -> None:
    laughs = "\n".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    data = f'<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY lol0 "lol">\n{laughs}\n]>\n<Project>&lol9;</Project>'
    assert _problems(data.encode()) == [("line 2", "", DTD_MESSAGE)]


def test_an_external_entity_is_refused_and_nothing_is_read() -> None:
    data = b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Project xmlns="http://schemas.microsoft.com/project"><Name>&xxe;</Name></Project>'
    with pytest.raises(InterchangeError) as caught:
        read_mspdi(data)
    assert str(caught.value) == f"line 2: {DTD_MESSAGE}"
    assert "root:" not in str(caught.value)


def test_any_dtd_is_refused() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://example.invalid/p.dtd"><Project/>'
    assert _problems(data) == [("line 1", "", DTD_MESSAGE)]


def test_an_undeclared_entity_is_a_parse_error() -> None:
    assert _problems(b"<Project>&nope;</Project>") == [
        ("line 1", "", "The file is not valid XML: line 1, column 9 (undefined entity)")
    ]


def test_truncated_xml_names_the_line_and_column() -> None:
    data = _project(_task(1))[:-40]
    [(location, field, message)] = _problems(data)
    assert location.startswith("line ")
    assert field == ""
    assert message.startswith(f"The file is not valid XML: {location}, column ")
    assert message.endswith("(no element found)")


@pytest.mark.parametrize("encoding", ["klingon", "rot13"])
def test_an_unreadable_declared_encoding(encoding: str) -> None:
    data = f'<?xml version="1.0" encoding="{encoding}"?><Project/>'.encode()
    assert _problems(data) == [("line 1", "", "The file declares a text encoding that cannot be read")]


def test_absurd_numbers_are_problems_not_crashes() -> None:
    data = _project(
        _task(1, duration="PT99999999999H0M0S", extra="<Cost>1E+999999999</Cost>")
        + _task(
            2, extra=_link(1, lag=999_999_999_999_999) + f"<PercentComplete>{'9' * 5000}</PercentComplete>"
        )
    )
    assert [(location, field) for location, field, _ in _problems(data)] == [
        ("Task 1 (UID 1)", "Duration"),
        ("Task 1 (UID 1)", "Cost"),
        ("Task 2 (UID 2)", "Predecessors"),
        ("Task 2 (UID 2)", "Percent complete"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        b'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion></project>',
        b'<Project xmlns="http://maven.apache.org/POM/4.0.0"></Project>',
        b"<html><body>Not a plan</body></html>",
    ],
)
def test_other_xml_is_not_a_project_file(data: bytes) -> None:
    assert _problems(data) == [("File", "", "This is not a Microsoft Project XML file")]


def test_empty_and_oversized_files() -> None:
    assert _problems(b"") == [("File", "", "The file is empty")]
    assert _problems(_project(_task(1)), max_bytes=100) == [
        (
            "File",
            "",
            f"The file is {len(_project(_task(1))) / 1e6:.1f} MB; files up to 0.0 MB can be imported",
        )
    ]


def test_too_many_tasks() -> None:
    data = _project("".join(_task(uid) for uid in range(1, 6)))
    assert _problems(data, max_tasks=4) == [
        ("Project", "Tasks", "The file has 5 tasks; at most 4 can be imported")
    ]


def test_a_percent_lag_is_refused_naming_the_task() -> None:
    data = _project(_task(1) + _task(2) + _task(3, extra=_link(1, lag=500, lag_format=19)))
    [(location, field, message)] = _problems(data)
    assert (location, field) == ("Task 3 (UID 3)", "Predecessors")
    assert message.startswith("The link from UID 1 has a lag in percent of the predecessor's duration")


def test_an_unknown_predecessor_and_a_duplicate_uid() -> None:
    data = _project(_task(1) + _task(2, extra=_link(99)) + _task(1))
    assert _problems(data) == [
        ("Task 1 (UID 1)", "UID", "1 is also the UID of Task 1 (UID 1)"),
        ("Task 2 (UID 2)", "Predecessors", "there is no task with UID 99"),
    ]


def test_every_problem_is_reported_at_once() -> None:
    data = _project(
        _task(1, duration="five days")
        + _task(2, level=3)
        + _task(3, extra=_link(1, type_code=7) + "<PercentComplete>150</PercentComplete>")
        + "<Task><ID>4</ID><Name>No UID</Name></Task>"
        + _task(5, extra=_link(42))
    )
    assert _problems(data) == [
        ("Task 1 (UID 1)", "Duration", "“five days” is not a duration such as PT40H0M0S"),
        (
            "Task 3 (UID 3)",
            "Predecessors",
            "The link from UID 1 has type 7; it must be 0 (FF), 1 (FS), 2 (SF) or 3 (SS)",
        ),
        ("Task 3 (UID 3)", "Percent complete", "must be a whole number from 0 to 100"),
        ("Task on line 8", "UID", "The task has no UID"),
        (
            "Task 2 (UID 2)",
            "Outline level",
            "is 3, but must be at most 2: a task can only be indented one level below the task above it",
        ),
        ("Task 5 (UID 5)", "Predecessors", "there is no task with UID 42"),
    ]


def test_a_loop_of_links_is_reported() -> None:
    data = _project(_task(1, extra=_link(3)) + _task(2, extra=_link(1)) + _task(3, extra=_link(2)))
    assert _problems(data) == [
        ("Task 1 (UID 1)", "Predecessors", "the links form a loop: UID 1 → UID 2 → UID 3 → UID 1")
    ]


def test_a_missing_start_date_and_bad_settings() -> None:
    data = b'<Project xmlns="http://schemas.microsoft.com/project"><MinutesPerDay>0</MinutesPerDay></Project>'
    assert _problems(data) == [
        ("Project", "Minutes per day", "is 0; it must be from 1 to 1440"),
        ("Project", "Start date", "The file has no project start date (StartDate)"),
    ]


def test_dates_and_costs_that_are_not_values() -> None:
    data = _project(_task(1, extra="<Start>next Monday</Start><Cost>lots</Cost><Milestone>yes</Milestone>"))
    assert _problems(data) == [
        ("Task 1 (UID 1)", "Milestone", "“yes” is not 1 or 0"),
        ("Task 1 (UID 1)", "Start", "“next Monday” is not a date such as 2026-03-02T08:00:00"),
        ("Task 1 (UID 1)", "Cost", "“lots” is not an amount"),
    ]


# --- Older and looser files --------------------------------------------------------------------------


def test_project_2003_calendar_exceptions_and_no_namespace() -> None:
    calendar = (
        "<Calendar><UID>1</UID><Name>Standard</Name><WeekDays>"
        "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
        "<FromDate>2026-12-24T00:00:00</FromDate><ToDate>2026-12-26T23:59:00</ToDate></TimePeriod></WeekDay>"
        "<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>"
        "</WeekDays></Calendar>"
    )
    data = _project(_task(1), calendars=calendar, head="<CalendarUID>1</CalendarUID>")
    data = data.replace(b' xmlns="http://schemas.microsoft.com/project"', b"")
    document = read_mspdi(data)
    assert document.holidays == (date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26))


def test_thanksgiving_as_in_microsofts_schema_reference() -> None:
    calendar = (
        "<Calendar><UID>1</UID><Name>Standard</Name><Exceptions><Exception>"
        "<EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod><FromDate>2007-11-22T00:00:00</FromDate>"
        "<ToDate>2010-11-30T23:59:00</ToDate></TimePeriod><Occurrences>4</Occurrences><Name>Thanksgiving</Name>"
        "<Type>3</Type><Month>10</Month><MonthItem>7</MonthItem><MonthPosition>3</MonthPosition>"
        "<DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    )
    document = read_mspdi(_project(_task(1), calendars=calendar))
    assert document.holidays == (
        date(2007, 11, 22),
        date(2008, 11, 27),
        date(2009, 11, 26),
        date(2010, 11, 25),
    )


def test_weekly_recurring_exceptions_are_reported_not_guessed() -> None:
    calendar = (
        "<Calendar><UID>1</UID><Name>Standard</Name><Exceptions><Exception><TimePeriod>"
        "<FromDate>2026-01-02T00:00:00</FromDate><ToDate>2026-12-31T23:59:00</ToDate></TimePeriod>"
        "<Name>Furlough Fridays</Name><Type>6</Type><DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    )
    [(location, field, message)] = _problems(_project(_task(1), calendars=calendar))
    assert (location, field) == ("Calendar “Standard”", "Exceptions")
    assert message.startswith("the exception “Furlough Fridays” repeats weekly")


def test_a_huge_daily_exception_is_refused() -> None:
    calendar = (
        "<Calendar><UID>1</UID><Name>Standard</Name><Exceptions><Exception><TimePeriod>"
        "<FromDate>0001-01-01T00:00:00</FromDate><ToDate>9999-12-31T23:59:00</ToDate></TimePeriod>"
        "<Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions></Calendar>"
    )
    assert _problems(_project(_task(1), calendars=calendar)) == [
        ("Calendar “Standard”", "Exceptions", "an exception names more than 10,000 days")
    ]


def test_durations_in_days_weeks_and_fractions_of_minutes() -> None:
    tasks = (
        _task(1, duration="P2DT4H0M0S")
        + _task(2, duration="P1W")
        + _task(3, duration="PT0H0M1S")  # a second rounds to the nearest tenth of a minute: zero
        + _task(4, duration="PT7H30M0S")
    )
    durations = [task.duration_days for task in read_mspdi(_project(tasks)).tasks]
    assert durations == [2.5, 5.0, 0.0, 0.9375]
