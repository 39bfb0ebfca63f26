"""Plan records <-> the scheduling core: the network of tasks and links, on the organisation's calendar.

Tasks are identified in the core by their primary key (as text); people see their row number.
"""

from collections.abc import Iterable, Sequence

from civicadopt_core.schedule import Estimate, Link, Network, WorkCalendar
from civicadopt_core.schedule import Task as CoreTask

from .models import Dependency, Holiday, Plan, Task


def calendar_for(plan: Plan) -> WorkCalendar:
    holidays = Holiday.objects.filter(organisation_id=plan.initiative.organisation_id).values_list(
        "date", flat=True
    )
    return WorkCalendar(plan.start, holidays)


def parents(tasks: Sequence[Task]) -> dict[int, int | None]:
    """Each task's phase (the nearest task above it with a lower outline level), from the outline."""
    stack: list[Task] = []
    found: dict[int, int | None] = {}
    for task in tasks:
        while stack and stack[-1].outline_level >= task.outline_level:
            stack.pop()
        found[task.pk] = stack[-1].pk if stack else None
        stack.append(task)
    return found


def summary_ids(tasks: Sequence[Task]) -> set[int]:
    return {parent for parent in parents(tasks).values() if parent is not None}


def key(task: Task | int) -> str:
    return str(task if isinstance(task, int) else task.pk)


def to_network(
    plan: Plan, tasks: Sequence[Task], links: Iterable[Dependency], calendar: WorkCalendar
) -> Network:
    parent_of = parents(tasks)
    status = calendar.offset(plan.status_date) if plan.status_date else None
    core = [to_core_task(task, parent_of[task.pk], calendar) for task in tasks]
    core_links = [
        Link(key(link.predecessor_id), key(link.successor_id), link.type, float(link.lag)) for link in links
    ]
    return Network.build(core, core_links, status=status)


def to_core_task(task: Task, parent: int | None, calendar: WorkCalendar) -> CoreTask:
    estimate = None
    if task.optimistic is not None and task.most_likely is not None and task.pessimistic is not None:
        estimate = Estimate(float(task.optimistic), float(task.most_likely), float(task.pessimistic))
    return CoreTask(
        id=key(task),
        name=task.name,
        duration=0.0 if task.milestone else float(task.duration),
        estimate=None if task.milestone else estimate,
        parent=key(parent) if parent is not None else None,
        milestone=task.milestone,
        not_before=calendar.offset(task.constraint_date)
        if task.constraint == "SNET" and task.constraint_date
        else None,
        finish_by=(
            calendar.finish_offset(task.constraint_date)
            if task.constraint == "FNLT" and task.constraint_date
            else None
        ),
        actual_start=calendar.offset(task.actual_start) if task.actual_start else None,
        actual_finish=_actual_finish(task, calendar),
        progress=task.percent_complete / 100.0,
        cost=float(task.cost or 0),
        cost_per_day=float(task.cost_per_day or 0),
    )


def _actual_finish(task: Task, calendar: WorkCalendar) -> float | None:
    if task.actual_finish is None:
        return None
    # A milestone happens on its day; work finishes at the end of its last day.
    return (
        calendar.offset(task.actual_finish) if task.milestone else calendar.finish_offset(task.actual_finish)
    )
