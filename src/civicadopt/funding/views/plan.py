"""An initiative's funding: the programmes that match it (and why the others do not), and its funding
plan — costs against committed and expected money, year by year, with the gap."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.charts import BarGroup, bar_chart
from civicadopt.reports.formatting import currency_symbol

from ..financing import FinancingForm, compare
from ..matching import match_initiative
from ..models import SavedSearch
from ..plan import funding_plan
from .base import ApplicationsMixin

MAX_WORDS = 200


class MatchView(ApplicationsMixin, TemplateView):
    """Programmes ranked for the initiative: eligible ones first with their reasons, then the excluded."""

    template_name = "funding/match.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        words = (request.GET.get("q") or "")[:MAX_WORDS]
        result = match_initiative(initiative, extra_words=words)
        searches = list(SavedSearch.objects.filter(user=request.user, initiative=initiative))
        for search in searches:
            since = search.last_seen
            search.new_count = (  # type: ignore[attr-defined]
                sum(1 for p in result.programmes.values() if since is None or p.created_at > since)
            )
        return render(
            request,
            self.template_name,
            self.context(
                result=result,
                words=words,
                searches=searches,
                matches=[(m, result.programmes[m.key]) for m in result.ranking.matches],
                excluded=[(m, result.programmes[m.key]) for m in result.ranking.excluded],
            ),
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Save the search (its extra words) so that its new programmes show next time."""
        initiative = self.load_initiative()
        words = (request.POST.get("q") or "")[:MAX_WORDS].strip()
        name = (request.POST.get("name") or "").strip()[:200] or words or _("All matching programmes")
        search = SavedSearch.objects.get_or_create(
            user=request.user, initiative=initiative, name=name, defaults={"query": words}
        )[0]
        search.query, search.last_seen = words, timezone.now()
        search.save(update_fields=["query", "last_seen"])
        messages.success(request, _("Search saved. New programmes since today will be counted next time."))
        return redirect("funding:match", org=self.organisation.slug, pk=initiative.pk)


class FundingPlanView(ApplicationsMixin, TemplateView):
    template_name = "funding/plan.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        plan = funding_plan(initiative)
        chart = None
        if plan.rows:
            chart = bar_chart(
                title=_("Costs and funding by fiscal year"),
                x_label=_("Fiscal year"),
                y_label=_("Amount"),
                categories=[f"FY{row.fiscal_year}" for row in plan.rows],
                money=currency_symbol(initiative.organisation.currency),
                groups=[
                    BarGroup(_("Costs"), [float(row.cost) for row in plan.rows]),
                    BarGroup(_("Committed"), [float(row.committed) for row in plan.rows]),
                    BarGroup(
                        _("Expected (pending x chance)"), [float(row.expected_pending) for row in plan.rows]
                    ),
                ],
            )
        financing = FinancingForm(request.GET or None, initial={"amount": _first_cost(plan)})
        options = compare(financing.cleaned_data) if financing.is_valid() else []
        return render(
            request,
            self.template_name,
            self.context(plan=plan, chart=chart, financing=financing, options=options),
        )


def _first_cost(plan: Any) -> Any:
    return next((row.cost for row in plan.rows if row.cost > 0), None)
