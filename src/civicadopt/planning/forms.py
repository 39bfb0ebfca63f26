from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicadopt.forms import BoundedModelChoiceField, PercentPointsField, VersionField
from civicadopt_core.schedule import format_predecessor

from .models import Holiday, Plan, Task


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(forms.ModelForm):
    version = VersionField(required=False)
    confidence = PercentPointsField(
        label=_("Confidence level for the reserve (%)"),
        minimum=Decimal(50),
        maximum=Decimal(95),
        decimal_places=0,
        range_message=_("Enter a confidence level between %(low)s and %(high)s."),
        help_text=_("80 means the reserve covers the outcome in 8 out of 10 simulated projects."),
    )

    class Meta:
        model = Plan
        fields = ["start", "status_date", "distribution", "correlation", "confidence"]
        widgets = {"start": DateInput(), "status_date": DateInput()}

    def clean_confidence(self) -> int:
        return int(self.cleaned_data["confidence"])


class PlanStartForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["start"]
        widgets = {"start": DateInput()}


class TaskForm(forms.ModelForm):
    """A task with its predecessors typed as in Microsoft Project (e.g. ``3FS+2; 4SS``)."""

    version = VersionField(required=False)
    predecessors = forms.CharField(
        label=_("Predecessors"),
        required=False,
        max_length=1000,
        help_text=_(
            "Row numbers, separated by ';'. Optionally the link type and a lag in working days: "
            "3 (after 3 finishes), 3FS+2 (two days after), 4SS (starts with 4), 5FF-1, 2SF."
        ),
    )

    class Meta:
        model = Task
        fields = [
            "name", "duration", "milestone", "optimistic", "most_likely", "pessimistic", "constraint",
            "constraint_date", "phase", "cost", "cost_per_day", "notes",
        ]  # fmt: skip
        widgets = {"constraint_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "duration": _("Working days (weekends and holidays do not count). 0 for a milestone."),
            "optimistic": _("Optional three-point estimate, for the simulation: the best case."),
            "most_likely": _("The most likely duration (usually the same as the duration)."),
            "pessimistic": _("The worst plausible case."),
        }
        field_classes = {"phase": BoundedModelChoiceField}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["phase"].queryset = plan.initiative.phases.all()  # type: ignore[attr-defined]
        if self.instance.pk and "predecessors" not in self.initial:
            # The same notation as the table shows ("3SS+5", not the stored "3SS+5.00").
            self.initial["predecessors"] = "; ".join(
                format_predecessor(str(link.predecessor.row), link.type, float(link.lag))
                for link in self.instance.predecessor_links.select_related("predecessor")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("milestone"):
            data["duration"] = 0
        return data


class ProgressForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = Task
        fields = ["percent_complete", "actual_start", "actual_finish"]
        widgets = {"actual_start": DateInput(), "actual_finish": DateInput()}


class SimulateForm(forms.Form):
    iterations = forms.IntegerField(
        label=_("Iterations"), min_value=100, max_value=100_000, initial=10_000,
        help_text=_("How many possible futures to simulate. 10,000 gives stable percentiles."),
    )  # fmt: skip
    seed = forms.IntegerField(
        label=_("Seed"), min_value=0, max_value=2**31 - 1, required=False,
        help_text=_("Leave empty to use the plan's own seed, so repeated runs give the same figures."),
    )  # fmt: skip


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name"]
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
