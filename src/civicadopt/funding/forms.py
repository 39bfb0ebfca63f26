"""Forms of the funding pages, and the Grants.gov vocabularies they offer as choices.

The applicant types and categories are the codes of the Grants.gov XML extract (``EligibleApplicants``
and ``CategoryOfFundingActivity``), so that imported programmes and the ones a city types in use the same
words and can be searched together.
"""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicadopt.forms import BoundedModelChoiceField, PercentField, PercentPointsField, VersionField

from .models import Application, FundingSource, Kind, Programme
from .selectors import CLOSES_WITHIN, ORDERINGS, OWNERS
from .services import MAX_CHECKLIST, MAX_CHECKLIST_ITEM

# Grants.gov eligibility codes ("EligibleApplicants"), in the order Grants.gov lists them.
APPLICANT_TYPES: tuple[tuple[str, Any], ...] = (
    ("00", _("State governments")),
    ("01", _("County governments")),
    ("02", _("City or township governments")),
    ("04", _("Special district governments")),
    ("05", _("Independent school districts")),
    ("06", _("Public and State controlled institutions of higher education")),
    ("07", _("Native American tribal governments (Federally recognized)")),
    ("08", _("Public and Indian housing authorities")),
    ("11", _("Native American tribal organizations (other than Federally recognized tribal governments)")),
    ("12", _("Nonprofits having a 501(c)(3) status with the IRS, other than institutions of higher education")),
    ("13", _("Nonprofits that do not have a 501(c)(3) status with the IRS, other than institutions of higher education")),
    ("20", _("Private institutions of higher education")),
    ("21", _("Individuals")),
    ("22", _("For profit organizations other than small businesses")),
    ("23", _("Small businesses")),
    ("25", _("Others (see text field entitled \"Additional Information on Eligibility\" for clarification)")),
    ("99", _("Unrestricted (i.e., open to any type of entity above), subject to any clarification in text field entitled \"Additional Information on Eligibility\"")),
)  # fmt: skip
APPLICANT_TYPE_LABELS: dict[str, Any] = dict(APPLICANT_TYPES)

# Grants.gov categories of funding activity ("CategoryOfFundingActivity").
CATEGORIES: tuple[tuple[str, Any], ...] = (
    ("ACA", _("Affordable Care Act")),
    ("AG", _("Agriculture")),
    ("AR", _("Arts")),
    ("BC", _("Business and Commerce")),
    ("CD", _("Community Development")),
    ("CP", _("Consumer Protection")),
    ("DPR", _("Disaster Prevention and Relief")),
    ("ED", _("Education")),
    ("ELT", _("Employment, Labor and Training")),
    ("EN", _("Energy")),
    ("ENV", _("Environment")),
    ("FN", _("Food and Nutrition")),
    ("HL", _("Health")),
    ("HO", _("Housing")),
    ("HU", _("Humanities")),
    ("IIJ", _("Infrastructure Investment and Jobs Act")),
    ("IS", _("Information and Statistics")),
    ("ISS", _("Income Security and Social Services")),
    ("LJL", _("Law, Justice and Legal Services")),
    ("NR", _("Natural Resources")),
    ("O", _("Other")),
    ("OZ", _("Opportunity Zone Benefits")),
    ("RA", _("Recovery Act")),
    ("RD", _("Regional Development")),
    ("ST", _("Science and Technology and other Research and Development")),
    ("T", _("Transportation")),
)
CATEGORY_LABELS: dict[str, Any] = dict(CATEGORIES)

REGION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
ASSISTANCE_LISTING = re.compile(r"^\d{2}\.[0-9A-Z]{3}$")


def labels(codes: list[str], vocabulary: dict[str, Any]) -> list[str]:
    """Return the labels of ``codes`` (an unknown code stands for itself)."""
    return [str(vocabulary.get(str(code), code)) for code in codes or []]


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def clean_region(text: str) -> str:
    """Return a place code in upper case (US, US-OH), or raise ValidationError."""
    text = (text or "").strip().upper()
    if text and not REGION.match(text):
        raise forms.ValidationError(_("Write a country (US) or a state as US-OH, or leave it empty."))
    return text


