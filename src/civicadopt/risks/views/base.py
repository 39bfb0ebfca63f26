from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.utils import timezone

from civicadopt.initiatives.views import InitiativeMixin

from .. import permissions
from ..models import Risk
from ..selectors import matrix_for, risk_get


class RiskMixin(InitiativeMixin):
    """Load the initiative (404 for others' records) and, where the URL names one, its risk."""

    risk: Risk

    def load_risk(self) -> Risk:
        self.risk = risk_get(user=self.request.user, initiative=self.initiative, pk=self.kwargs["risk_pk"])  # type: ignore[attr-defined]
        return self.risk

    def require_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied

    def may_edit_matrix(self) -> bool:
        return permissions.can_edit_matrix(self.role)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "initiative": self.initiative,
            "may_edit": self.may_edit(),
            "may_edit_matrix": self.may_edit_matrix(),
            "matrix": matrix_for(organisation=self.organisation),
            "today": timezone.localdate(),
            **extra,
        }


def apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, field by field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
