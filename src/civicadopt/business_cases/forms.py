from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.conventions import stage_choices
from civicadopt.forms import (
    BoundedModelChoiceField,
    MoneyField,
    PercentField,
    VersionField,
    WarningsMixin,
    discount_rate_field,
)

from .models import AffordabilityBudget, Assumption, BusinessCase, Line, Option
from .rate_options import RateChoiceFields


class BusinessCaseForm(RateChoiceFields, WarningsMixin, forms.ModelForm):
    version = VersionField(required=False)
    inflation = PercentField(
        label=_("Inflation a year (%)"),
        minimum=Decimal("-50"),
        maximum=Decimal("99.99"),
        range_message=_("Enter an inflation rate between %(low)s and %(high)s."),
        help_text=_(
            "In percent: 2 means prices rise 2% a year. Turns nominal amounts into base-year prices."
        ),
    )
    discount_rate = discount_rate_field(
        label=_("Flat discount rate (%)"),
        help_text=_("In percent a year, e.g. 3.5. Used with the flat schedule."),
    )
    optimism_mitigation = PercentField(
        label=_("Optimism bias mitigation (%)"),
        decimal_places=0,
        range_message=_("Enter a mitigation between %(low)s and %(high)s."),
        help_text=_("How far the usual risks of such projects are managed: 0 = not yet, 100 = fully."),
    )

    class Meta:
        model = BusinessCase
        fields = [
            "stage", "price_base_year", "first_year", "horizon_years", "prices", "inflation", "schedule",
            "discount_rate", "discount_rate_source", "timing", "project_type", "optimism_mitigation",
        ]  # fmt: skip

    def __init__(self, *args: Any, country: str = "US", today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["horizon_years"].required = False  # empty keeps the stored (or default) period
        # The organisation's country names the stages and offers its published rates (rate_options.py).
        self.fields["stage"].choices = stage_choices(country)
        self.offer_rates(
            country=country, on=today or timezone.localdate(), years=self.instance.horizon_years or None
        )
        order = list(self._meta.fields)  # type: ignore[arg-type]
        at = order.index("schedule")
        self.order_fields([*order[:at], "rate_choice", "borrowing_rate", "expected_inflation", *order[at:]])

    def clean_horizon_years(self) -> int:
        return self.cleaned_data.get("horizon_years") or self.instance.horizon_years


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


class LineForm(WarningsMixin, forms.ModelForm):
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
        field_classes = {"amount": MoneyField, "low": MoneyField, "high": MoneyField}

    def __init__(self, *args: Any, option: Option, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.option = option
        currency = option.business_case.initiative.organisation.currency
        for name in ("amount", "low", "high"):
            self.fields[name].set_currency(currency)  # type: ignore[attr-defined]
        last = option.business_case.horizon_years
        self.fields["year"].widget.attrs["max"] = last
        self.fields["year"].help_text = _(
            "0 is the first year of the appraisal; the last is year %(last)d."
        ) % {"last": last}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(name) is not None for name in ("kind", "category", "name", "year")):
            twins = self.instance.option.lines.filter(
                kind=data["kind"], category=data["category"], name__iexact=data["name"], year=data["year"]
            ).exclude(pk=self.instance.pk)
            if twins.exists():
                self.warn(_(
                    "“%(name)s” in year %(year)d is now on this option more than once (same category). "
                    "If it is counted twice, delete one."
                ) % {"name": data["name"], "year": data["year"]})  # fmt: skip
        return data


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
