"""The plan editor: the task table (edited in place with htmx), adding, indenting, moving and deleting
tasks, plan settings and the baseline."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict
from civicadopt.forms import apply_errors

from .. import services
from ..forms import PlanForm, PlanStartForm, TaskForm
from ..models import Plan, Task
from .base import PlanMixin
from .pages import page_of

# The edit row is swapped into the page above the "Add a task" form: its ids must differ from that form's.
EDIT_IDS = "edit-%s"
MOVES = {"indent": ("indent", 1), "outdent": ("indent", -1), "up": ("move", -1), "down": ("move", 1)}


def plan_address(plan: Plan, row: int) -> str:
    """The plan page that shows row ``row``, scrolled to it."""
    address = reverse(
        "planning:plan", kwargs={"org": plan.initiative.organisation.slug, "pk": plan.initiative_id}
    )
    return f"{address}?page={page_of(row)}#task-{row}"


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
                task = services.task_create(
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
                    return redirect(plan_address(plan, task.row))
                return self.plan_page(row=task.row)
        # The form is at the end of the last page: show that page, with the errors at the form.
        last = plan.tasks.count() + 1
        return self.plan_page(form, status=200 if request.htmx else 400, row=last)  # type: ignore[attr-defined]


class TaskAddBelowView(PlanMixin, TemplateView):
    """Add a task below a row, at its outline level: a form row swapped in below it (htmx), or a page."""

    template_name = "planning/task_add.html"

    def _render(self, task: Task, form: TaskForm, status: int = 200) -> HttpResponse:
        htmx = self.request.htmx  # type: ignore[attr-defined]
        template = "planning/_task_add_row.html" if htmx else self.template_name
        context = self.context(task=task, form=form, page_number=page_of(task.row))
        response = render(self.request, template, context, status=status)
        if htmx and self.request.method == "POST":
            # The form targets the whole table; a form with errors goes back into its own row instead.
            response["HX-Retarget"] = f"#add-below-{task.pk}"
            response["HX-Reswap"] = "outerHTML"
        return response

    def _form(self, task: Task, data: Any = None) -> TaskForm:
        return TaskForm(data, plan=self.plan, auto_id=f"below-{task.pk}-%s")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        return self._render(task, self._form(task))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        task = self.load_task(kwargs["task_pk"])
        form = self._form(task, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                added = services.task_create(
                    user=request.user,  # type: ignore[arg-type]
                    plan=plan,
                    data=data,
                    predecessors=data.get("predecessors") or "",
                    after=task,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if request.htmx:  # type: ignore[attr-defined]
                    return self.plan_page(row=added.row)
                messages.success(request, _("Task added as row %(row)d.") % {"row": added.row})
                return redirect(plan_address(plan, added.row))
        return self._render(task, form, status=200 if request.htmx else 400)  # type: ignore[attr-defined]


class TaskView(PlanMixin, TemplateView):
    """Edit one task: in place in the table (htmx) or on its own page; delete it with 'delete'."""

    template_name = "planning/task_form.html"

    def _render(
        self, task: Task, form: TaskForm, conflict: Task | None = None, status: int = 200
    ) -> HttpResponse:
        htmx = self.request.htmx  # type: ignore[attr-defined]
        template = "planning/_task_edit_row.html" if htmx else self.template_name
        context = self.context(task=task, form=form, conflict=conflict, page_number=page_of(task.row))
        response = render(self.request, template, context, status=status)
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
                    return self.plan_page(row=task.row)
                messages.success(request, _("Task saved."))
                return redirect(plan_address(plan, task.row))
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
        task.refresh_from_db(fields=["row"])
        if request.htmx:  # type: ignore[attr-defined]
            return self.plan_page(row=task.row)
        return redirect(plan_address(plan, task.row))


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
