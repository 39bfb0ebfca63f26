"""What a member may do with an initiative, by role (see ``accounts.roles``).

Shared by the web pages (to show only the actions a person may take), the API and the services (which
enforce the same rules whatever the interface).
"""

from civicadopt.accounts.models import User
from civicadopt.accounts.roles import Role, role_at_least

from .models import Initiative


def can_create(role: str | None) -> bool:
    return role_at_least(role, Role.CONTRIBUTOR)


def can_edit(role: str | None, *, user: User, initiative: Initiative) -> bool:
    """Editors edit any initiative; contributors only those they own."""
    if role_at_least(role, Role.EDITOR):
        return True
    return role == Role.CONTRIBUTOR and initiative.owner_id is not None and initiative.owner_id == user.pk


def require_edit(user: User, initiative: Initiative) -> None:
    """Raise PermissionDenied unless ``user`` may edit ``initiative`` and what hangs from it (its business
    case, plan and risks): the one check every service of those apps makes."""
    from django.core.exceptions import PermissionDenied

    from civicadopt.accounts.selectors import membership_role

    role = membership_role(user=user, organisation_id=initiative.organisation_id)
    if not can_edit(role, user=user, initiative=initiative):
        raise PermissionDenied


def can_change_stage(role: str | None) -> bool:
    return role_at_least(role, Role.MANAGER)


def can_delete(role: str | None) -> bool:
    return role_at_least(role, Role.MANAGER)


def can_read_audit(role: str | None) -> bool:
    return role_at_least(role, Role.ADMIN)
