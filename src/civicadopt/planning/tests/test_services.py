"""Plan services: the outline (rows, levels, phases), predecessors, permissions, concurrency and audit."""

import datetime as dt
from decimal import Decimal as D

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.concurrency import VersionConflict
from civicadopt.conftest import Tenant
from civicadopt.planning import services
from civicadopt.planning.models import Dependency, Holiday, Plan, Task
from civicadopt.planning.schedule import plan_schedule

from .factories import START, add, empty_plan, member, outline

pytestmark = pytest.mark.django_db


def links(task: Task) -> list[tuple[int, str, D]]:
    return [
        (link.predecessor.row, link.type, link.lag)
        for link in task.predecessor_links.select_related("predecessor").order_by("predecessor__row")
    ]


def entries(t: Tenant, model: str = "task") -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(initiative_id=t.initiative.pk, content_type__model=model).order_by("id")
    )


def message(error: pytest.ExceptionInfo[ValidationError], field: str = "predecessors") -> str:
    return " ".join(error.value.message_dict[field])


# Plans -----------------------------------------------------------------------------------------------


def test_an_initiative_has_at_most_one_plan(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    with pytest.raises(ValidationError, match="already has a plan"):
        empty_plan(tenant_a)
    assert Plan.objects.filter(initiative=tenant_a.initiative).get() == plan
    (entry,) = entries(tenant_a, "plan")
    assert entry.action == "create" and entry.changes["start"] == [None, "2027-01-04"]


def test_a_stale_plan_update_is_refused_and_changes_nothing(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    owner = tenant_a.users["contributor"]
    services.plan_update(user=owner, plan=plan, expected_version=1, data={"confidence": 90})
    stale = Plan.objects.get(pk=plan.pk)
    with pytest.raises(VersionConflict):
        services.plan_update(user=owner, plan=stale, expected_version=1, data={"confidence": 60})
    plan.refresh_from_db()
    assert (plan.confidence, plan.version) == (90, 2)


# Adding tasks and the outline ------------------------------------------------------------------------


def test_a_task_is_appended_or_inserted_below_a_task_after_its_block(tenant_a: Tenant) -> None:
    # given: a phase with two tasks, then a top-level task
    plan = empty_plan(tenant_a)
    phase = add(plan, "Procure", 0)
    add(plan, "Tender", 10, outline_level=2)
    add(plan, "Award", 5)
    add(plan, "Train", 3, outline_level=1)
    # when: a task goes below the phase (so after its children), another below "Tender"
    add(plan, "Contract", 2, after=phase)
    add(plan, "Evaluate", 4, after=Task.objects.get(name="Tender"))
    # then: at the level of the task it follows, rows numbered 1..n again
    assert outline(plan) == [
        (1, 1, "Procure"),
        (2, 2, "Tender"),
        (3, 2, "Evaluate"),
        (4, 2, "Award"),
        (5, 1, "Contract"),
        (6, 1, "Train"),
    ]


def test_a_new_task_is_never_deeper_than_one_level_below_the_task_above(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "First", 1, outline_level=3)  # nothing above: top level
    add(plan, "Second", 1, outline_level=5)  # at most one below "First"
    add(plan, "Third", 1)  # by default, the level of the last task
    assert [level for _, level, _ in outline(plan)] == [1, 2, 2]


def test_predecessors_are_read_in_project_notation(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    add(plan, "Build", 10)
    test = add(plan, "Test", 4, predecessors="1FS+2; 2ss-1.5")
    assert links(test) == [(1, "FS", D("2.00")), (2, "SS", D("-1.50"))]
    assert plan_schedule(plan).rows[2].predecessors == "1FS+2; 2SS-1.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", "There is no task 9 in this plan."),
        ("1; 1SS", "Task 1 is listed more than once"),
        ("1FS+", "'1FS+' is not a predecessor"),
        ("1XX", "There is no task 1XX in this plan."),
        ("1FS+2w", "is not a predecessor"),
    ],
)
def test_bad_predecessors_are_refused_naming_the_problem_and_nothing_is_added(
    tenant_a: Tenant, text: str, expected: str
) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    with pytest.raises(ValidationError) as error:
        add(plan, "Build", 10, predecessors=text)
    assert expected in message(error)
    assert outline(plan) == [(1, 1, "Design")]
    assert not Dependency.objects.exists()