class CodesField(forms.MultipleChoiceField):
    """Codes of a vocabulary, as checkboxes; cleaned to a list in the vocabulary's order."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        chosen = set(super().clean(value))
        return [code for code, _label in self.choices if code in chosen]


class ListingsField(forms.CharField):
    """Assistance listing numbers typed as "10.001; 93.778" and cleaned to a list of numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "; ".join(str(item) for item in value) if isinstance(value, list | tuple) else value

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value) or ""
        numbers = [part.strip().upper() for part in re.split(r"[;,\s]+", text) if part.strip()]
        wrong = [number for number in numbers if not ASSISTANCE_LISTING.match(number)]
        if wrong:
            raise forms.ValidationError(
                _("Write assistance listing numbers as 10.001, separated by semicolons (not: %(wrong)s).")
                % {"wrong": ", ".join(wrong[:3])}
            )
        return list(dict.fromkeys(numbers))


class ProgrammeFilterForm(forms.Form):
    """The search and filters above the catalogue (a GET form that works without JavaScript). Unknown
    values are ignored, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in the name, the funder or the description; every word must appear."),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    applicant_type = forms.ChoiceField(label=_("Open to applicant type"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    closes_within = forms.TypedChoiceField(
        label=_("Closes within"), required=False, coerce=int, empty_value=None
    )
    owner = forms.ChoiceField(label=_("Programmes"), required=False)
    order = forms.ChoiceField(label=_("Sort by"), required=False)
    open_now = forms.BooleanField(label=_("Only programmes open now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + list(Kind.choices)
        self.fields["applicant_type"].choices = anything + [
            (code, f"{code} {label}") for code, label in APPLICANT_TYPES if code != "99"
        ]
        self.fields["category"].choices = anything + list(CATEGORIES)
        self.fields["closes_within"].choices = [("", _("Any time"))] + [
            (days, _("%(n)d days") % {"n": days}) for days in CLOSES_WITHIN
        ]
        owners = {"shared": _("Shared (Grants.gov)"), "own": _("Ours only")}
        self.fields["owner"].choices = [("", _("All"))] + [(key, owners[key]) for key in OWNERS]
        orders = {
            "closes": _("Closing soonest"),
            "-posted": _("Newest first"),
            "name": _("Name A to Z"),
            "funder": _("Funder A to Z"),
            "-award": _("Largest award first"),
        }
        self.fields["order"].choices = [(key, orders[key]) for key in ORDERINGS]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class ProgrammeForm(forms.ModelForm):
    applicant_types = CodesField(
        label=_("Eligible applicant types"),
        required=False,
        choices=APPLICANT_TYPES,
        help_text=_("Who may apply. Choose “Unrestricted” if anyone may."),
    )
    categories = CodesField(label=_("Categories"), required=False, choices=CATEGORIES)
    assistance_listings = ListingsField(
        label=_("Assistance listing numbers"),
        help_text=_("Federal assistance listing (CFDA) numbers, e.g. 11.307; 97.067."),
    )
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    version = VersionField(required=False)

    class Meta:
        model = Programme
        fields = [
            "funder", "name", "kind", "applicant_types", "geography", "categories", "purposes",
            "award_floor", "award_ceiling", "total_funding", "cost_sharing", "match_percent", "opens",
            "closes", "rolling", "assistance_listings", "url", "description", "eligibility_notes", "notes",
        ]  # fmt: skip
        field_classes = {"match_percent": PercentPointsField}
        widgets = {
            "purposes": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligibility_notes": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "opens": date_input(),
            "closes": date_input(),
        }
        help_texts = {
            "funder": _("The agency, foundation, state department or partner offering the money."),
            "purposes": _("What the money may pay for, e.g. broadband, permitting software, training."),
            "match_percent": _("The share of the project the applicant must pay, in percent; empty if none."),
            "closes": _("The application deadline. Leave empty for a rolling programme."),
            "notes": _("Your own notes: contacts, tips, past applications."),
        }

    FIELDSETS = (
        (_("The programme"), ("funder", "name", "kind", "url", "description", "purposes", "categories",
                              "assistance_listings")),
        (_("Who may apply"), ("applicant_types", "geography", "eligibility_notes")),
        (_("Money"), ("award_floor", "award_ceiling", "total_funding", "cost_sharing", "match_percent")),
        (_("Dates"), ("opens", "closes", "rolling")),
        (_("Notes"), ("notes",)),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_funder(self) -> str:
        return " ".join(self.cleaned_data["funder"].split())

    def clean_geography(self) -> str:
        return clean_region(self.cleaned_data.get("geography", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        match = data.get("match_percent")
        if match and not data.get("cost_sharing"):
            data["cost_sharing"] = True  # a required match is cost sharing
        return data

    def programme_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The first row names the columns; funder and name are required."),
    )


class VersionOnlyForm(forms.Form):
    """The version a confirmation page (delete) was shown at."""

    version = VersionField()


class FundingProfileForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label=_("Applicant type"),
        choices=[(code, f"{code} {label}") for code, label in APPLICANT_TYPES if code != "99"],
        help_text=_("The Grants.gov eligibility code that describes this organisation."),
    )
    rural = forms.BooleanField(label=_("Rural area"), required=False)
    region = forms.CharField(
        label=_("State or region"),
        max_length=10,
        required=False,
        help_text=_("For example US-OH; empty if none."),
    )
    version = VersionField(required=False)

    def clean_region(self) -> str:
        return clean_region(self.cleaned_data.get("region", ""))

    def profile_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class MatchFundsForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=1990, max_value=2200)
    amount = forms.DecimalField(
        label=_("Match funds available"),
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=2,
        help_text=_("Money set aside to match grants that year. A year already listed is replaced."),
    )


class ApplicationForm(forms.ModelForm):
    programme = BoundedModelChoiceField(queryset=Programme.objects.none(), widget=forms.HiddenInput)
    probability = PercentField(
        label=_("Probability of award (%)"),
        decimal_places=1,
        range_message=_("Enter a probability between %(low)s and %(high)s."),
        help_text=_(
            "The chance of an award in percent: 30 means 3 in 10. Awarded counts as 100, declined and withdrawn as 0."
        ),
    )
    version = VersionField(required=False)

    class Meta:
        model = Application
        fields = [
            "programme", "stage", "deadline", "requested", "match_committed", "probability", "fiscal_year",
            "notes",
        ]  # fmt: skip
        widgets = {"deadline": date_input(), "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "deadline": _("When the application is due. It starts as the programme's closing date."),
            "requested": _("The amount asked of the funder, in the organisation's currency."),
            "match_committed": _("The organisation's own money promised as the match."),
            "fiscal_year": _("The fiscal year in which the money would arrive."),
        }

    def __init__(self, *args: Any, programmes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["programme"]  # an application stays with its programme
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["programme"].queryset = (
                programmes if programmes is not None else Programme.objects.none()
            )

    def application_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ChecklistForm(forms.Form):
    """The application's document checklist: which items are done, one item to add, and (from the button
    pressed) one item to remove."""

    done = forms.MultipleChoiceField(label=_("Done"), required=False, widget=forms.CheckboxSelectMultiple)
    new_item = forms.CharField(
        label=_("Add a document or step"),
        required=False,
        max_length=MAX_CHECKLIST_ITEM,
        help_text=_(
            "For example: letter of support from the county, budget narrative, SAM.gov registration."
        ),
    )
    remove = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, widget=forms.HiddenInput)
    version = VersionField()

    def __init__(self, *args: Any, items: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indexes = [(str(index), str(item.get("item", ""))) for index, item in enumerate(items)]
        self.fields["done"].choices = indexes
        self.fields["remove"].choices = indexes
        self.items = items

    def checklist(self) -> list[dict[str, Any]]:
        """Return the checklist as it should be stored after this submission."""
        done = {int(index) for index in self.cleaned_data.get("done") or []}
        remove = self.cleaned_data.get("remove")
        items = [
            {"item": str(item.get("item", "")), "done": index in done}
            for index, item in enumerate(self.items)
            if index != remove
        ]
        new = " ".join((self.cleaned_data.get("new_item") or "").split())
        if new:
            items.append({"item": new, "done": False})
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_item") and len(self.items) >= MAX_CHECKLIST:
            self.add_error("new_item", _("A checklist holds at most %(n)d items.") % {"n": MAX_CHECKLIST})
        return data


class SourceForm(forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "name", "fiscal_year", "amount", "committed"]
        help_texts = {
            "name": _("For example: General fund, County partnership, Equipment lease."),
            "committed": _("Untick while the money is only expected, not yet promised."),
        }

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())
