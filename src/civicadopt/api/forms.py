"""The form that creates an API key on the "API keys" page."""

from datetime import datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

# Keys expire by default: a forgotten key in an old script should stop working on its own.
LIFETIME_CHOICES = [
    (30, _("In 30 days")),
    (90, _("In 90 days")),
    (365, _("In one year")),
    (0, _("Never")),
]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, so you recognise it later, e.g. 'Budget spreadsheet sync'."),
    )
    lifetime = forms.TypedChoiceField(
        label=_("Expires"),
        choices=LIFETIME_CHOICES,
        coerce=int,
        initial=90,
        help_text=_("A token that never expires keeps working until you revoke it."),
    )

    def expires_at(self, now: datetime) -> datetime | None:
        """Return when a key created at ``now`` expires, or None for a key that never expires."""
        days = self.cleaned_data["lifetime"]
        return now + timedelta(days=days) if days else None
