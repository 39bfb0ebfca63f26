from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.concurrency import VersionConflict
from civicadopt.forms import apply_errors, flash_warnings

from .. import services
from ..forms import BusinessCaseForm, PreferredForm, SnapshotForm
from ..models import BusinessCase
from ..presentation import results_context
from ..reconciliation import reconcile
from ..selectors import business_case_for, latest_run
from .base import CaseMixin


class OverviewView(CaseMixin, TemplateView):
    """The business case at a glance; without one yet, the form that starts it."""

    template_name = "business_cases/overview.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        case = business_case_for(initiative=initiative)
        if case is None:
            year = timezone.localdate().year
            form = BusinessCaseForm(country=self.organisation.country, initial={
                "price_base_year": year, "first_year": year, "schedule": self.organisation.discount_schedule,
                "discount_rate": self.organisation.discount_rate,
                "discount_rate_source": self.organisation.discount_rate_source,
            })  # fmt: skip
            return render(request, "business_cases/start.html", {
                "organisation": self.organisation, "initiative": initiative, "form": form, "may_edit": self.may_edit(),
            })  # fmt: skip
        case.initiative = initiative
        self.case = case
        run = latest_run(case=case)
        from civicadopt.planning.models import Plan  # the plan is optional: the case stands without one

        plan = Plan.objects.filter(initiative=initiative).first()
        return render(request, self.template_name, self.context(
            reconciliation=reconcile(case, plan), currency=self.organisation.currency,
            options=case.options.annotate(line_count=Count("lines")), run=run, results=results_context(case, run, charts=False) if run else None,
            snapshots=case.snapshots.select_related("run")[:10], assumptions_count=case.assumptions.count(),
        ))  # fmt: skip

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Start the business case."""
        initiative = self.load_initiative()
        if not self.may_edit():
            raise PermissionDenied
        form = BusinessCaseForm(request.POST, country=self.organisation.country)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.business_case_create(user=request.user, initiative=initiative, data=data)  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Business case started, with business as usual as its first option.")
                )
                flash_warnings(request, form)
                return redirect("business_cases:overview", org=self.organisation.slug, pk=initiative.pk)
        return render(request, "business_cases/start.html", {
            "organisation": self.organisation, "initiative": initiative, "form": form, "may_edit": self.may_edit(),
        }, status=200)  # fmt: skip


class SettingsView(CaseMixin, TemplateView):
    template_name = "business_cases/settings.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        form = BusinessCaseForm(
            country=self.organisation.country,
            instance=BusinessCase.objects.get(pk=case.pk),
            initial={"version": case.version},
        )
        return render(request, self.template_name, self.context(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        form = BusinessCaseForm(
            request.POST, instance=BusinessCase.objects.get(pk=case.pk), country=self.organisation.country
        )
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.business_case_update(
                    user=request.user,
                    case=case,
                    expected_version=form.cleaned_data["version"] or 0,
                    data=data,  # type: ignore[arg-type]
                )
            except VersionConflict:
                form.add_error(
                    None, _("Someone else changed these settings meanwhile. Reload the page to see them.")
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Settings saved. Calculate again to update the results."))
                flash_warnings(request, form)
                return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)
        return render(request, self.template_name, self.context(form=form))


class CalculateView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        try:
            run = services.business_case_calculate(user=request.user, case=case)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)
        messages.success(request, _("Calculated: run %(number)d.") % {"number": run.pk})
        return redirect("business_cases:results", org=self.organisation.slug, pk=case.initiative_id)


class SeedDrawView(CaseMixin, TemplateView):
    """Draw a new simulation seed for the case (audited); the next calculation uses it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        seed = services.business_case_seed_draw(user=request.user, case=case)  # type: ignore[arg-type]
        messages.success(request, _(
            "New simulation seed %(seed)d. Calculate again: the simulated figures (P10, P50, P90) will "
            "move a little, the others stay the same."
        ) % {"seed": seed})  # fmt: skip
        return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)


class ResultsView(CaseMixin, TemplateView):
    template_name = "business_cases/results.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        run = latest_run(case=case)
        if run is None:
            messages.info(request, _("Calculate the business case first."))
            return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)
        form = PreferredForm(case=case, initial={
            "preferred_option": case.preferred_option_id, "preferred_rationale": case.preferred_rationale,
        })  # fmt: skip
        return render(request, self.template_name, self.context(
            run=run, results=results_context(case, run, charts=True), preferred_form=form,
        ))  # fmt: skip


class PreferredView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        form = PreferredForm(request.POST, case=case)
        if form.is_valid():
            services.preferred_option_set(
                user=request.user, case=case, option=form.cleaned_data["preferred_option"],  # type: ignore[arg-type]
                rationale=form.cleaned_data["preferred_rationale"],
            )  # fmt: skip
            messages.success(request, _("Preferred option saved."))
        else:
            messages.error(request, _("Choose one of this business case's options."))
        return redirect("business_cases:results", org=self.organisation.slug, pk=case.initiative_id)


class SnapshotCreateView(CaseMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        self.require_edit()
        form = SnapshotForm(request.POST)
        label = form.cleaned_data["label"] if form.is_valid() else ""
        try:
            frozen = services.snapshot_create(user=request.user, case=case, label=label)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Saved as %(stage)s version.") % {"stage": frozen.get_stage_display()}
            )
        return redirect("business_cases:overview", org=self.organisation.slug, pk=case.initiative_id)


class SnapshotView(CaseMixin, TemplateView):
    template_name = "business_cases/snapshot.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = self.load_case()
        frozen = case.snapshots.select_related("run", "created_by").filter(pk=kwargs["snapshot_pk"]).first()
        if frozen is None:
            raise Http404
        return render(request, self.template_name, self.context(
            snapshot=frozen, results=results_context(case, frozen.run, charts=False),
        ))  # fmt: skip
