"""The initiative's own page (headline figures first, then its stage, problem, facts and phases) and the
stage change, a small form of its own that lists what each later stage needs.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from civicadopt.accounts.roles import Role
from civicadopt.reports.formatting import format_money, format_number

from . import gates, permissions, selectors, services
from .forms import StageForm
from .models import Initiative, Stage
from .overview import Overview, initiative_overview
from .views import InitiativeMixin


def _gate_rows(
    initiative: Initiative, readiness: gates.Readiness, to_stage: str, org: str
) -> list[dict[str, Any]]:
    return [
        {
            "gate": gate,
            "met": met,
            "url": reverse(gate.fix_url_name, kwargs={"org": org, "pk": initiative.pk}),
        }
        for gate, met in gates.gate_checklist(readiness, from_stage=initiative.stage, to_stage=to_stage)
    ]


def headline(overview: Overview, currency: str) -> dict[str, str]:
    """Return the overview's figures as text, money in the organisation's currency."""

    def money(value: Any) -> str:
        return "" if value is None else format_money(value, currency)

    case, funding, schedule = overview.case, overview.funding, overview.schedule
    return {
        "npv": money(case.npv),
        "bcr": "" if case.bcr is None else format_number(case.bcr, 2),
        "cost": money(funding.cost),
        "committed": money(funding.committed),
        "gap_committed": money(funding.gap_committed),
        "gap_expected": money(funding.gap_expected),
        "reserve_cost": money(schedule.reserve_cost),
        "reserve_days": "" if schedule.reserve_days is None else format_number(schedule.reserve_days, 1),
    }


def stage_steps() -> list[Stage]:
    return [stage for stage in Stage if stage != Stage.STOPPED]


class InitiativeDetailView(InitiativeMixin, TemplateView):
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        initiative = self.load_initiative()
        overview = initiative_overview(initiative, today=timezone.localdate())
        following = gates.next_stage(initiative.stage)
        next_gates = (
            _gate_rows(initiative, gates.readiness_of(initiative), following, self.organisation.slug)
            if following
            else []
        )
        context.update(
            initiative=initiative,
            overview=overview,
            figures=headline(overview, initiative.organisation.currency),
            stages=stage_steps(),
            history=selectors.stage_history(initiative=initiative),
            next_stage=Stage(following) if following else None,
            next_gates=next_gates,
            next_unmet=sum(1 for row in next_gates if not row["met"]),
            may_change_stage=permissions.can_change_stage(self.role),
            phases=initiative.phases.all(),
            goals=initiative.goals.all(),
            tags=initiative.tags.all(),
            may_edit=self.may_edit(),
            may_delete=permissions.can_delete(self.role),
            may_read_audit=permissions.can_read_audit(self.role),
        )
        return context


class InitiativeStageView(InitiativeMixin, View):
    """Move an initiative to another stage: the form, what each later stage needs, and the refusal or
    override when gates are unmet."""

    minimum_role = Role.MANAGER
    template_name = "initiatives/stage_form.html"

    def page(self, initiative: Initiative, form: StageForm, status: int = 200) -> HttpResponse:
        readiness = gates.readiness_of(initiative)
        org = self.organisation.slug
        road = gates.ROAD
        later = road[road.index(initiative.stage) + 1 :] if initiative.stage in road else ()
        # Each later stage with only its own gates: the stages before it list theirs.
        checklist = [
            {
                "stage": Stage(stage),
                "gates": [
                    row for row in _gate_rows(initiative, readiness, stage, org) if row["gate"].stage == stage
                ],
            }
            for stage in later
        ]
        context = {
            "initiative": initiative,
            "organisation": self.organisation,
            "form": form,
            "checklist": [entry for entry in checklist if entry["gates"]],
            "stages": stage_steps(),
            "may_edit": True,  # only managers reach this page, and they may act on every gate
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        initiative = self.load_initiative()
        following = gates.next_stage(initiative.stage) or initiative.stage
        form = StageForm(initial={"stage": following, "version": initiative.version})
        return self.page(initiative, form)

    def post(self, request: HttpRequest, org: str, pk: int) -> HttpResponse:
        initiative = self.load_initiative()
        form = StageForm(request.POST)
        if not form.is_valid():
            return self.page(initiative, form)
        try:
            services.initiative_change_stage(
                user=request.user,  # type: ignore[arg-type]
                initiative=initiative,
                expected_version=form.cleaned_data["version"],
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
                override=form.cleaned_data["override"],
            )
        except services.VersionConflict as conflict:
            initiative = conflict.current
            form = StageForm(data={"stage": form.cleaned_data["stage"], "version": initiative.version})
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed this initiative meanwhile: it is now at the stage “%(stage)s”. "
                    "Check what it needs below and send the form again."
                )
                % {"stage": initiative.get_stage_display()},
            )
            return self.page(initiative, form)
        except services.GateRefused as refusal:
            form.add_error(
                "stage",
                _("Not yet: “%(stage)s” needs what is still missing.")
                % {"stage": Stage(form.cleaned_data["stage"]).label},
            )
            for gate in refusal.unmet:
                form.add_error("stage", _("Missing: %(requirement)s") % {"requirement": gate.requirement})
            form.add_error(
                "override",
                _("To move on anyway, tick this box and say why in the note."),
            )
            return self.page(initiative, form)
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
            return self.page(initiative, form)
        messages.success(
            request, _("Stage changed to %(stage)s.") % {"stage": initiative.get_stage_display()}
        )
        return redirect("initiatives:detail", org=org, pk=pk)
