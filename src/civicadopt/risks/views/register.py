from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from ..forms import RiskFilterForm
from ..models import Risk, Status
from ..presentation import band_rows, heatmaps, rating_rows
from ..selectors import RiskFilters, owner_choices, risk_list
from .base import RiskMixin


class RegisterView(RiskMixin, TemplateView):
    """The register: filters (a GET form, swapped in place by htmx), the table and the heat maps."""

    template_name = "risks/register.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        today = timezone.localdate()
        form = RiskFilterForm(request.GET or None, owners=owner_choices(initiative=initiative))
        values = form.cleaned_data if form.is_valid() else {}
        filters = RiskFilters(
            status=values.get("status") or "",
            category=values.get("category") or "",
            rating=values.get("rating") or "",
            owner=values.get("owner") or "",
            overdue=bool(values.get("overdue")),
            order=values.get("order") or "number",
        )
        risks = list(risk_list(user=request.user, initiative=initiative, today=today, filters=filters))  # type: ignore[arg-type]
        query = request.GET.copy()
        context = self.context(
            form=form,
            risks=risks,
            filtered=any(value for key, value in values.items() if key != "order"),
            query=query.urlencode(),
        )
        htmx = request.htmx  # type: ignore[attr-defined]
        if htmx and not htmx.history_restore_request:
            response = render(request, "risks/_register.html", context)
        else:
            open_risks = Risk.objects.filter(initiative=initiative).exclude(status=Status.CLOSED)
            matrix = context["matrix"].to_core()
            context.update(
                charts=heatmaps(list(open_risks), matrix),
                bands=band_rows(matrix),
                ratings=rating_rows(matrix),
                totals=open_risks.aggregate(emv=Sum("emv"), inherent_emv=Sum("inherent_emv")),
                open_count=open_risks.filter(status=Status.OPEN).count(),
                overdue_count=risk_list(
                    user=request.user,
                    initiative=initiative,
                    today=today,
                    filters=RiskFilters(overdue=True),  # type: ignore[arg-type]
                ).count(),
            )
            response = render(request, self.template_name, context)
        # The same address answers a page or a fragment: caches must tell them apart.
        patch_vary_headers(response, ("HX-Request",))
        return response
