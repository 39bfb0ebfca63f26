from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from civicadopt.initiatives.views import InitiativeMixin

from ..models import BusinessCase, Option
from ..selectors import business_case_for


class CaseMixin(InitiativeMixin):
    """Load the initiative (404 for others' records) and its business case (404 when there is none)."""

    case: BusinessCase

    def load_case(self) -> BusinessCase:
        initiative = self.load_initiative()
        case = business_case_for(initiative=initiative)
        if case is None:
            raise Http404
        case.initiative = initiative
        self.case = case
        return case

    def require_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied

    def load_option(self, pk: int) -> Option:
        option = self.case.options.filter(pk=pk).first()
        if option is None:
            raise Http404
        option.business_case = self.case
        return option

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            "initiative": self.initiative,
            "case": self.case,
            "may_edit": self.may_edit(),
            **extra,
        }
