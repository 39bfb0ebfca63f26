"""The one place a page learns which organisation it belongs to and checks the user's role in it."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from .models import Membership, Organisation
from .roles import Role, role_at_least
from .selectors import membership_get


class OrganisationMixin:
    """Resolve ``org`` from the URL into ``self.organisation`` for a member, or answer 404.

    A page of an organisation the user does not belong to answers 404, exactly like a missing one.
    ``minimum_role`` guards the whole view (403 for a member below it); finer checks use
    ``self.role``.
    """

    minimum_role: str = Role.VIEWER
    # Pages answer GET and POST only (FormView would also accept PUT, which no page uses).
    http_method_names = ["get", "post", "head", "options"]
    organisation: Organisation
    membership: Membership

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.membership = membership_get(user=request.user, organisation_slug=kwargs["org"])  # type: ignore[arg-type]
        self.organisation = self.membership.organisation
        request.membership = self.membership  # type: ignore[attr-defined]
        request.organisation = self.organisation  # type: ignore[attr-defined]
        if not role_at_least(self.membership.role, self.minimum_role):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    @property
    def role(self) -> str:
        return self.membership.role

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["organisation"] = self.organisation
        context["role"] = self.role
        return context
