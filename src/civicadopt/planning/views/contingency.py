"""The contingency panel: run the schedule-and-cost simulation, read P50/P80/P90 and the reserve, and
carry the cost reserve into the business case."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from civicadopt.business_cases.models import BusinessCase, Option
from civicadopt.business_cases.reconciliation import reconcile
from civicadopt.charts.histogram import histogram, values_from_bins
from civicadopt.charts.model import Marker
from civicadopt.forms import BoundedModelChoiceField

from ..forms import SimulateForm
from ..simulation import (
    contingency_to_business_case,
    plan_estimate_to_business_case,
    plan_seed_draw,
    simulation_run,
)
from .base import PlanMixin


class CarryForm(forms.Form):
    option = BoundedModelChoiceField(
        label=gettext_lazy("Business-case option"), queryset=Option.objects.none()
    )

    def __init__(self, *args: Any, initiative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = Option.objects.filter(  # type: ignore[attr-defined]
            business_case__initiative=initiative, is_business_as_usual=False
        )


class ContingencyView(PlanMixin, TemplateView):
    template_name = "planning/contingency.html"

    def page(self, form: SimulateForm | None = None, status: int = 200) -> HttpResponse:
        run = self.plan.runs.first()
        chart = _histogram(run.results) if run else None
        carry = CarryForm(initiative=self.initiative) if run and self.may_edit() else None
        case = (
            BusinessCase.objects.filter(initiative=self.initiative).select_related("preferred_option").first()
        )
        return render(
            self.request,
            self.template_name,
            self.context(
                run=run,
                results=run.results if run else None,
                chart=chart,
                form=form or SimulateForm(),
                carry=carry,
                task_names={str(t["row"]): t["name"] for t in run.inputs["tasks"]} if run else {},
                reconciliation=reconcile(case, self.plan) if case else None,
                currency=self.organisation.currency,
            ),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        return self.page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        form = SimulateForm(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            simulation_run(
                user=request.user,  # type: ignore[arg-type]
                plan=plan,
                iterations=form.cleaned_data["iterations"],
                seed=form.cleaned_data.get("seed"),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.page(form, status=400)
        messages.success(request, _("Simulation finished."))
        return redirect("planning:contingency", org=self.organisation.slug, pk=plan.initiative_id)


class CarryView(PlanMixin, TemplateView):
    """Add the latest run's cost reserve to a business-case option as a risk contingency cost line."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        run = plan.runs.first()
        if run is None:
            raise Http404
        form = CarryForm(request.POST, initiative=self.initiative)
        if not form.is_valid():
            messages.error(request, _("Choose an option of the business case (not business as usual)."))
        else:
            try:
                line = contingency_to_business_case(
                    user=request.user,
                    plan=plan,
                    run=run,
                    option=form.cleaned_data["option"],  # type: ignore[arg-type]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("Cost line “%(name)s” of %(amount)s added to %(option)s.")
                    % {"name": line.name, "amount": f"{line.amount:,.2f}", "option": line.option.name},
                )
        return redirect("planning:contingency", org=self.organisation.slug, pk=plan.initiative_id)


class SeedDrawView(PlanMixin, TemplateView):
    """Draw a new simulation seed for the plan (audited); the next run uses it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        seed = plan_seed_draw(user=request.user, plan=plan)  # type: ignore[arg-type]
        messages.success(
            request, _("New simulation seed %(seed)d. Run the simulation again to use it.") % {"seed": seed}
        )
        return redirect("planning:contingency", org=self.organisation.slug, pk=plan.initiative_id)


class EstimateFeedView(PlanMixin, TemplateView):
    """Write the plan's cost estimate into the business case's preferred option as cost lines."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        self.require_edit()
        try:
            lines = plan_estimate_to_business_case(user=request.user, plan=plan)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _(
                "The plan's estimate is now %(n)d cost line(s) of %(option)s, one for each year with costs. "
                "Calculate the business case again to update its figures."
            ) % {"n": len(lines), "option": lines[0].option.name})  # fmt: skip
        return redirect((request.POST.get("next") == "case" and "business_cases:overview") or "planning:contingency",
                        org=self.organisation.slug, pk=plan.initiative_id)  # fmt: skip


def _histogram(results: dict[str, Any]) -> Any:
    edges = results["histogram"]["edges"]
    counts = results["histogram"]["counts"]
    finish = results["finish"]
    return histogram(
        title=_("Range of possible finishes (working days from the start)"),
        values=values_from_bins(edges, counts),
        bins=len(counts),
        x_label=_("Working days from the start"),
        money="",
        markers=[
            Marker(_("Plan"), results["planned_finish"]),
            Marker("P50", finish["p50"]),
            Marker("P80", finish["p80"]),
        ],
    )
