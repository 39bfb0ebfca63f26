"""Writes to plans: each in one transaction with its audit entry, permissions checked here.

Who may edit a plan is who may edit its initiative (``initiatives.permissions.can_edit``). Rows are kept
numbered 1..n in outline order; a phase (summary task) is a task followed by deeper-indented tasks, so
indenting, outdenting, moving and deleting act on a task together with the tasks inside it.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicadopt.accounts.models import Organisation, User
from civicadopt.accounts.roles import Role, role_at_least
from civicadopt.accounts.selectors import membership_role
from civicadopt.audit.services import audit_created, audit_deleted, audit_record, update_with_audit
from civicadopt.concurrency import claim_version
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.permissions import require_edit
from civicadopt_core.schedule import Link, Network, ScheduleError, format_predecessor, parse_predecessors

from . import mapping
from .models import Dependency, Holiday, Plan, Task

PLAN_FIELDS = ("start", "status_date", "distribution", "correlation", "confidence")
TASK_FIELDS = (
    "name", "duration", "optimistic", "most_likely", "pessimistic", "milestone", "constraint",
    "constraint_date", "phase", "cost", "cost_per_day", "notes",
)  # fmt: skip
PROGRESS_FIELDS = ("percent_complete", "actual_start", "actual_finish")
RENUMBER_OFFSET = 1_000_000
# Where the core's messages name a task by its id ("Task 12: ...", "(link 12 → 14)").
TASK_ID_IN_MESSAGE = re.compile(
    r"(?<=[Tt]ask )\d+|(?<=link )\d+|(?<=→ )\d+|(?<=phase )\d+|(?<=predecessor )\d+"
)


def audit_kwargs(plan: Plan) -> dict[str, Any]:
    return {"organisation": plan.initiative.organisation, "initiative_id": plan.initiative_id}


# Plans ---------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> Plan:
    require_edit(user, initiative)
    if Plan.objects.filter(initiative=initiative).exists():
        raise ValidationError(_("This initiative already has a plan."))
    plan = Plan(initiative=initiative, **{name: data[name] for name in PLAN_FIELDS if name in data})
    plan.full_clean()
    plan.save()
    audit_created(actor=user, instance=plan, **audit_kwargs(plan))
    return plan


@transaction.atomic
def plan_update(*, user: User, plan: Plan, expected_version: int, data: dict[str, Any]) -> Plan:
    require_edit(user, plan.initiative)
    claim_version(plan, expected_version)
    return update_with_audit(actor=user, instance=plan, fields=PLAN_FIELDS, data=data, **audit_kwargs(plan))


# Tasks ---------------------------------------------------------------------------------------------


def _ordered(plan: Plan) -> list[Task]:
    return list(Task.objects.select_for_update().filter(plan=plan).order_by("row"))


def _block(tasks: Sequence[Task], index: int) -> int:
    """The index just after ``tasks[index]`` and the tasks inside it (deeper-indented rows below it)."""
    level = tasks[index].outline_level
    end = index + 1
    while end < len(tasks) and tasks[end].outline_level > level:
        end += 1
    return end


def _renumber(plan: Plan, tasks: Sequence[Task]) -> None:
    """Store ``tasks`` as rows 1..n in this order (through an offset, so the unique rows never clash)."""
    changed = [task for position, task in enumerate(tasks, start=1) if task.row != position]
    if not changed:
        return
    Task.objects.filter(pk__in=[t.pk for t in changed]).update(row=F("row") + RENUMBER_OFFSET)
    for position, task in enumerate(tasks, start=1):
        task.row = position
    Task.objects.bulk_update(changed, ["row", "outline_level"])


@transaction.atomic
def task_create(
    *, user: User, plan: Plan, data: dict[str, Any], predecessors: str = "", after: Task | None = None
) -> Task:
    """Add a task at the end of the plan (or below ``after``, at its outline level)."""
    require_edit(user, plan.initiative)
    tasks = _ordered(plan)
    position = len(tasks)
    level = data.get("outline_level") or (tasks[-1].outline_level if tasks else 1)
    if after is not None:
        index = next(i for i, t in enumerate(tasks) if t.pk == after.pk)
        position = _block(tasks, index)
        level = after.outline_level
    level = min(level, tasks[position - 1].outline_level + 1) if tasks and position > 0 else 1
    task = Task(plan=plan, row=RENUMBER_OFFSET * 2 + len(tasks), outline_level=level)
    for name in TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    task.full_clean(exclude=["row"])
    task.save()
    tasks.insert(position, task)
    _renumber(plan, tasks)
    audit_created(actor=user, instance=task, **audit_kwargs(plan))
    if predecessors:
        _set_predecessors(user, plan, task, predecessors)
    return task


@transaction.atomic
def task_update(
    *, user: User, task: Task, expected_version: int, data: dict[str, Any], predecessors: str | None = None
) -> Task:
    plan = task.plan
    require_edit(user, plan.initiative)
    claim_version(task, expected_version)
    update_with_audit(actor=user, instance=task, fields=TASK_FIELDS, data=data, **audit_kwargs(plan))
    if predecessors is not None:
        _set_predecessors(user, plan, task, predecessors)
    return task


@transaction.atomic
def progress_update(*, user: User, task: Task, expected_version: int, data: dict[str, Any]) -> Task:
    plan = task.plan
    require_edit(user, plan.initiative)
    claim_version(task, expected_version)
    values = dict(data)
    if values.get("actual_finish") and values.get("percent_complete", task.percent_complete) < 100:
        values["percent_complete"] = 100  # finished work is complete
    return update_with_audit(
        actor=user, instance=task, fields=PROGRESS_FIELDS, data=values, **audit_kwargs(plan)
    )


@transaction.atomic
def task_delete(*, user: User, task: Task) -> int:
    """Delete ``task`` and, for a phase, the tasks inside it; return how many were deleted."""
    plan = task.plan
    require_edit(user, plan.initiative)
    tasks = _ordered(plan)
    index = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
    end = _block(tasks, index)
    doomed = tasks[index:end]
    for victim in doomed:
        audit_deleted(actor=user, instance=victim, **audit_kwargs(plan))
    Task.objects.filter(pk__in=[t.pk for t in doomed]).delete()
    _renumber(plan, tasks[:index] + tasks[end:])
    return len(doomed)


@transaction.atomic
def task_indent(*, user: User, task: Task, direction: int) -> None:
    """Indent (``direction`` 1: into the phase above) or outdent (-1) a task with the tasks inside it."""
    plan = task.plan
    require_edit(user, plan.initiative)
    tasks = _ordered(plan)
    index = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
    current = tasks[index]
    if direction > 0 and (index == 0 or tasks[index - 1].outline_level < current.outline_level):
        raise ValidationError(
            _("This task cannot be indented further: there is no task above it at its level.")
        )
    if direction < 0 and current.outline_level == 1:
        raise ValidationError(_("This task is already at the top level."))
    block = tasks[index : _block(tasks, index)]
    for member in block:
        member.outline_level += 1 if direction > 0 else -1
    Task.objects.bulk_update(block, ["outline_level"])
    check_schedulable(plan, tasks)
    audit_record(
        actor=user,
        instance=current,
        action="update",
        changes={
            "outline_level": [current.outline_level - (1 if direction > 0 else -1), current.outline_level]
        },
        **audit_kwargs(plan),
    )


@transaction.atomic
def task_move(*, user: User, task: Task, direction: int) -> None:
    """Move a task (with the tasks inside it) above the previous or below the next task at its level."""
    plan = task.plan
    require_edit(user, plan.initiative)
    tasks = _ordered(plan)
    index = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
    end = _block(tasks, index)
    block = tasks[index:end]
    level = block[0].outline_level
    if direction < 0:
        before = index - 1
        while before >= 0 and tasks[before].outline_level > level:
            before -= 1
        if before < 0 or tasks[before].outline_level < level:
            raise ValidationError(_("This task is already first in its phase."))
        reordered = tasks[:before] + block + tasks[before:index] + tasks[end:]
    else:
        if end >= len(tasks) or tasks[end].outline_level < level:
            raise ValidationError(_("This task is already last in its phase."))
        after = _block(tasks, end)
        reordered = tasks[:index] + tasks[end:after] + block + tasks[after:]
    old_row = block[0].row
    _renumber(plan, reordered)
    check_schedulable(plan, reordered)
    audit_record(
        actor=user,
        instance=block[0],
        action="update",
        changes={"row": [old_row, block[0].row]},
        **audit_kwargs(plan),
    )


# Dependencies --------------------------------------------------------------------------------------


def _set_predecessors(user: User, plan: Plan, task: Task, text: str) -> None:
    # Every bad item is reported at once (not only the first), so one correction fixes them all.
    problems = _unreadable_predecessors(text)
    if problems:
        raise ValidationError({"predecessors": problems})
    try:
        wanted = parse_predecessors(text)
    except ValueError as error:
        raise ValidationError({"predecessors": str(error)}) from error
    by_row = {str(t.row): t for t in Task.objects.filter(plan=plan)}
    new: list[Dependency] = []
    for item in wanted:
        predecessor = by_row.get(item.id)
        if predecessor is None:
            problems.append(_("There is no task %(row)s in this plan.") % {"row": item.id})
            continue
        if predecessor.pk == task.pk:
            problems.append(_("A task cannot depend on itself."))
            continue
        # The parsed lag is a float: through its text, 1.1 stays 1.1 rather than 1.100000000000000088…
        lag = Decimal(str(item.lag))
        new.append(Dependency(predecessor=predecessor, successor=task, type=item.type.value, lag=lag))
    if problems:
        raise ValidationError({"predecessors": problems})
    old = list(task.predecessor_links.select_related("predecessor"))
    before = sorted(_notation(link) for link in old)
    task.predecessor_links.all().delete()
    for link, item in zip(new, wanted, strict=True):
        try:
            link.full_clean(validate_unique=False)
        except ValidationError as error:
            problem = " ".join(error.messages)
            problems.append(_("Predecessor %(item)s: %(problem)s") % {"item": item, "problem": problem})
    if problems:
        raise ValidationError({"predecessors": problems})
    Dependency.objects.bulk_create(new)
    check_schedulable(plan)
    after = sorted(_notation(link) for link in new)
    if before != after:
        audit_record(
            actor=user,
            instance=task,
            action="update",
            changes={"predecessors": ["; ".join(before), "; ".join(after)]},
            **audit_kwargs(plan),
        )


def _unreadable_predecessors(text: str) -> list[str]:
    """Return one message per item of ``text`` that is not predecessor notation (none when all read)."""
    problems: list[str] = []
    for raw in re.split(r"[;,]", text or ""):
        try:
            parse_predecessors(raw)
        except ValueError as error:
            problems.append(str(error))
    return problems


def _notation(link: Dependency) -> str:
    """The link as typed in the table ("3", "3SS+5"), whatever the lag's stored precision."""
    return format_predecessor(str(link.predecessor.row), link.type, float(link.lag))


