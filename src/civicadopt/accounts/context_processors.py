from typing import Any

from django.http import HttpRequest

from .roles import Role, role_at_least


def organisation_context(request: HttpRequest) -> dict[str, Any]:
    """Expose the organisation the page belongs to (set by OrganisationMixin) and the user's role in it."""
    membership = getattr(request, "membership", None)
    role = membership.role if membership is not None else None
    return {
        "current_organisation": getattr(request, "organisation", None),
        "current_role": role,
        "is_org_admin": role_at_least(role, Role.ADMIN),
    }
