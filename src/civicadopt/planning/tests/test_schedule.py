"""The plan as scheduled: working-day calendar, phases, critical path, notation, constraints, progress."""

import datetime as dt
from decimal import Decimal as D

import pytest

from civicadopt.conftest import Tenant
from civicadopt.planning import services
from civicadopt.planning.models import Dependency, Holiday, Plan
from civicadopt.planning.schedule import plan_schedule

from .factories import START, add, empty_plan, make_plan

pytestmark = pytest.mark.django_db


def Jan(day: int) -> dt.date:  # reads like the date it makes
    return dt.date(2027, 1, day)


def dates(plan: Plan) -> list[tuple[int, dt.date, dt.date]]:
    return [(row.task.row, row.start, row.finish) for row in plan_schedule(plan).rows]


def test_the_sample_plan_matches_a_hand_computed_schedule(tenant_a: Tenant) -> None:
    # given: 1 Build [2 Design 5d, 3 Configure 10d after 2, 4 Test 4d 3SS+5], 5 Go live after 3 and 4FF,
    # starting Monday 4 January 2027
    computed = plan_schedule(make_plan(tenant_a)["plan"])
    # then
    table = [
        (r.task.row, r.kind, r.start, r.finish, r.duration, r.total_float, r.critical, r.predecessors)
        for r in computed.rows
    ]
    assert table == [
        (1, "summary", Jan(4), Jan(22), 15.0, 0.0, True, ""),
        (2, "task", Jan(4), Jan(8), 5.0, 0.0, True, ""),
        (3, "task", Jan(11), Jan(22), 10.0, 0.0, True, "2"),
        (4, "task", Jan(18), Jan(21), 4.0, 1.0, False, "3SS+5"),
        (5, "milestone", Jan(25), Jan(25), 0.0, 0.0, True, "3; 4FF"),
    ]
    assert computed.critical_rows == [2, 3, 5]
    assert (computed.start, computed.finish, computed.duration) == (Jan(4), Jan(25), 15.0)
    assert [row.task.name for row in computed.milestones] == ["Go live"]
    assert computed.error == ""


def test_a_phase_spans_its_tasks_from_the_earliest_start_to_the_latest_finish(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Rollout", 0)
    add(plan, "Wave 1", 3, outline_level=2)
    add(plan, "Wave 2", 4, outline_level=2, constraint="SNET", constraint_date=Jan(13))
    add(plan, "Wave 3", 1, outline_level=2)
    rows = plan_schedule(plan).rows
    assert (rows[0].start, rows[0].finish) == (Jan(4), Jan(18))
    assert rows[0].finish == max(row.finish for row in rows[1:])
    assert rows[0].summary and not any(row.summary for row in rows[1:])


def test_working_days_skip_weekends_and_only_this_organisations_holidays(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    # given: Wednesday 6 January off here, Thursday 7 January off elsewhere
    Holiday.objects.create(organisation=tenant_a.organisation, date=Jan(6), name="Epiphany")
    Holiday.objects.create(organisation=tenant_b.organisation, date=Jan(7), name="Not ours")
    plan = empty_plan(tenant_a, start=dt.date(2027, 1, 2))  # a Saturday
    add(plan, "Design", 5)
    add(plan, "Build", 2, predecessors="1")
    # then: 4, 5, 7, 8, 11 January, then 12-13 January
    assert dates(plan) == [(1, Jan(4), Jan(11)), (2, Jan(12), Jan(13))]


def test_a_lag_counts_working_days(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Order", 1)
    add(plan, "Deliver", 1, predecessors="1FS+5")  # 5 working days after Monday's order
    assert dates(plan)[1] == (2, Jan(12), Jan(12))


def test_start_no_earlier_than_holds_a_task_back(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    add(plan, "Council vote", 2, constraint="SNET", constraint_date=Jan(20))
    rows = plan_schedule(plan).rows
    assert (rows[1].start, rows[1].finish, rows[1].critical) == (Jan(20), Jan(21), True)
    assert (rows[0].total_float, rows[0].critical) == (9.0, False)


def test_a_missed_finish_no_later_than_shows_as_negative_float(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5, constraint="FNLT", constraint_date=Jan(6))
    add(plan, "Other work", 10)
    rows = plan_schedule(plan).rows
    assert rows[0].finish == Jan(8)  # the constraint does not move the work, it flags it
    assert (rows[0].total_float, rows[0].critical) == (-2.0, True)
    assert (rows[1].total_float, rows[1].critical) == (0.0, True)


def test_actual_dates_fix_a_finished_task_and_its_successors_follow(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    design = add(plan, "Design", 5)
    add(plan, "Build", 2, predecessors="1")
    services.progress_update(user=tenant_a.users["contributor"], task=design, expected_version=1,
                             data={"actual_start": Jan(5), "actual_finish": Jan(12)})  # fmt: skip
    rows = plan_schedule(plan).rows
    assert dates(plan) == [(1, Jan(5), Jan(12)), (2, Jan(13), Jan(14))]
    assert rows[0].critical is False  # finished work cannot delay anything any more


def test_a_status_date_pushes_work_not_done_after_it(tenant_a: Tenant) -> None:
    # given: on Wednesday 13 January nothing has started but one task is half done
    plan = empty_plan(tenant_a, status_date=Jan(13))
    add(plan, "Not started", 5)
    started = add(plan, "Half done", 10)
    services.progress_update(user=tenant_a.users["contributor"], task=started, expected_version=1,
                             data={"actual_start": START, "percent_complete": 50})  # fmt: skip
    # then: unstarted work starts on the status date; the other half is done after it
    assert dates(plan) == [(1, Jan(13), Jan(19)), (2, Jan(4), Jan(19))]


def test_an_empty_plan_has_no_rows_and_no_error(tenant_a: Tenant) -> None:
    computed = plan_schedule(empty_plan(tenant_a))
    assert (computed.rows, computed.finish, computed.error, computed.start) == ([], None, "", START)


def test_a_loop_written_behind_the_services_back_is_reported_not_raised(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    first = add(plan, "First", 1)
    add(plan, "Second", 1, predecessors="1")
    Dependency.objects.create(predecessor=plan.tasks.get(row=2), successor=first, type="FS", lag=D(0))
    computed = plan_schedule(plan)
    assert computed.rows == [] and "cannot be scheduled" in computed.error and "loop" in computed.error


@pytest.mark.parametrize("text", ["", "1", "1FS+3", "1SS", "1FF+2", "2", "1; 2"])
def test_adding_a_dependency_never_brings_the_finish_forward(tenant_a: Tenant, text: str) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "A", 4)
    add(plan, "B", 6)
    add(plan, "C", 3)
    before = plan_schedule(plan).duration
    services.task_update(user=tenant_a.users["contributor"], task=plan.tasks.get(row=3), expected_version=1,
                         data={}, predecessors=text)  # fmt: skip
    assert plan_schedule(plan).duration >= before
