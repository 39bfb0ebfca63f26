from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from ..forms import APPLICANT_TYPE_LABELS
from ..models import Stage
from ..selectors import (
    DEADLINE_DAYS,
    deadline_list,
    initiatives_with_applications,
    profile_for,
    programme_counts,
    stage_counts,
)
from .base import FundingMixin

SOON = 5


class HomeView(FundingMixin, TemplateView):
    """The funding area: what the catalogue holds, the next deadlines and each initiative's applications."""

    template_name = "funding/home.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.context()
        user, organisation, today = request.user, self.organisation, context["today"]
        deadlines = deadline_list(user=user, organisation=organisation, today=today)  # type: ignore[arg-type]
        counts = stage_counts(user=user, organisation=organisation)  # type: ignore[arg-type]
        profile = profile_for(organisation=organisation)
        context.update(
            counts=programme_counts(user=user, organisation=organisation, today=today),  # type: ignore[arg-type]
            stages=[(stage.label, counts[stage.value]) for stage in Stage],
            deadlines=list(deadlines[:SOON]),
            deadline_count=deadlines.count(),
            deadline_days=DEADLINE_DAYS,
            initiatives=initiatives_with_applications(user=user, organisation=organisation),  # type: ignore[arg-type]
            profile=profile,
            applicant_type=APPLICANT_TYPE_LABELS.get(profile.applicant_type, profile.applicant_type),
        )
        return render(request, self.template_name, context)
