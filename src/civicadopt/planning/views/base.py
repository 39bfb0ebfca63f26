from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from civicadopt.initiatives.views import InitiativeMixin

from ..models import Plan, Task


class PlanMixin(InitiativeMixin):
    """Load the initiative (404 for others' records) and its plan (404 when there is none)."""

    plan: Plan

    def load_plan(self) -> Plan:
        initiative = self.load_initiative()
        plan = Plan.objects.filter(initiative=initiative).first()
        if plan is None:
            raise Http404
        plan.initiative = initiative
        self.plan = plan
        return plan

    def load_task(self, pk: int) -> Task:
        task = self.plan.tasks.filter(pk=pk).first()
        if task is None:
            raise Http404
        task.plan = self.plan
        return task

    def require_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied

    def plan_page(self, form: Any = None, status: int = 200, *, row: int | None = None) -> HttpResponse:
        """The plan's task table: the whole page, or only the table region for an htmx request.

        The page shown is the one with ``row`` (the task just changed), else the one asked for."""
        from ..forms import TaskForm
        from ..schedule import plan_schedule
        from .pages import page_of, row_page

        template = "planning/_tasks.html" if self.request.htmx else "planning/plan.html"  # type: ignore[attr-defined]
        computed = plan_schedule(self.plan)
        request = self.request  # type: ignore[attr-defined]
        number = page_of(row) if row else request.GET.get("page") or request.POST.get("page")
        response = render(
            request,
            template,
            self.context(
                schedule=computed,
                page=row_page(computed.rows, number),
                tasks_url=reverse(
                    "planning:task-create",
                    kwargs={"org": self.organisation.slug, "pk": self.plan.initiative_id},
                ),
                form=form or TaskForm(plan=self.plan),
            ),
            status=status,
        )
        patch_vary_headers(response, ("HX-Request",))  # one address, a page or a fragment
        return response

    def context(self, **extra: Any) -> dict[str, Any]:
        schedule = extra.get("schedule")
        if schedule is not None:
            # The critical path by name, in the order the core found it ("Requirements -> Vendor -> ...").
            names = {row.task.row: row.task.name for row in schedule.rows}
            extra.setdefault("critical_path", [names[row] for row in schedule.critical_rows if row in names])
        return {
            "organisation": self.organisation,
            "initiative": self.initiative,
            "plan": getattr(self, "plan", None),
            "may_edit": self.may_edit(),
            **extra,
        }
