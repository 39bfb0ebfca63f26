from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, role_at_least
from .selectors import organisation_list

# The navigation, by area: only areas that are built (an area appears when it is). Each entry: label,
# URL name, the URL names that mark it current.
NAVIGATION: tuple[tuple[Any, str, str], ...] = (
    (_("Initiatives"), "initiatives:list", "initiatives:"),
    (_("Funding"), "funding:home", "funding:"),
    (_("Reports"), "areas:reports", "areas:reports"),
    (_("Admin"), "accounts:org-settings", "accounts:org-"),
)


def organisation_context(request: HttpRequest) -> dict[str, Any]:
    """Expose the page's organisation (set by OrganisationMixin), the user's role in it and the navigation.

    Pages outside an organisation (such as API tokens) show the navigation of the user's first organisation.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": None, "nav_organisation": None}
    membership = getattr(request, "membership", None)
    role = membership.role if membership is not None else None
    organisations = list(organisation_list(user=user))
    current = getattr(request, "organisation", None)
    nav_organisation = current or (organisations[0] if organisations else None)
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    nav_items = []
    if nav_organisation is not None:
        for label, url_name, current_prefix in NAVIGATION:
            if url_name == "accounts:org-settings" and not role_at_least(role, Role.ADMIN):
                continue
            nav_items.append(
                {
                    "label": label,
                    "url": reverse(url_name, kwargs={"org": nav_organisation.slug}),
                    "current": bool(view_name) and view_name.startswith(current_prefix),
                }
            )
    return {
        "current_organisation": current,
        "current_role": role,
        "is_org_admin": role_at_least(role, Role.ADMIN),
        "nav_organisation": nav_organisation,
        "nav_items": nav_items,
        "user_organisations": organisations,
    }