def check_schedulable(plan: Plan, tasks: Sequence[Task] | None = None) -> None:
    """Refuse (and so roll back) a change that leaves the plan unschedulable: a loop, a phase linked to
    a task inside it. The error names the rows involved."""
    ordered = list(tasks) if tasks is not None else list(Task.objects.filter(plan=plan).order_by("row"))
    links = Dependency.objects.filter(successor__plan=plan)
    parent_of = mapping.parents(ordered)
    rows = {mapping.key(t): str(t.row) for t in ordered}
    try:
        Network.build(
            [_skeleton(t, parent_of[t.pk]) for t in ordered],
            [
                Link(
                    mapping.key(link.predecessor_id),
                    mapping.key(link.successor_id),
                    link.type,
                    float(link.lag),
                )
                for link in links
            ],
        )
    except ScheduleError as error:
        # The core names tasks by id; people know rows. One pass, so a row is never mistaken for an id.
        message = TASK_ID_IN_MESSAGE.sub(lambda m: rows.get(m.group(), m.group()), str(error))
        cycle = getattr(error, "cycle", None)
        if cycle:
            message = _("The dependencies form a loop: %(rows)s. Remove one of these links.") % {
                "rows": " → ".join(rows[k] for k in cycle)
            }
        raise ValidationError({"predecessors": message}) from error


