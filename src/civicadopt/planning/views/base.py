from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
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

    def plan_page(self, form: Any = None, status: int = 200) -> HttpResponse:
        """The plan's task table: the whole page, or only the table region for an htmx request."""
        from ..forms import TaskForm
        from ..schedule import plan_schedule

        template = "planning/_tasks.html" if self.request.htmx else "planning/plan.html"  # type: ignore[attr-defined]
        computed = plan_schedule(self.plan)
        response = render(
            self.request,  # type: ignore[attr-defined]
            template,
            self.context(schedule=computed, form=form or TaskForm(plan=self.plan)),
            status=status,
        )
        patch_vary_headers(response, ("HX-Request",))  # one address, a page or a fragment
        return response

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "initiative": self.initiative,
            "plan": getattr(self, "plan", None),
            "may_edit": self.may_edit(),
            **extra,
        }
