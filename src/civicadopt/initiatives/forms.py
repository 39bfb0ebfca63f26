from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicadopt.accounts.models import Organisation, User
from civicadopt.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField, VersionField

from .models import Initiative, Phase, Stage, Status
from .selectors import ORDERINGS
from .services import MAX_TAGS, normalise_tags


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list ("cloud, security") and cleaned to a list of names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate tags with commas, e.g. cloud, security, residents."))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def clean(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().clean(value)
        tags = normalise_tags(text.split(",")) if text else []
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Use at most %(n)d tags.") % {"n": MAX_TAGS})
        return tags


class InitiativeForm(forms.ModelForm):
    tags = TagsField(label=_("Tags"))
    version = VersionField(required=False)

    class Meta:
        model = Initiative
        fields = ["title", "problem_statement", "owner", "department", "goals", "stage", "status"]
        field_classes = {
            "owner": BoundedModelChoiceField,
            "department": BoundedModelChoiceField,
            "goals": BoundedModelMultipleChoiceField,
        }
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, may_change_stage: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new initiative belongs to this organisation from the start, so the model's own checks
        # (a department of the same organisation) see it while the form validates.
        self.instance.organisation = organisation
        self.fields["owner"].queryset = User.objects.filter(memberships__organisation=organisation).order_by(
            "first_name", "last_name", "username"
        )
        self.fields["owner"].label_from_instance = lambda user: user.display_name
        self.fields["department"].queryset = organisation.departments.all()
        self.fields["goals"].queryset = organisation.goals.all()
        if self.instance.pk:
            self.fields["tags"].initial = [tag.name for tag in self.instance.tags.all()]
            self.fields["version"].initial = self.instance.version
        if not may_change_stage:
            # Only managers move an initiative between stages; others do not see the field at all.
            del self.fields["stage"]

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to stage"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Note for the stage history"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when stopping an initiative, or when moving on without meeting every gate: say why."
        ),
    )
    override = forms.BooleanField(
        label=_("Move on without meeting every gate"),
        required=False,
        help_text=_(
            "Only when there is a good reason. The note and the gates not met are kept in the stage history."
        ),
    )
    version = VersionField()


class VersionOnlyForm(forms.Form):
    """The version a confirmation page (such as delete) was shown at."""

    version = VersionField()


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "name", "scope", "start", "finish", "position"]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 3}),
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "finish": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"position": _("Order of this phase: 1 for the pilot, 2 for the first wave, and so on.")}


class InitiativeFilterForm(forms.Form):
    """The search and filters above the initiative list. Unknown values are ignored, never an error page."""

    q = forms.CharField(label=_("Search titles and problem statements"), required=False, max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    goal = forms.TypedChoiceField(label=_("Strategic goal"), required=False, coerce=int, empty_value=None)
    order = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["stage"].choices = anything + list(Stage.choices)
        self.fields["status"].choices = anything + list(Status.choices)
        self.fields["department"].choices = anything + [
            (department.pk, department.name) for department in organisation.departments.all()
        ]
        self.fields["goal"].choices = anything + [(goal.pk, goal.title) for goal in organisation.goals.all()]
        self.fields["tag"].choices = anything + [(tag.name, tag.name) for tag in organisation.tags.all()]
        labels = {
            "title": _("Title A to Z"),
            "-title": _("Title Z to A"),
            "stage": _("Stage, earliest first"),
            "-stage": _("Stage, latest first"),
            "updated": _("Least recently changed"),
            "-updated": _("Most recently changed"),
            "department": _("Department"),
        }
        self.fields["order"].choices = [(key, labels[key]) for key in ORDERINGS]
