from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicadopt.forms import BoundedModelChoiceField, VersionField

from .models import AffordabilityBudget, Assumption, BusinessCase, Line, Option


class BusinessCaseForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = BusinessCase
        fields = [
            "stage", "price_base_year", "first_year", "prices", "inflation", "schedule", "discount_rate",
            "discount_rate_source", "timing", "project_type", "optimism_mitigation",
        ]  # fmt: skip


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, case: BusinessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = self.case.options.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already an option with this name."))
        return name


class LineForm(forms.ModelForm):
    class Meta:
        model = Line
        fields = ["kind", "category", "name", "year", "amount", "low", "high", "distribution", "group"]
        help_texts = {
            "year": _("0 is the first year of the appraisal."),
            "amount": _("In the price base year's money, without inflation."),
            "low": _("Optional: the lowest plausible amount, for the uncertainty analysis."),
            "high": _("Optional: the highest plausible amount."),
            "group": _("Optional: lines with the same group name move together in the simulation."),
        }

    def __init__(self, *args: Any, option: Option, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.option = option


class LinesCopyForm(forms.Form):
    to_option = BoundedModelChoiceField(label=_("Copy the chosen lines to"), queryset=Option.objects.none())
    lines = forms.ModelMultipleChoiceField(
        label=_("Lines"), queryset=Line.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: Any, option: Option, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_option"].queryset = option.business_case.options.exclude(pk=option.pk)
        self.fields["lines"].queryset = option.lines.all()


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "Columns: option, kind, category, name, year, amount; optionally low, high, distribution, group."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace the existing lines of the options in the file"),
        required=False,
        help_text=_("Otherwise the file's lines are added to the existing ones."),
    )


class AssumptionForm(forms.ModelForm):
    class Meta:
        model = Assumption
        fields = ["name", "value", "source", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class BudgetForm(forms.ModelForm):
    class Meta:
        model = AffordabilityBudget
        fields = ["fiscal_year", "amount"]


class PreferredForm(forms.Form):
    preferred_option = BoundedModelChoiceField(
        label=_("Preferred option"), queryset=Option.objects.none(), required=False
    )
    preferred_rationale = forms.CharField(
        label=_("Why this option"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For the council: value for money, affordability, risk, fit with the goals."),
    )

    def __init__(self, *args: Any, case: BusinessCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_option"].queryset = case.options.all()


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("Label"), required=False, max_length=200,
                            help_text=_("e.g. 'For the council meeting of 12 March'."))  # fmt: skip
