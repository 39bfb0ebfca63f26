from typing import Any

from django.urls import reverse
from django.views.generic import TemplateView

from civicadopt.accounts.mixins import OrganisationMixin
from civicadopt.initiatives.selectors import initiative_list

from .catalog import FORMAT_LABELS, Download, InitiativeReports


def _label(fmt: str) -> Any:
    return FORMAT_LABELS.get(fmt, fmt.upper())


class ReportsView(OrganisationMixin, TemplateView):
    """Every report and download the product makes, per initiative and for the organisation (3 queries)."""

    template_name = "areas/reports.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from civicadopt.business_cases.models import CalculationRun
        from civicadopt.planning.models import Plan
        from civicadopt.reports.registry import renderer_names

        context = super().get_context_data(**kwargs)
        org = self.organisation.slug
        initiatives = list(initiative_list(user=self.request.user, organisation=self.organisation))
        ids = [initiative.pk for initiative in initiatives]
        # Which initiatives have a calculated business case (the council report needs a stored run) and
        # a plan; read in one query each, whatever the number of initiatives.
        calculated = set(
            CalculationRun.objects.filter(business_case__initiative_id__in=ids).values_list(
                "business_case__initiative_id", flat=True
            )
        )
        planned = set(Plan.objects.filter(initiative_id__in=ids).values_list("initiative_id", flat=True))
        formats = renderer_names()
        rows = []
        for initiative in initiatives:
            kwargs = {"org": org, "pk": initiative.pk}
            council: tuple[Download, ...] = ()
            if initiative.pk in calculated:
                council = tuple(
                    Download(_label(fmt), reverse("business_cases:report", kwargs={**kwargs, "fmt": fmt}))
                    for fmt in formats
                )
            plan: tuple[Download, ...] = ()
            if initiative.pk in planned:
                exports = [
                    Download(_label(fmt), reverse("planning:export", kwargs={**kwargs, "fmt": fmt}))
                    for fmt in ("xml", "csv", "xlsx")
                ]
                calendar = Download(_label("ics"), reverse("planning:milestones-ics", kwargs=kwargs))
                plan = (*exports, calendar)
            export = reverse("risks:export", kwargs=kwargs)
            risks = tuple(Download(_label(fmt), f"{export}?fmt={fmt}") for fmt in ("csv", "xlsx"))
            rows.append(InitiativeReports(initiative.pk, initiative.title, council, plan, risks))
        context.update(
            rows=rows,
            formats=[_label(fmt) for fmt in formats],
            deadlines_url=reverse("funding:deadlines-ics", kwargs={"org": org}),
            catalogue_url=reverse("funding:catalogue-export", kwargs={"org": org}),
        )
        return context
