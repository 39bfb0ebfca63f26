"""The plan model checks itself: every problem at once, with a location and a field."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from civicadopt.planning.interchange import (
    InterchangeError,
    PlanDocument,
    PlanLink,
    PlanTask,
    Problem,
    outline_numbers,
    round_to_resolution,
    summary_uids,
)


def _fields(error: pytest.ExceptionInfo[InterchangeError]) -> list[str]:
    return [problem.field for problem in error.value.problems]


def test_interchange_error_is_a_value_error_listing_every_problem() -> None:
    error = InterchangeError(
        [Problem("Task 1 (UID 1)", "Duration", "is negative"), Problem("line 3", "", "bad")]
    )
    assert isinstance(error, ValueError)
    assert str(error) == "Task 1 (UID 1), Duration: is negative\nline 3: bad"


def test_a_task_reports_all_its_problems() -> None:
    with pytest.raises(InterchangeError) as caught:
        PlanTask(
            uid=0,
            name="Bell\x07",
            outline_level=0,
            duration_days=-1.0,
            percent_complete=101,
            start=date(2026, 3, 5),
            finish=date(2026, 3, 4),
            constraint="SNET",
            cost=Decimal("NaN"),
        )
    assert _fields(caught) == [
        "UID",
        "Name",
        "Outline level",
        "Duration",
        "Percent complete",
        "Constraint date",
        "Finish",
        "Cost",
    ]
    assert caught.value.problems[0].location == "Task UID 0"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": datetime(2026, 3, 2, 8)}, "Start"),
        ({"actual_finish": date(2026, 3, 2)}, "Actual finish"),
        ({"duration_days": float("nan")}, "Duration"),
        ({"baseline_duration_days": float("inf")}, "Baseline duration"),
        ({"predecessors": [PlanLink(2)]}, "Predecessors"),
        ({"constraint": "MSO", "constraint_date": date(2026, 3, 2)}, "Constraint"),
        ({"cost": Decimal("1e15")}, "Cost"),
        ({"cost": Decimal("0.0000000000001")}, "Cost"),
        ({"milestone": 1}, "Milestone"),
        ({"duration_days": 1_000_001.0}, "Duration"),
        ({"uid": 2**31}, "UID"),
        ({"predecessors": (PlanLink(2, lag_days=-1.5),), "notes": "\ufffe"}, "Notes"),
    ],
)
def test_task_fields_are_checked(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        PlanTask(**{"uid": 1, "name": "Task", **changes})  # type: ignore[arg-type]
    assert _fields(caught) == [field]


def test_a_link_checks_its_type_and_lag() -> None:
    with pytest.raises(InterchangeError) as caught:
        PlanLink(predecessor=0, type="XX", lag_days=float("nan"))  # type: ignore[arg-type]
    assert _fields(caught) == ["Predecessor", "Type", "Lag"]


def test_a_document_checks_outline_links_holidays_and_resolution() -> None:
    tasks = (
        PlanTask(1, "A", 2),
        PlanTask(2, "B", 1, duration_days=0.1 + 0.2, predecessors=(PlanLink(2), PlanLink(9))),
        PlanTask(2, "C", 1),
    )
    with pytest.raises(InterchangeError) as caught:
        PlanDocument("Plan", date(2026, 3, 2), tasks, holidays=(date(2026, 5, 25), date(2026, 1, 1)))
    assert [str(problem) for problem in caught.value.problems] == [
        "Project, Holidays: must be in date order, each day once",
        "Task 1 (UID 1), Outline level: is 2, but must be 1: a task can only be indented one level below the task above it",
        "Task 2 (UID 2), Duration: is finer than a tenth of a minute of a 480-minute working day; round it with round_to_resolution",
        "Task 3 (UID 2), UID: 2 is also the UID of Task 2 (UID 2)",
        "Task 2 (UID 2), Predecessors: the task is linked to itself",
        "Task 2 (UID 2), Predecessors: there is no task with UID 9",
    ]


def test_round_to_resolution_makes_a_computed_duration_acceptable() -> None:
    days = round_to_resolution(0.1 + 0.2)
    assert days == 0.3
    assert (
        PlanDocument("Plan", date(2026, 3, 2), (PlanTask(1, "A", duration_days=days),)).tasks[0].duration_days
        == 0.3
    )


def test_summaries_and_outline_numbers_follow_from_outline_levels() -> None:
    tasks = tuple(
        PlanTask(uid, f"T{uid}", level)
        for uid, level in [(5, 1), (6, 2), (7, 3), (8, 2), (9, 1), (10, 1), (11, 2)]
    )
    assert summary_uids(tasks) == {5, 6, 10}
    assert outline_numbers(tasks) == ("1", "1.1", "1.1.1", "1.2", "2", "3", "3.1")
