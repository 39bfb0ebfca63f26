from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from civicadopt.forms import VersionField, WarningsMixin, discount_rate_field

from .models import Department, Membership, Organisation, StrategicGoal


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("That user name and password do not match. Both are case-sensitive."),
        "inactive": _("This account is switched off. Ask your organisation's administrator."),
    }


class OrganisationSettingsForm(WarningsMixin, forms.ModelForm):
    version = VersionField()
    discount_rate = discount_rate_field(
        label=_("Flat discount rate (%)"),
        help_text=_(
            "In percent a year, e.g. 3.5. New business cases start with it when the schedule is a flat rate."
        ),
    )

    class Meta:
        model = Organisation
        fields = list(Organisation.SETTINGS_FIELDS)
        help_texts = {
            "discount_rate_source": _(
                "Where the rate comes from, e.g. 'OMB Circular A-94 (1992) base case, reinstated by M-25-23' "
                "or 'city borrowing rate less expected inflation'."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [("", _("Follow the country")), *[c for c in language.choices if c[0]]]  # type: ignore[attr-defined]

    def clean_country(self) -> str:
        return self.cleaned_data["country"].strip().upper()

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name"]

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organisation = organisation

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.organisation.departments.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("There is already a department with this name."))
        return name


class GoalForm(forms.ModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organisation = organisation

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if self.organisation.goals.filter(title__iexact=title).exists():
            raise forms.ValidationError(_("There is already a goal with this title."))
        return title


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
