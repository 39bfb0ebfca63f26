"""This app's rows of the authorisation table (gathered by ``civicadopt/tests/test_authorisation.py``).

Who may change a risk is who may change its initiative: the fixture's initiative is owned by the
contributor, so every role but viewer may. The organisation's matrix is for managers and admins.
"""

from decimal import Decimal
from typing import Any

from civicadopt.accounts.models import User
from civicadopt.conftest import Tenant
from civicadopt.tests.authz import ALL_200, EDITORS, EDITS, Row, initiative, statuses

from ..models import Risk

MANAGERS_PAGE = statuses(403, manager=200, admin=200)
MANAGERS_EDIT = statuses(403, manager=302, admin=302)

RISK_FORM = {"title": "Vendor delivers late", "category": "procurement", "probability": "30",
             "cost_most_likely": "20000", "response": "reduce", "status": "open"}  # fmt: skip


def a_risk(t: Tenant) -> Risk:
    """Create (once per test) a risk in the tenant's initiative."""
    from .. import services

    cached = getattr(t, "_risk", None)
    if cached is None:
        cached = services.risk_create(user=t.users["admin"], initiative=t.initiative, data={
            "title": "Legacy data fails to migrate", "category": "legacy", "probability": Decimal("0.4"),
            "cost_most_likely": Decimal(40000), "schedule_most_likely": Decimal(15),
        })  # fmt: skip
        t._risk = cached  # type: ignore[attr-defined]
    return cached


def register(t: Tenant, u: User) -> dict[str, Any]:
    a_risk(t)
    return initiative(t, u)


def one(t: Tenant, u: User) -> dict[str, Any]:
    return {**initiative(t, u), "risk_pk": a_risk(t).pk}


def version(t: Tenant, u: User) -> dict[str, Any]:
    return {"version": Risk.objects.get(pk=a_risk(t).pk).version}


def matrix_form(t: Tenant, u: User) -> dict[str, Any]:
    return {"size": 5, "probability_limits": "10, 20, 50, 70", "cost_limits": "5000, 10000, 50000, 100000",
            "schedule_limits": "5, 10, 20, 40", "rating_limits": "4, 9, 15", "version": 1}  # fmt: skip


ROWS: tuple[Row, ...] = (
    Row("risks:register", "GET", register, ALL_200),
    Row("risks:create", "GET", initiative, EDITORS),
    Row("risks:create", "POST", initiative, EDITS, data=lambda t, u: RISK_FORM),
    Row("risks:detail", "GET", one, ALL_200),
    Row("risks:update", "GET", one, EDITORS),
    Row("risks:update", "POST", one, EDITS, data=lambda t, u: {**RISK_FORM, **version(t, u)}),
    Row("risks:delete", "GET", one, EDITORS),
    Row("risks:delete", "POST", one, EDITS, data=version),
    Row("risks:import", "GET", initiative, EDITORS),
    Row("risks:import", "POST", initiative, statuses(200, viewer=403)),  # no file: the form again
    Row("risks:export", "GET", register, ALL_200),
    Row("risks:matrix", "GET", initiative, MANAGERS_PAGE),
    Row("risks:matrix", "POST", initiative, MANAGERS_EDIT, data=matrix_form),
)
