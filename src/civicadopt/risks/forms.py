import re
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import User
from civicadopt.forms import (
    HUNDRED,
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    PercentField,
    VersionField,
    WarningsMixin,
    plain,
)
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.models import Task
from civicadopt_core import risk as core

from .models import Category, Rating, Risk, Status
from .selectors import ORDERINGS

FRACTION = Decimal("0.0001")


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RiskForm(WarningsMixin, forms.ModelForm):
    probability = PercentField(
        label=_("Probability before the response (%)"),
        range_message=_("Enter a probability between %(low)s and %(high)s."),
        help_text=_("The chance it happens if nothing is done, in percent: 30 means 3 in 10."),
    )
    residual_probability = PercentField(
        label=_("Probability after the response (%)"),
        range_message=_("Enter a probability between %(low)s and %(high)s."),
        required=False,
        help_text=_("Leave empty if the response does not change the chance."),
    )
    version = VersionField(required=False)

    class Meta:
        model = Risk
        fields = [
            "title", "category", "cause", "event", "effect", "owner", "owner_name", "status", "review_date",
            "probability", "cost_low", "cost_most_likely", "cost_high", "schedule_low",
            "schedule_most_likely", "schedule_high", "response", "mitigation", "mitigation_cost", "trigger",
            "contingency_plan", "residual_probability", "residual_cost", "residual_schedule", "tasks",
        ]  # fmt: skip
        field_classes = {"owner": BoundedModelChoiceField, "tasks": BoundedModelMultipleChoiceField}
        widgets = {
            "response": forms.RadioSelect,
            "cause": forms.Textarea(attrs={"rows": 2}),
            "event": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "trigger": forms.Textarea(attrs={"rows": 2}),
            "contingency_plan": forms.Textarea(attrs={"rows": 3}),
            "review_date": date_input(),
            "tasks": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("A short name people will recognise, e.g. “Permit data fails to migrate cleanly”."),
            "cause": _("Because of… : the fact or condition that gives rise to the risk."),
            "event": _("…this may happen: the uncertain event."),
            "effect": _("…which would lead to: the consequence for cost, time, service or reputation."),
            "owner": _("The person who watches this risk and acts on it."),
            "owner_name": _("If the owner has no account here: their name or role, e.g. “Vendor project manager”."),
            "review_date": _("When the risk is next looked at. Open risks past this date are flagged as overdue."),
            "cost_low": _("Optional: the lowest plausible extra cost, for the simulation."),
            "cost_most_likely": _("The extra cost if it happens, in the organisation's currency."),
            "cost_high": _("Optional: the highest plausible extra cost."),
            "schedule_low": _("Optional: the shortest plausible delay, for the simulation."),
            "schedule_most_likely": _("The delay if it happens, in working days."),
            "schedule_high": _("Optional: the longest plausible delay."),
            "response": _(
                "Avoid: change the plan so it cannot happen. Reduce: make it less likely or less harmful. "
                "Transfer: pass it to a vendor or insurer. Accept: watch it and act if it happens."
            ),
            "mitigation": _("What will be done, by whom and when."),
            "trigger": _("The warning sign that it is happening or about to."),
            "contingency_plan": _("What to do if it happens anyway."),
            "residual_cost": _("Leave empty if the response does not change the cost."),
            "residual_schedule": _("Leave empty if the response does not change the delay."),
            "tasks": _("The plan's tasks that would be delayed. The simulation adds the delay to each."),
        }  # fmt: skip

    FIELDSETS = (
        (_("The risk"), ("title", "category", "cause", "event", "effect", "owner", "owner_name", "status",
                         "review_date")),
        (_("Before the response"), ("probability", "cost_low", "cost_most_likely", "cost_high",
                                    "schedule_low", "schedule_most_likely", "schedule_high")),
        (_("Response"), ("response", "mitigation", "mitigation_cost", "trigger", "contingency_plan")),
        (_("After the response"), ("residual_probability", "residual_cost", "residual_schedule")),
        (_("Affected tasks"), ("tasks",)),
    )  # fmt: skip

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.fields["owner"].queryset = User.objects.filter(
            memberships__organisation_id=initiative.organisation_id
        ).order_by("first_name", "last_name", "username")
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        tasks = Task.objects.filter(plan__initiative=initiative).order_by("row")
        if tasks.exists():
            self.fields["tasks"].queryset = tasks
        else:
            del self.fields["tasks"]  # no plan yet: nothing to link
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def fieldsets(self) -> list[tuple[str, list[BoundField]]]:
        groups = [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]
        return [(str(legend), fields) for legend, fields in groups if fields]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        twins = Risk.objects.filter(initiative=self.instance.initiative, title__iexact=title)
        twin = twins.exclude(pk=self.instance.pk).order_by("number").first()
        if twin is not None:
            self.warn(_(
                "Risk %(key)s already has the title “%(title)s”. If it is the same risk, delete one: a risk "
                "entered twice is counted twice in the reserve."
            ) % {"key": twin.key, "title": title})  # fmt: skip
        return title