def test_a_task_cannot_depend_on_itself(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    build = add(plan, "Build", 10, predecessors="1")
    with pytest.raises(ValidationError) as error:
        services.task_update(
            user=tenant_a.users["contributor"], task=build, expected_version=1, data={}, predecessors="2"
        )
    assert "cannot depend on itself" in message(error)
    assert links(build) == [(1, "FS", D("0.00"))]


def test_a_loop_is_refused_naming_its_rows_and_the_whole_edit_is_undone(tenant_a: Tenant) -> None:
    # given: 1 -> 2 -> 3
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    build = add(plan, "Build", 10, predecessors="1")
    add(plan, "Test", 4, predecessors="2")
    updates = len(entries(tenant_a))
    # when: Build (2) is also made to wait for Test (3), in the same edit as a new name
    with pytest.raises(ValidationError) as error:
        services.task_update(
            user=tenant_a.users["contributor"],
            task=Task.objects.get(pk=build.pk),
            expected_version=1,
            data={"name": "Build everything"},
            predecessors="1; 3",
        )
    # then: the loop is named by rows, and nothing of the edit is kept
    text = message(error)
    assert "loop" in text and ("2 → 3 → 2" in text or "3 → 2 → 3" in text)
    build.refresh_from_db()
    assert (build.name, build.version) == ("Build", 1)
    assert links(build) == [(1, "FS", D("0.00"))]
    assert len(entries(tenant_a)) == updates


def test_linking_a_phase_to_a_task_inside_it_is_refused_naming_rows_not_ids(
    tenant_a: Tenant, tenant_b: Tenant
) -> None:
    # given: database ids that differ from the rows (another plan's tasks came first)
    other = empty_plan(tenant_b)
    for n in range(12):
        add(other, f"Elsewhere {n}", 1)
    plan = empty_plan(tenant_a)
    add(plan, "Build", 0)
    add(plan, "Design", 5, outline_level=2)
    design = Task.objects.get(plan=plan, name="Design")
    # when: the task inside the phase is made to wait for its own phase
    with pytest.raises(ValidationError) as error:
        services.task_update(
            user=tenant_a.users["contributor"], task=design, expected_version=1, data={}, predecessors="1"
        )
    # then: the message speaks of rows 1 and 2 only
    assert message(error) == "Task 2: a phase cannot be linked to a task inside it (link 1 → 2)."


def test_saving_a_task_with_unchanged_predecessors_writes_no_predecessor_change(tenant_a: Tenant) -> None:
    # given: links with and without a lag, as the edit form sends them back
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    add(plan, "Build", 10)
    test = add(plan, "Test", 4, predecessors="1; 2SS+5")
    (created,) = [e.changes for e in entries(tenant_a) if "predecessors" in e.changes]
    assert created == {"predecessors": ["", "1; 2SS+5"]}
    # when: the task is saved with the same predecessors
    services.task_update(
        user=tenant_a.users["contributor"],
        task=test,
        expected_version=1,
        data={"name": "Test"},
        predecessors="1; 2SS+5",
    )
    # then: the audit trail does not claim that the predecessors changed
    changed = [e.changes for e in entries(tenant_a) if "predecessors" in e.changes]
    assert changed == [created]


# Indent, outdent, move, delete -----------------------------------------------------------------------


@pytest.fixture
def outline_plan(tenant_a: Tenant) -> Plan:
    """1 Prepare / 2 Procure [3 Tender [4 Evaluate]] / 5 Go live."""
    plan = empty_plan(tenant_a)
    add(plan, "Prepare", 5)
    add(plan, "Procure", 0)
    add(plan, "Tender", 10, outline_level=2)
    add(plan, "Evaluate", 5, outline_level=3)
    add(plan, "Go live", 0, milestone=True, outline_level=1)
    return plan


def task(plan: Plan, name: str) -> Task:
    return Task.objects.select_related("plan__initiative").get(plan=plan, name=name)


def test_indent_and_outdent_take_the_tasks_inside_along(tenant_a: Tenant, outline_plan: Plan) -> None:
    owner = tenant_a.users["contributor"]
    services.task_indent(user=owner, task=task(outline_plan, "Procure"), direction=1)
    assert outline(outline_plan) == [
        (1, 1, "Prepare"), (2, 2, "Procure"), (3, 3, "Tender"), (4, 4, "Evaluate"), (5, 1, "Go live"),
    ]  # fmt: skip
    services.task_indent(user=owner, task=task(outline_plan, "Procure"), direction=-1)
    assert [level for _, level, _ in outline(outline_plan)] == [1, 1, 2, 3, 1]
    (entry, *_) = [e for e in entries(tenant_a) if e.action == "update"]
    assert entry.changes == {"outline_level": [1, 2]}


@pytest.mark.parametrize(
    ("name", "direction", "expected"),
    [
        ("Prepare", 1, "cannot be indented further"),  # first row
        ("Tender", 1, "cannot be indented further"),  # the task above is its phase
        ("Go live", -1, "already at the top level"),
    ],
)
def test_indent_and_outdent_are_refused_at_the_edges(
    tenant_a: Tenant, outline_plan: Plan, name: str, direction: int, expected: str
) -> None:
    before = outline(outline_plan)
    with pytest.raises(ValidationError, match=expected):
        services.task_indent(
            user=tenant_a.users["contributor"], task=task(outline_plan, name), direction=direction
        )
    assert outline(outline_plan) == before


def test_indenting_under_a_linked_task_is_refused(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    build = add(plan, "Build", 10, predecessors="1")
    with pytest.raises(ValidationError, match="phase cannot be linked"):
        services.task_indent(user=tenant_a.users["contributor"], task=build, direction=1)
    assert [level for _, level, _ in outline(plan)] == [1, 1]


def test_a_block_moves_among_its_siblings_and_links_follow(tenant_a: Tenant, outline_plan: Plan) -> None:
    owner = tenant_a.users["contributor"]
    services.task_update(user=owner, task=task(outline_plan, "Go live"), expected_version=1, data={},
                         predecessors="2")  # fmt: skip
    # when: the phase moves above "Prepare", with its tasks
    services.task_move(user=owner, task=task(outline_plan, "Procure"), direction=-1)
    # then
    assert outline(outline_plan) == [
        (1, 1, "Procure"), (2, 2, "Tender"), (3, 3, "Evaluate"), (4, 1, "Prepare"), (5, 1, "Go live"),
    ]  # fmt: skip
    assert plan_schedule(outline_plan).rows[4].predecessors == "1"
    services.task_move(user=owner, task=task(outline_plan, "Procure"), direction=1)
    assert [name for _, _, name in outline(outline_plan)] == [
        "Prepare", "Procure", "Tender", "Evaluate", "Go live",
    ]  # fmt: skip
    moves = [e.changes for e in entries(tenant_a) if e.action == "update" and "row" in e.changes]
    assert moves == [{"row": [2, 1]}, {"row": [1, 2]}]


@pytest.mark.parametrize(
    ("name", "direction", "expected"),
    [
        ("Prepare", -1, "already first"),
        ("Tender", -1, "already first in its phase"),
        ("Tender", 1, "already last in its phase"),
        ("Go live", 1, "already last"),
    ],
)
def test_a_move_out_of_its_phase_or_the_plan_is_refused(
    tenant_a: Tenant, outline_plan: Plan, name: str, direction: int, expected: str
) -> None:
    before = outline(outline_plan)
    with pytest.raises(ValidationError, match=expected):
        services.task_move(
            user=tenant_a.users["contributor"], task=task(outline_plan, name), direction=direction
        )
    assert outline(outline_plan) == before


def test_deleting_a_phase_deletes_its_tasks_and_renumbers(tenant_a: Tenant, outline_plan: Plan) -> None:
    owner = tenant_a.users["contributor"]
    services.task_update(user=owner, task=task(outline_plan, "Go live"), expected_version=1, data={},
                         predecessors="1; 4")  # fmt: skip
    count = services.task_delete(user=owner, task=task(outline_plan, "Procure"))
    assert count == 3
    assert outline(outline_plan) == [(1, 1, "Prepare"), (2, 1, "Go live")]
    assert plan_schedule(outline_plan).rows[1].predecessors == "1"
    deleted = sorted(e.object_repr for e in entries(tenant_a) if e.action == "delete")
    assert deleted == ["2. Procure", "3. Tender", "4. Evaluate"]


# Audit, permissions, concurrency ---------------------------------------------------------------------


def test_every_change_to_a_task_is_audited(tenant_a: Tenant) -> None:
    owner = tenant_a.users["contributor"]
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5)
    build = add(plan, "Build", 10)
    services.task_update(user=owner, task=build, expected_version=1, data={"duration": D(12)},
                         predecessors="1")  # fmt: skip
    changes = [e.changes for e in entries(tenant_a) if e.action == "update"]
    assert changes == [{"duration": ["10", "12"]}, {"predecessors": ["", "1"]}]
    services.baseline_set(user=owner, plan=plan)
    (baseline,) = [e for e in entries(tenant_a, "plan") if e.action == "update"]
    assert baseline.changes["baseline"][1] == "2 tasks, finish 2027-01-26"
    assert [e.action for e in entries(tenant_a)].count("create") == 2
    assert all(e.actor_id == owner.pk for e in entries(tenant_a))


def test_viewers_may_not_plan_and_contributors_only_their_own_initiative(tenant_a: Tenant) -> None:
    data = {"start": START}
    with pytest.raises(PermissionDenied):
        services.plan_create(user=tenant_a.users["viewer"], initiative=tenant_a.initiative, data=data)
    other = member(tenant_a, "contributor", "riverton-contributor-2")
    with pytest.raises(PermissionDenied):
        services.plan_create(user=other, initiative=tenant_a.initiative, data=data)
    plan = services.plan_create(user=tenant_a.users["contributor"], initiative=tenant_a.initiative, data=data)
    design = add(plan, "Design", 5)  # the owner, a contributor
    for user in (tenant_a.users["viewer"], other):
        with pytest.raises(PermissionDenied):
            services.task_create(user=user, plan=plan, data={"name": "X", "duration": D(1)})
        with pytest.raises(PermissionDenied):
            services.task_update(user=user, task=design, expected_version=1, data={"name": "Y"})
        with pytest.raises(PermissionDenied):
            services.task_delete(user=user, task=design)
    services.task_update(user=tenant_a.users["editor"], task=design, expected_version=1, data={"name": "Y"})
    assert outline(plan) == [(1, 1, "Y")]


def test_someone_in_another_organisation_may_not_edit_the_plan(tenant_a: Tenant, tenant_b: Tenant) -> None:
    plan = empty_plan(tenant_a)
    with pytest.raises(PermissionDenied):
        services.task_create(user=tenant_b.users["admin"], plan=plan, data={"name": "X", "duration": D(1)})


def test_a_stale_task_edit_is_refused_and_changes_nothing(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    design = add(plan, "Design", 5)
    editor, manager = tenant_a.users["editor"], tenant_a.users["manager"]
    services.task_update(user=editor, task=Task.objects.get(pk=design.pk), expected_version=1,
                         data={"name": "First"})  # fmt: skip
    with pytest.raises(VersionConflict) as conflict:
        services.task_update(user=manager, task=Task.objects.get(pk=design.pk), expected_version=1,
                             data={"name": "Second", "duration": D(9)}, predecessors="")  # fmt: skip
    assert conflict.value.current.name == "First"
    design.refresh_from_db()
    assert (design.name, design.duration, design.version) == ("First", D(5), 2)


def test_an_actual_finish_makes_a_task_complete(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    design = add(plan, "Design", 5)
    services.progress_update(user=tenant_a.users["contributor"], task=design, expected_version=1,
                             data={"percent_complete": 40, "actual_start": START})  # fmt: skip
    assert design.percent_complete == 40
    services.progress_update(user=tenant_a.users["contributor"], task=design, expected_version=2,
                             data={"percent_complete": 40, "actual_finish": dt.date(2027, 1, 8)})  # fmt: skip
    design.refresh_from_db()
    assert (design.percent_complete, design.actual_finish) == (100, dt.date(2027, 1, 8))
    with pytest.raises(ValidationError):
        services.progress_update(user=tenant_a.users["contributor"], task=design, expected_version=3,
                                 data={"actual_finish": dt.date(2027, 1, 1)})  # before the start  # fmt: skip


def test_the_baseline_keeps_the_dates_and_slip_shows_when_a_task_grows(tenant_a: Tenant) -> None:
    # given: Design (5 days) then Build (10): 4 to 22 January 2027
    owner = tenant_a.users["contributor"]
    plan = empty_plan(tenant_a)
    design = add(plan, "Design", 5)
    add(plan, "Build", 10, predecessors="1")
    assert services.baseline_set(user=owner, plan=plan) == 2
    build = Task.objects.get(plan=plan, row=2)
    assert (build.baseline_start, build.baseline_finish, build.baseline_duration) == (
        dt.date(2027, 1, 11), dt.date(2027, 1, 22), D("10.00"),
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.baseline_set_at is not None
    # when: Design takes three days more
    design.refresh_from_db()
    services.task_update(user=owner, task=design, expected_version=1, data={"duration": D(8)})
    # then: both finish three working days later than their baseline
    rows = plan_schedule(plan).rows
    assert [row.slip for row in rows] == [3.0, 3.0]
    assert rows[1].finish == dt.date(2027, 1, 27)


def test_only_managers_keep_the_holidays(tenant_a: Tenant) -> None:
    data = {"date": dt.date(2027, 12, 24), "name": "Christmas Eve"}
    for role in ("viewer", "contributor", "editor"):
        with pytest.raises(PermissionDenied):
            services.holiday_create(user=tenant_a.users[role], organisation=tenant_a.organisation, data=data)
    holiday = services.holiday_create(
        user=tenant_a.users["manager"], organisation=tenant_a.organisation, data=data
    )
    with pytest.raises(ValidationError):  # one holiday a day
        services.holiday_create(user=tenant_a.users["admin"], organisation=tenant_a.organisation, data=data)
    with pytest.raises(PermissionDenied):
        services.holiday_delete(user=tenant_a.users["editor"], holiday=holiday)
    services.holiday_delete(user=tenant_a.users["admin"], holiday=holiday)
    assert not Holiday.objects.exists()
    assert [e.action for e in AuditEntry.objects.filter(content_type__model="holiday").order_by("id")] == [
        "create", "delete",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lag"), [("1FS+1.1", D("1.10")), ("1SS-0.3", D("-0.30")), ("1FF+2.25", D("2.25"))]
)
def test_a_lag_in_tenths_of_a_day_is_kept_exactly(tenant_a: Tenant, text: str, lag: D) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Order", 1)
    follow = add(plan, "Deliver", 1, predecessors=text)
    assert [link[2] for link in links(follow)] == [lag]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1FS+1.555", "Predecessor 1FS+1.555: Ensure that there are no more than 2 decimal places."),
        ("1FS+200000", "Predecessor 1FS+200000: Ensure this value is less than or equal to 100000."),
    ],
)
def test_a_lag_out_of_range_is_reported_on_the_predecessors_naming_the_item(
    tenant_a: Tenant, text: str, expected: str
) -> None:
    plan = empty_plan(tenant_a)
    add(plan, "Order", 1)
    with pytest.raises(ValidationError) as error:
        add(plan, "Deliver", 1, predecessors=text)
    assert message(error) == expected
    assert outline(plan) == [(1, 1, "Order")]
