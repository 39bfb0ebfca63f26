"""What a member may do with risks. Risks follow their initiative (``initiatives.permissions.can_edit``);
the organisation's risk matrix changes every rating, so only managers and admins may change it.
"""

from civicadopt.accounts.roles import Role, role_at_least


def can_edit_matrix(role: str | None) -> bool:
    return role_at_least(role, Role.MANAGER)
