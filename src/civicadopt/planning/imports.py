"""Replacing a plan's tasks in one step (imports from Microsoft Project XML, CSV or Excel, and the demo),
and the plan as an interchange document (for exports).

All or nothing: the old tasks are deleted and the new ones created in one transaction, and the result
must be schedulable (no loops, no phase linked to its own tasks); otherwise nothing changes.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.audit.services import audit_record

from .interchange.model import PlanDocument, PlanLink, PlanTask
from .models import Dependency, Plan, Task
from .services import audit_kwargs, check_schedulable, require_edit

MAX_TASKS = 5_000


@dataclass
class TaskRecord:
    """One row of an imported plan; ``predecessors`` name earlier or later rows (1-based)."""

    name: str
    outline_level: int = 1
    duration: Decimal = Decimal(0)
    milestone: bool = False
    optimistic: Decimal | None = None
    most_likely: Decimal | None = None
    pessimistic: Decimal | None = None
    constraint: str = ""
    constraint_date: dt.date | None = None
    cost: Decimal | None = None
    cost_per_day: Decimal | None = None
    percent_complete: int = 0
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    baseline_start: dt.date | None = None
    baseline_finish: dt.date | None = None
    baseline_duration: Decimal | None = None
    notes: str = ""
    phase_name: str = ""
    predecessors: list[tuple[int, str, Decimal]] = field(default_factory=list)


@transaction.atomic
def plan_replace(*, user: User, plan: Plan, records: list[TaskRecord], source: str) -> int:
    """Replace every task of ``plan`` by ``records``; return how many tasks it now has."""
    require_edit(user, plan.initiative)
    if len(records) > MAX_TASKS:
        raise ValidationError(_("A plan can have at most %(n)d tasks.") % {"n": MAX_TASKS})
    phases = {phase.name.strip().lower(): phase for phase in plan.initiative.phases.all()}
    old = plan.tasks.count()
    plan.tasks.all().delete()
    tasks: list[Task] = []
    problems: list[str] = []
    previous_level = 0
    for row, record in enumerate(records, start=1):
        level = max(1, min(record.outline_level, previous_level + 1))
        previous_level = level
        phase = phases.get(record.phase_name.strip().lower()) if record.phase_name else None
        if record.phase_name and phase is None:
            problems.append(
                _("Row %(row)d: there is no phase named “%(name)s”.")
                % {"row": row, "name": record.phase_name}
            )
        task = Task(
            plan=plan, row=row, outline_level=level, name=record.name[:300], duration=record.duration,
            milestone=record.milestone, optimistic=record.optimistic, most_likely=record.most_likely,
            pessimistic=record.pessimistic, constraint=record.constraint, constraint_date=record.constraint_date,
            cost=record.cost, cost_per_day=record.cost_per_day, percent_complete=record.percent_complete,
            actual_start=record.actual_start, actual_finish=record.actual_finish,
            baseline_start=record.baseline_start, baseline_finish=record.baseline_finish,
            baseline_duration=record.baseline_duration, notes=record.notes[:5000], phase=phase,
        )  # fmt: skip
        try:
            task.full_clean(exclude=["plan", "phase"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.append(
                    _("Row %(row)d, %(field)s: %(problem)s")
                    % {"row": row, "field": name, "problem": " ".join(messages)}
                )
        tasks.append(task)
        if len(problems) >= 50:
            break
    if problems:
        raise ValidationError(problems)
    Task.objects.bulk_create(tasks)
    saved = list(plan.tasks.order_by("row"))
    links: list[Dependency] = []
    for successor, record in zip(saved, records, strict=True):
        for row, kind, lag in record.predecessors:
            if not 1 <= row <= len(saved) or row == successor.row:
                problems.append(
                    _("Row %(row)d: predecessor %(pred)s does not exist.")
                    % {"row": successor.row, "pred": row}
                )
                continue
            links.append(Dependency(predecessor=saved[row - 1], successor=successor, type=kind, lag=lag))
    if problems:
        raise ValidationError(problems)
    Dependency.objects.bulk_create(links)
    check_schedulable(plan, saved)
    audit_record(
        actor=user, instance=plan, action="update",
        changes={"tasks": [f"{old} tasks", f"{len(saved)} tasks imported from {source}"]}, **audit_kwargs(plan),
    )  # fmt: skip
    return len(saved)


def records_from_document(document: PlanDocument) -> list[TaskRecord]:
    """The tasks of an interchange document as import records (UIDs become row numbers)."""
    rows = {task.uid: row for row, task in enumerate(document.tasks, start=1)}
    return [
        TaskRecord(
            name=task.name,
            outline_level=task.outline_level,
            duration=_days(task.duration_days),
            milestone=task.milestone,
            constraint=task.constraint or "",
            constraint_date=task.constraint_date,
            cost=task.cost,
            percent_complete=task.percent_complete,
            actual_start=task.actual_start,
            actual_finish=task.actual_finish,
            baseline_start=task.baseline_start,
            baseline_finish=task.baseline_finish,
            baseline_duration=_days(task.baseline_duration_days)
            if task.baseline_duration_days is not None
            else None,
            notes=task.notes,
            predecessors=[
                (rows[link.predecessor], link.type, _days(link.lag_days)) for link in task.predecessors
            ],
        )
        for task in document.tasks
    ]


def document_from_plan(plan: Plan, schedule: Any) -> PlanDocument:
    """The plan as an interchange document, with its scheduled dates (``schedule`` from ``plan_schedule``)."""
    rows = {row.task.pk: row for row in schedule.rows}
    tasks = list(plan.tasks.order_by("row").prefetch_related("predecessor_links__predecessor"))
    return PlanDocument(
        name=plan.initiative.title,
        start=plan.start,
        tasks=tuple(
            PlanTask(
                uid=task.row,
                name=task.name,
                outline_level=task.outline_level,
                duration_days=float(task.duration),
                milestone=task.milestone,
                start=rows[task.pk].start if task.pk in rows else None,
                finish=rows[task.pk].finish if task.pk in rows else None,
                predecessors=tuple(
                    PlanLink(link.predecessor.row, link.type, float(link.lag))  # type: ignore[arg-type]
                    for link in task.predecessor_links.all()
                ),
                percent_complete=task.percent_complete,
                actual_start=task.actual_start,
                actual_finish=task.actual_finish,
                constraint=task.constraint or None,  # type: ignore[arg-type]
                constraint_date=task.constraint_date,
                baseline_start=task.baseline_start,
                baseline_finish=task.baseline_finish,
                baseline_duration_days=float(task.baseline_duration)
                if task.baseline_duration is not None
                else None,
                cost=task.cost,
                notes=task.notes,
            )
            for task in tasks
        ),
        holidays=tuple(sorted(schedule.calendar.holidays)),
    )


def _days(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))
