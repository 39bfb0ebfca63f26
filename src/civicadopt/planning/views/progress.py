"""Progress: % complete and actual dates per task, planned against actual, and slip against the baseline."""

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict

from .. import services
from ..forms import ProgressForm
from ..models import Task
from ..progress import ProgressEntry, progress_update_all, task_label
from ..schedule import PlanSchedule, plan_schedule
from .base import PlanMixin
from .pages import RowPage, row_page


class ProgressView(PlanMixin, TemplateView):
    """Planned against actual for every task, and one form to record the progress of every row shown."""

    template_name = "planning/progress.html"

    def page(
        self,
        computed: PlanSchedule,
        page: RowPage,
        forms: dict[int, ProgressForm],
        problems: list[Any],
        status: int = 200,
    ) -> HttpResponse:
        slipped = [row for row in computed.rows if row.slip and row.slip > 0 and not row.summary]
        entries = [(row, forms.get(row.task.pk)) for row in page.rows]
        context = self.context(
            schedule=computed, slipped=slipped, page=page, entries=entries, problems=problems
        )
        return render(self.request, self.template_name, context, status=status)

    def forms_for(self, page: RowPage, data: Any = None) -> dict[int, ProgressForm]:
        """A form per task of the page (not phases: their progress is their tasks')."""
        if not self.may_edit():
            return {}
        found = {}
        for row in page.rows:
            if row.summary:
                continue
            task = row.task
            initial = {"version": task.version}
            # Each form gets a copy: a ModelForm writes its values onto its instance, and the service
            # must see the task as stored to tell what changed and to audit it.
            form = ProgressForm(data, instance=copy.copy(task), prefix=f"t{task.pk}", initial=initial)
            form.fields["percent_complete"].widget.attrs.update(
                {"class": "usa-input--xs", "min": 0, "max": 100}
            )
            found[task.pk] = form
        return found

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        computed = plan_schedule(plan)
        page = row_page(computed.rows, request.GET.get("page"))
        return self.page(computed, page, self.forms_for(page), [])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        computed = plan_schedule(plan)
        page = row_page(computed.rows, request.POST.get("page"))
        by_pk = {row.task.pk: row.task for row in page.rows}
        # Only the rows the form showed: a task added meanwhile keeps its progress.
        forms = {
            pk: form
            for pk, form in self.forms_for(page, request.POST).items()
            if f"t{pk}-version" in request.POST
        }
        problems: list[Any] = []
        for pk, form in forms.items():
            if not form.is_valid():
                task = by_pk[pk]
                for name, errors in form.errors.items():
                    field = form[name] if name in form.fields else None
                    target = field.auto_id if field is not None and not field.is_hidden else ""
                    label = task_label(task) + (f": {field.label}" if field is not None else "")
                    problems.append({"target": target, "label": label, "message": " ".join(errors)})
                    if field is not None:
                        field.field.widget.attrs["aria-describedby"] = f"{field.auto_id}-error"
        if not problems:
            entries = [
                ProgressEntry(by_pk[pk], form.cleaned_data["version"], form.cleaned_data)
                for pk, form in forms.items()
            ]
            try:
                changed = progress_update_all(user=request.user, plan=plan, entries=entries)  # type: ignore[arg-type]
            except ValidationError as error:
                problems = [{"target": "", "label": "", "message": message} for message in error.messages]
            else:
                messages.success(
                    request,
                    ngettext("Progress of %(n)d task saved.", "Progress of %(n)d tasks saved.", len(changed))
                    % {"n": len(changed)},
                )
                address = reverse(
                    "planning:progress", kwargs={"org": self.organisation.slug, "pk": plan.initiative_id}
                )
                return redirect(f"{address}?page={page.number}")
        return self.page(computed, page, forms, problems, status=400)


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