class VersionOnlyForm(forms.Form):
    """The version a confirmation page (delete) was shown at."""

    version = VersionField()


class RiskFilterForm(forms.Form):
    """The filters above the register (a GET form: it works without JavaScript). Unknown values are
    ignored, never an error page."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    rating = forms.ChoiceField(label=_("Rating after the response"), required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    overdue = forms.BooleanField(label=_("Only risks overdue for review"), required=False)
    order = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + list(Status.choices)
        self.fields["category"].choices = anything + list(Category.choices)
        self.fields["rating"].choices = anything + list(Rating.choices)
        self.fields["owner"].choices = anything + owners
        labels = {
            "number": _("Number"),
            "-residual": _("Most serious first (after the response)"),
            "-inherent": _("Most serious first (before the response)"),
            "-emv": _("Highest expected cost first"),
            "review": _("Next review first"),
            "title": _("Title A to Z"),
            "category": _("Category"),
        }
        self.fields["order"].choices = [(key, labels[key]) for key in ORDERINGS]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The first row names the columns; title and probability_pct are required."),
    )


# Numbers in a list: separated by semicolons, spaces, or commas that are not thousands separators
# ("10,000, 30,000" is two numbers; "10,30,50,70" is four).
_SEPARATORS = re.compile(r"[;\s]+|,(?!\d{3}(?!\d))")
_SYMBOLS = re.compile(r"[$£€%,]")


class LimitsField(forms.CharField):
    """Band limits typed as a list of numbers ("10, 30, 50, 70"), cleaned to a list of Decimals divided
    by ``scale`` (100 for percentages)."""

    def __init__(self, *, scale: Decimal = Decimal(1), **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.scale = scale

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(plain(Decimal(str(v)) * self.scale) for v in value)
        return value

    def clean(self, value: Any) -> list[Decimal]:  # type: ignore[override]
        text = super().clean(value)
        parts = [_SYMBOLS.sub("", part) for part in _SEPARATORS.split(text or "")]
        try:
            numbers = [Decimal(part) for part in parts if part]
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Type numbers separated by commas, e.g. 10, 30, 50, 70.")) from exc
        if any(not number.is_finite() for number in numbers):
            raise forms.ValidationError(_("Type numbers separated by commas, e.g. 10, 30, 50, 70."))
        return [number / self.scale for number in numbers]


class MatrixForm(forms.Form):
    """The organisation's matrix. Limits are the upper limit of every band but the top one."""

    size = forms.TypedChoiceField(
        label=_("Matrix size"), coerce=int, choices=[(n, _("%(n)d by %(n)d") % {"n": n}) for n in core.SIZES]
    )
    use_defaults = forms.BooleanField(
        label=_("Use the standard limits for this size"),
        required=False,
        help_text=_(
            "Fills in every limit below from the standard bands (cost bands from the budget, if given)."
        ),
    )
    budget = forms.DecimalField(
        label=_("Typical project budget"),
        required=False,
        min_value=Decimal(100),
        max_digits=16,
        decimal_places=2,
        help_text=_("Optional: sets the cost limits to 1%, 3%, 5% and 10% of this budget (5 by 5 matrix)."),
    )
    probability_limits = LimitsField(
        label=_("Probability band limits (%)"),
        scale=HUNDRED,
        required=False,
        help_text=_(
            "For example 10, 30, 50, 70: up to 10% scores 1, up to 30% scores 2, … over 70% scores 5."
        ),
    )
    cost_limits = LimitsField(
        label=_("Cost impact band limits"),
        required=False,
        help_text=_(
            "Money, for example 10000, 30000, 50000, 100000: up to 10,000 scores 1, … over 100,000 scores 5."
        ),
    )
    schedule_limits = LimitsField(
        label=_("Delay band limits (working days)"),
        required=False,
        help_text=_("For example 5, 10, 20, 40: up to a week scores 1, … over two months scores 5."),
    )
    rating_limits = LimitsField(
        label=_("Highest scores rated low, medium and high"),
        required=False,
        help_text=_(
            "Three whole numbers, for example 4, 9, 15: 1 to 4 low, 5 to 9 medium, 10 to 15 high, 16 and above very high."
        ),
    )
    version = VersionField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        size = data.get("size")
        if size is None:
            return data
        budget = data.get("budget")
        standard = core.default_matrix(budget or core.DEFAULT_BUDGET, size)
        if data.get("use_defaults"):
            for name in ("probability_limits", "cost_limits", "schedule_limits"):
                data[name] = list(getattr(standard, name))
            data["rating_limits"] = [Decimal(n) for n in standard.rating_limits]
        elif budget is not None:
            data["cost_limits"] = list(standard.cost_limits)
        for name in ("probability_limits", "cost_limits", "schedule_limits", "rating_limits"):
            self._check_limits(name, data.get(name), size)
        if not self.errors:
            try:
                core.Matrix(
                    size,
                    *(tuple(data[n]) for n in ("probability_limits", "cost_limits", "schedule_limits")),
                    rating_limits=tuple(int(n) for n in data["rating_limits"]),
                )  # type: ignore[arg-type]
            except ValueError as exc:  # every rule is checked above; this is the core's last word
                raise forms.ValidationError(str(exc)) from exc
        return data

    def _check_limits(self, name: str, limits: list[Decimal] | None, size: int) -> None:
        if limits is None or name in self.errors:
            return
        needed = 3 if name == "rating_limits" else size - 1
        if len(limits) != needed:
            self.add_error(
                name, _("Give %(n)d numbers for a %(size)d by %(size)d matrix.") % {"n": needed, "size": size}
            )
        elif any(low >= high for low, high in pairwise(limits)) or limits[0] <= 0:
            self.add_error(name, _("The numbers must be above zero and each larger than the one before."))
        elif name == "probability_limits" and limits[-1] >= 1:
            self.add_error(name, _("Each limit must be below 100%."))
        elif name == "rating_limits" and (
            any(n != n.to_integral_value() for n in limits) or limits[-1] >= size * size
        ):
            self.add_error(name, _("Use whole numbers below %(top)d.") % {"top": size * size})

    def matrix_data(self) -> dict[str, Any]:
        """Return the cleaned matrix as the service stores it (exact decimal text)."""
        data = self.cleaned_data
        return {
            "size": data["size"],
            "probability_limits": [plain(v.quantize(FRACTION)) for v in data["probability_limits"]],
            "cost_limits": [plain(v.quantize(Decimal("0.01"))) for v in data["cost_limits"]],
            "schedule_limits": [plain(v.quantize(Decimal("0.01"))) for v in data["schedule_limits"]],
            "rating_limits": [int(v) for v in data["rating_limits"]],
        }
