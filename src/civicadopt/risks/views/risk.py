"""One risk: add, read, edit (with the conflict page of optimistic concurrency) and delete."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from civicadopt.forms import flash_warnings

from .. import services
from ..forms import RiskForm, VersionOnlyForm
from ..models import Risk
from .base import RiskMixin, apply_errors


def _data(form: RiskForm) -> dict[str, Any]:
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


class RiskCreateView(RiskMixin, TemplateView):
    template_name = "risks/risk_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        form = RiskForm(initiative=initiative, initial={"owner": request.user.pk})
        return render(request, self.template_name, self.context(form=form, risk=None))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        form = RiskForm(request.POST, initiative=initiative)
        if form.is_valid():
            try:
                risk = services.risk_create(user=request.user, initiative=initiative, data=_data(form))  # type: ignore[arg-type]
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Risk %(key)s added.") % {"key": risk.key})
                flash_warnings(request, form)
                return redirect("risks:detail", org=self.organisation.slug, pk=initiative.pk, risk_pk=risk.pk)
        return render(request, self.template_name, self.context(form=form, risk=None))


class RiskUpdateView(RiskMixin, TemplateView):
    template_name = "risks/risk_form.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        risk = self.load_risk()
        # The form gets its own copy: a ModelForm writes cleaned values into its instance while
        # validating, and the service must see the stored values (for the audit diff).
        form = RiskForm(instance=Risk.objects.get(pk=risk.pk), initiative=initiative)
        return render(request, self.template_name, self.context(form=form, risk=risk))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        risk = self.load_risk()
        form = RiskForm(request.POST, instance=Risk.objects.get(pk=risk.pk), initiative=initiative)
        conflict = None
        if form.is_valid():
            expected = form.cleaned_data.get("version")
            try:
                if expected is None:
                    raise ValidationError(
                        _("The form is missing its version number. Reload the page and try again.")
                    )
                services.risk_update(
                    user=request.user, risk=risk, expected_version=expected, data=_data(form)
                )  # type: ignore[arg-type]
            except services.VersionConflict as error:
                # Keep everything the person typed; show what the other person saved; let them decide.
                conflict = error.current
                data = request.POST.copy()
                data["version"] = str(conflict.version)
                form = RiskForm(data, instance=Risk.objects.get(pk=risk.pk), initiative=initiative)
                form.is_valid()
                form.add_error(None, _(
                    "Someone else saved this risk while you were editing it. Your changes have not been saved "
                    "yet and are still in the form. Compare them with the saved version shown above the form; "
                    "save again to replace it with yours."
                ))  # fmt: skip
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Risk %(key)s saved.") % {"key": risk.key})
                flash_warnings(request, form)
                return redirect("risks:detail", org=self.organisation.slug, pk=initiative.pk, risk_pk=risk.pk)
        return render(request, self.template_name, self.context(form=form, risk=risk, conflict=conflict))


class RiskDetailView(RiskMixin, TemplateView):
    template_name = "risks/risk_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        risk = self.load_risk()
        tasks = risk.tasks.all().order_by("row")
        saving = None
        if risk.mitigation_cost is not None:
            # What the response buys: the fall in expected cost, against what the response costs.
            saving = risk.inherent_emv - risk.emv
        return render(request, self.template_name, self.context(risk=risk, tasks=tasks, saving=saving))


class RiskDeleteView(RiskMixin, TemplateView):
    template_name = "risks/risk_confirm_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_initiative()
        self.require_edit()
        return render(request, self.template_name, self.context(risk=self.load_risk()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        initiative = self.load_initiative()
        self.require_edit()
        risk = self.load_risk()
        form = VersionOnlyForm(request.POST)
        version = form.cleaned_data["version"] if form.is_valid() else -1
        try:
            services.risk_delete(user=request.user, risk=risk, expected_version=version)  # type: ignore[arg-type]
        except services.VersionConflict:
            messages.error(request, _("Someone else changed this risk meanwhile. Check it before deleting."))
            return redirect("risks:detail", org=self.organisation.slug, pk=initiative.pk, risk_pk=risk.pk)
        messages.success(request, _("Risk %(key)s deleted.") % {"key": risk.key})
        return redirect("risks:register", org=self.organisation.slug, pk=initiative.pk)
