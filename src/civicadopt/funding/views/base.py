from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from civicadopt.accounts.mixins import OrganisationMixin
from civicadopt.forms import apply_errors
from civicadopt.initiatives.views import InitiativeMixin

from .. import services

__all__ = ["ApplicationsMixin", "FundingMixin", "apply_errors"]


class FundingMixin(OrganisationMixin):
    """A page of the organisation's funding area (its catalogue, profile, deadlines)."""

    def may_edit_catalogue(self) -> bool:
        return services.can_edit_catalogue(self.role)

    def may_edit_profile(self) -> bool:
        return services.can_edit_profile(self.role)

    def require_catalogue_edit(self) -> None:
        if not self.may_edit_catalogue():
            raise PermissionDenied

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "role": self.role,
            "may_edit_catalogue": self.may_edit_catalogue(),
            "may_edit_profile": self.may_edit_profile(),
            "today": timezone.localdate(),
            **extra,
        }


class ApplicationsMixin(InitiativeMixin):
    """A funding page of one initiative: loads it (404 for others' records); edits need the right to
    edit the initiative."""

    def require_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "initiative": self.initiative,
            "may_edit": self.may_edit(),
            "today": timezone.localdate(),
            **extra,
        }
