"""Progress of many tasks at once: the progress page's one form for every row it shows.

All or nothing, in one transaction: each task is checked against the version its row showed and
validated; every problem is named by the task's row and name, and if there is any, nothing is saved.
Rows whose values did not change are left alone (no new version, no audit entry), so saving the form
never overwrites a colleague's change to a task the person did not touch.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.audit.services import update_with_audit
from civicadopt.concurrency import VersionConflict, claim_version
from civicadopt.initiatives.permissions import require_edit

from .models import Plan, Task
from .services import PROGRESS_FIELDS, audit_kwargs


@dataclass(frozen=True)
class ProgressEntry:
    """One row of the form: the task as stored, the version the row showed and the values entered."""

    task: Task
    version: int
    values: dict[str, Any]


def task_label(task: Task) -> str:
    return _("Row %(row)s, “%(name)s”") % {"row": task.row, "name": task.name}


def _completed(task: Task, values: dict[str, Any]) -> dict[str, Any]:
    completed = {name: values[name] for name in PROGRESS_FIELDS if name in values}
    if completed.get("actual_finish") and completed.get("percent_complete", task.percent_complete) < 100:
        completed["percent_complete"] = 100  # finished work is complete, as progress_update does
    return completed


@transaction.atomic
def progress_update_all(*, user: User, plan: Plan, entries: Sequence[ProgressEntry]) -> list[Task]:
    """Record the progress of every task in ``entries``; return the tasks that changed.

    Raises ValidationError with one message per problem, naming the task, and saves nothing."""
    require_edit(user, plan.initiative)
    problems: list[str] = []
    changed: list[Task] = []
    for entry in entries:
        task = entry.task
        if task.plan_id != plan.pk:
            raise ValueError(f"Task {task.pk} is not in plan {plan.pk}")
        values = _completed(task, entry.values)
        if all(getattr(task, name) == value for name, value in values.items()):
            continue
        task.plan = plan
        try:
            claim_version(task, entry.version)
            update_with_audit(
                actor=user, instance=task, fields=PROGRESS_FIELDS, data=values, **audit_kwargs(plan)
            )
        except VersionConflict:
            problems.append(
                _("%(task)s: someone else changed this task meanwhile. Reload the page and enter it again.")
                % {"task": task_label(task)}
            )
        except ValidationError as error:
            problems.append(
                _("%(task)s: %(problem)s") % {"task": task_label(task), "problem": " ".join(error.messages)}
            )
        else:
            changed.append(task)
    if problems:
        raise ValidationError(problems)
    return changed