def _skeleton(task: Task, parent: int | None) -> Any:
    from civicadopt_core.schedule import Task as CoreTask

    return CoreTask(mapping.key(task), parent=mapping.key(parent) if parent else None)


# Baseline ------------------------------------------------------------------------------------------


@transaction.atomic
def baseline_set(*, user: User, plan: Plan) -> int:
    """Save every task's current dates and duration as its baseline; return how many tasks."""
    from .schedule import plan_schedule

    require_edit(user, plan.initiative)
    computed = plan_schedule(plan)
    if computed.error:
        raise ValidationError(computed.error)
    tasks = []
    for row in computed.rows:
        task = row.task
        task.baseline_start, task.baseline_finish = row.start, row.finish
        task.baseline_duration = round(row.duration, 2)
        tasks.append(task)
    Task.objects.bulk_update(tasks, ["baseline_start", "baseline_finish", "baseline_duration"])
    plan.baseline_set_at = timezone.now()
    plan.save(update_fields=["baseline_set_at"])
    audit_record(
        actor=user, instance=plan, action="update",
        changes={"baseline": [None, f"{len(tasks)} tasks, finish {computed.finish}"]}, **audit_kwargs(plan),
    )  # fmt: skip
    return len(tasks)


# Holidays (the organisation's calendar) ------------------------------------------------------------


def require_manager(user: User, organisation: Organisation) -> None:
    if not role_at_least(membership_role(user=user, organisation_id=organisation.pk), Role.MANAGER):
        raise PermissionDenied


@transaction.atomic
def holiday_create(*, user: User, organisation: Organisation, data: dict[str, Any]) -> Holiday:
    require_manager(user, organisation)
    holiday = Holiday(organisation=organisation, date=data["date"], name=data["name"])
    holiday.full_clean()
    holiday.save()
    audit_created(actor=user, organisation=organisation, instance=holiday)
    return holiday


@transaction.atomic
def holiday_delete(*, user: User, holiday: Holiday) -> None:
    require_manager(user, holiday.organisation)
    audit_deleted(actor=user, organisation=holiday.organisation, instance=holiday)
    holiday.delete()
