"""Roles a member holds in an organisation, and what each role may do.

Roles are ordered: each one may do everything the roles below it may do.

| role        | may                                                                    |
|-------------|------------------------------------------------------------------------|
| viewer      | read the organisation's initiatives and their areas                     |
| contributor | propose initiatives and edit the ones they own                          |
| editor      | edit any initiative and its delivery phases                             |
| manager     | move initiatives between stages and delete them                         |
| admin       | change organisation settings, members' roles, read the audit trail      |
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    EDITOR = "editor", _("Editor")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


RANK: dict[str, int] = {role.value: position for position, role in enumerate(Role)}


def role_at_least(role: str | None, minimum: str) -> bool:
    """Return True when ``role`` is ``minimum`` or above it; an absent role is below every role."""
    if role is None:
        return False
    return RANK[role] >= RANK[minimum]
