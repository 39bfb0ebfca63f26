"""The plan as people read it: each row with its dates, float, critical flag, predecessors in Microsoft
Project notation and slip against the baseline, computed by ``civicadopt_core.schedule``.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from civicadopt_core.schedule import ScheduleError, WorkCalendar, format_predecessor, schedule

from . import mapping
from .models import Dependency, Plan, Task


@dataclass
class Row:
    task: Task
    summary: bool
    start: dt.date
    finish: dt.date
    duration: float
    total_float: float
    free_float: float
    critical: bool
    predecessors: str
    slip: float | None  # working days the finish moved since the baseline (positive = later)

    @property
    def kind(self) -> str:
        if self.summary:
            return "summary"
        return "milestone" if self.task.milestone else "task"


@dataclass
class PlanSchedule:
    plan: Plan
    calendar: WorkCalendar
    rows: list[Row] = field(default_factory=list)
    duration: float = 0.0
    finish: dt.date | None = None
    critical_rows: list[int] = field(default_factory=list)
    error: str = ""

    @property
    def milestones(self) -> list[Row]:
        return [row for row in self.rows if row.task.milestone]

    @property
    def start(self) -> dt.date:
        return min((row.start for row in self.rows), default=self.plan.start)


def plan_schedule(plan: Plan) -> PlanSchedule:
    """Schedule ``plan`` from its stored tasks and links (three queries: tasks, links, holidays)."""
    tasks = list(plan.tasks.select_related("phase").order_by("row"))
    # The links' predecessors are among the tasks just loaded: read their rows from there rather than
    # load every predecessor a second time (a 1,000-task plan has about as many links as tasks).
    links = list(
        Dependency.objects.filter(successor__plan=plan).order_by("successor__row", "predecessor__row")
    )
    calendar = mapping.calendar_for(plan)
    result = PlanSchedule(plan, calendar)
    if not tasks:
        return result
    try:
        network = mapping.to_network(plan, tasks, links, calendar)
        times = schedule(network)
    except (ScheduleError, ValueError) as error:
        result.error = _("The plan cannot be scheduled: %(reason)s") % {"reason": error}
        return result
    rows = {task.pk: task.row for task in tasks}
    notation: dict[int, list[str]] = {}
    for link in links:
        notation.setdefault(link.successor_id, []).append(
            format_predecessor(str(rows[link.predecessor_id]), link.type, float(link.lag))
        )
    summaries = mapping.summary_ids(tasks)
    for task in tasks:
        t = times.tasks[mapping.key(task)]
        finish = calendar.finish(t.es, t.ef)
        slip = None
        if task.baseline_finish is not None:
            slip = float(calendar.offset(finish) - calendar.offset(task.baseline_finish))
        result.rows.append(
            Row(
                task=task,
                summary=task.pk in summaries,
                start=calendar.day(t.es),
                finish=finish,
                duration=round(t.ef - t.es, 2),
                total_float=t.total_float,
                free_float=t.free_float,
                critical=t.critical,
                predecessors="; ".join(notation.get(task.pk, [])),
                slip=slip,
            )
        )
    result.duration = times.duration
    result.finish = max(row.finish for row in result.rows)
    by_key = {mapping.key(task): task.row for task in tasks}
    result.critical_rows = [by_key[k] for k in times.critical_path]
    return result
