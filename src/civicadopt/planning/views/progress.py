"""Progress: % complete and actual dates per task, planned against actual, and slip against the baseline."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict

from .. import services
from ..forms import ProgressForm
from ..models import Task
from ..schedule import plan_schedule
from .base import PlanMixin


class ProgressView(PlanMixin, TemplateView):
    template_name = "planning/progress.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        slipped = [row for row in computed.rows if row.slip and row.slip > 0 and not row.summary]
        return render(request, self.template_name, self.context(schedule=computed, slipped=slipped))


class ProgressUpdateView(PlanMixin, TemplateView):
    """Record one task's progress (the progress table posts one row at a time)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        # Validate on a copy: a ModelForm writes its values onto its instance, and the service must see the
        # task as stored to audit what changed.
        form = ProgressForm(request.POST, instance=Task.objects.get(pk=task.pk))
        if form.is_valid():
            try:
                services.progress_update(
                    user=request.user,  # type: ignore[arg-type]
                    task=task,
                    expected_version=form.cleaned_data["version"],
                    data=form.cleaned_data,
                )
            except VersionConflict:
                messages.error(
                    request,
                    _(
                        "Task %(row)s was changed by someone else meanwhile; its current values are shown. Enter the progress again."
                    )
                    % {"row": task.row},
                )
            except ValidationError as error:
                messages.error(
                    request,
                    _("Task %(row)s: %(problem)s") % {"row": task.row, "problem": " ".join(error.messages)},
                )
            else:
                messages.success(request, _("Progress of task %(row)s saved.") % {"row": task.row})
        else:
            problems = "; ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                for f, e in form.errors.items()
            )
            messages.error(request, _("Task %(row)s: %(problem)s") % {"row": task.row, "problem": problems})
        address = reverse(
            "planning:progress", kwargs={"org": self.organisation.slug, "pk": plan.initiative_id}
        )
        return redirect(f"{address}#task-{task.row}")
