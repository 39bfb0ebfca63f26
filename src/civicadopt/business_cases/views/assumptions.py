"""The assumptions register (every assumption with its source) and the budget for affordability."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import services
from ..forms import AssumptionForm, BudgetForm
from ..models import Assumption
from .base import CaseMixin


class AssumptionsView(CaseMixin, TemplateView):
    template_name = "business_cases/assumptions.html"

    def page(self, form: AssumptionForm | None = None, budget_form: BudgetForm | None = None) -> HttpResponse:
        return render(self.request, self.template_name, self.context(
            assumptions=self.case.assumptions.all(), budgets=self.case.budgets.all(),
            form=form or AssumptionForm(), budget_form=budget_form or BudgetForm(),
        ))  # fmt: skip

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_case()
        return self.page()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        if "fiscal_year" in request.POST:
            budget_form = BudgetForm(request.POST)
            if not budget_form.is_valid():
                return self.page(budget_form=budget_form)
            services.budget_set(user=request.user, case=case, **budget_form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Budget saved."))
        else:
            form = AssumptionForm(request.POST)
            if not form.is_valid():
                return self.page(form=form)
            services.assumption_create(user=request.user, case=case, data=form.cleaned_data)  # type: ignore[arg-type]
            messages.success(request, _("Assumption added."))
        return redirect(request.path)


class AssumptionDeleteView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        assumption = case.assumptions.filter(pk=kwargs["item_pk"]).first()
        if assumption is None:
            raise Http404
        assumption.business_case = case
        services.assumption_delete(user=request.user, assumption=assumption)  # type: ignore[arg-type]
        messages.success(request, _("Assumption removed."))
        return redirect("business_cases:assumptions", org=self.organisation.slug, pk=case.initiative_id)


class BudgetDeleteView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        budget = case.budgets.filter(pk=kwargs["item_pk"]).first()
        if budget is None:
            raise Http404
        budget.business_case = case
        services.budget_delete(user=request.user, budget=budget)  # type: ignore[arg-type]
        messages.success(request, _("Budget removed."))
        return redirect("business_cases:assumptions", org=self.organisation.slug, pk=case.initiative_id)


__all__ = ["Assumption", "AssumptionDeleteView", "AssumptionsView", "BudgetDeleteView"]
