"""The plan editor: the task table (edited in place with htmx), adding, indenting, moving and deleting
tasks, plan settings and the baseline."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict
from civicadopt.forms import apply_errors

from .. import services
from ..forms import PlanForm, PlanStartForm, TaskForm
from ..models import Plan, Task
from .base import PlanMixin

# The edit row is swapped into the page above the "Add a task" form: its ids must differ from that form's.
EDIT_IDS = "edit-%s"
MOVES = {"indent": ("indent", 1), "outdent": ("indent", -1), "up": ("move", -1), "down": ("move", 1)}


class PlanView(PlanMixin, TemplateView):
    """The plan: its table of tasks with dates, float and the critical path; starts a plan when none."""

    template_name = "planning/plan.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        plan = Plan.objects.filter(initiative=initiative).first()
        if plan is None:
            form = PlanStartForm(initial={"start": dt.date.today()}) if self.may_edit() else None
            return render(request, "planning/start.html", self.context(form=form))
        plan.initiative = initiative
        self.plan = plan
        return self.plan_page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Start the plan."""
        initiative = self.load_initiative()
        if not self.may_edit():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = PlanStartForm(request.POST)
        if form.is_valid():
            try:
                services.plan_create(user=request.user, initiative=initiative, data=form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Plan started. Add its tasks below."))
                return redirect("planning:plan", org=self.organisation.slug, pk=initiative.pk)
        return render(request, "planning/start.html", self.context(form=form), status=400)


class TaskCreateView(PlanMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        form = TaskForm(request.POST, plan=plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_create(
                    user=request.user,  # type: ignore[arg-type]
                    plan=plan,
                    data=data,
                    predecessors=data.get("predecessors") or "",
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not request.htmx:  # type: ignore[attr-defined]
                    messages.success(request, _("Task added."))
                    return redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)
                return self.plan_page()
        return self.plan_page(form, status=200 if request.htmx else 400)  # type: ignore[attr-defined]


class TaskView(PlanMixin, TemplateView):
    """Edit one task: in place in the table (htmx) or on its own page; delete it with 'delete'."""

    template_name = "planning/task_form.html"

    def _render(
        self, task: Task, form: TaskForm, conflict: Task | None = None, status: int = 200
    ) -> HttpResponse:
        htmx = self.request.htmx  # type: ignore[attr-defined]
        template = "planning/_task_edit_row.html" if htmx else self.template_name
        response = render(
            self.request, template, self.context(task=task, form=form, conflict=conflict), status=status
        )
        if htmx:
            # The form targets the whole table (a save re-dates every row); a form with errors goes back
            # into its own row instead.
            response["HX-Retarget"] = f"#task-{task.row}"
            response["HX-Reswap"] = "outerHTML"
        return response

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        form = TaskForm(instance=task, plan=self.plan, initial={"version": task.version}, auto_id=EDIT_IDS)
        return self._render(task, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        back = redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)
        if "delete" in request.POST:
            count = services.task_delete(user=request.user, task=task)  # type: ignore[arg-type]
            messages.success(request, _("%(n)d task(s) deleted.") % {"n": count})
            return back
        form = TaskForm(request.POST, instance=Task.objects.get(pk=task.pk), plan=plan, auto_id=EDIT_IDS)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.task_update(
                    user=request.user,  # type: ignore[arg-type]
                    task=task,
                    expected_version=data.get("version") or task.version,
                    data=data,
                    predecessors=data.get("predecessors") or "",
                )
            except VersionConflict as conflict:
                data_copy = request.POST.copy()
                data_copy["version"] = str(conflict.current.version)
                form = TaskForm(data_copy, instance=Task.objects.get(pk=task.pk), plan=plan, auto_id=EDIT_IDS)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else changed this task while you were editing it. Their version is shown below; save again to replace it with yours."
                    ),
                )
                return self._render(
                    task, form, conflict=conflict.current, status=200 if request.htmx else 409
                )  # type: ignore[attr-defined]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return self.plan_page()
                messages.success(request, _("Task saved."))
                return back
        return self._render(task, form, status=200 if request.htmx else 400)  # type: ignore[attr-defined]


class TaskMoveView(PlanMixin, TemplateView):
    """Indent, outdent, move up or move down a task (with the tasks inside it)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        action = MOVES.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Choose indent, outdent, up or down."))
        else:
            kind, direction = action
            try:
                if kind == "indent":
                    services.task_indent(user=request.user, task=task, direction=direction)  # type: ignore[arg-type]
                else:
                    services.task_move(user=request.user, task=task, direction=direction)  # type: ignore[arg-type]
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        if request.htmx:  # type: ignore[attr-defined]
            return self.plan_page()
        return redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)


class PlanSettingsView(PlanMixin, TemplateView):
    template_name = "planning/settings.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        form = PlanForm(instance=plan, initial={"version": plan.version})
        return render(request, self.template_name, self.context(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        form = PlanForm(request.POST, instance=Plan.objects.get(pk=plan.pk))
        if form.is_valid():
            try:
                services.plan_update(
                    user=request.user,  # type: ignore[arg-type]
                    plan=plan,
                    expected_version=form.cleaned_data.get("version") or plan.version,
                    data=form.cleaned_data,
                )
            except VersionConflict:
                form.add_error(
                    None,
                    _(
                        "Someone else changed the plan settings meanwhile. Reload the page and make your change again."
                    ),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Plan settings saved."))
                return redirect("planning:plan", org=self.organisation.slug, pk=plan.initiative_id)
        return render(request, self.template_name, self.context(form=form), status=400)


class BaselineView(PlanMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        try:
            count = services.baseline_set(user=request.user, plan=plan)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Baseline saved for %(n)d tasks.") % {"n": count})
        return redirect("planning:progress", org=self.organisation.slug, pk=plan.initiative_id)
