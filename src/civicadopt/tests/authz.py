"""The vocabulary of the authorisation table (``test_authorisation.py``): a row, expected statuses per
role, and the address helpers every app uses. Apps keep their own rows next to their code (for example
``civicadopt/planning/tests/authorisation_rows.py``) and the table gathers them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from civicadopt.accounts.models import User
from civicadopt.conftest import Tenant

ROLES = ("viewer", "contributor", "editor", "manager", "admin")
PAGE_ANON = 302  # pages send a signed-out visitor to the sign-in page
API_ANON = 401  # the API answers 401 in its JSON error shape

Kwargs = Callable[[Tenant, User], dict[str, Any]]
Data = Callable[[Tenant, User], dict[str, Any]]


def statuses(default: int, **by_role: int) -> dict[str, int]:
    return {role: by_role.get(role, default) for role in ROLES}


ALL_200 = statuses(200)
ADMIN_ONLY = statuses(403, admin=200)
EDITORS = statuses(200, viewer=403)  # the fixture's initiative is owned by the contributor
EDITS = statuses(302, viewer=403)  # a successful form post redirects


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    kwargs: Kwargs
    expect: dict[str, int]
    anon: int = PAGE_ANON
    outsider: int = 404
    data: Data = field(default=lambda t, u: {})
    json: bool = False


def initiative(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug, "pk": t.initiative.pk}


def org(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug}
