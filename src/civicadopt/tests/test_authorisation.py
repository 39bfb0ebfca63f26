"""The authorisation table: every URL and API operation, with the expected answer for every role.

``test_every_url_is_in_the_table`` walks the URL resolver and fails when a URL name or one of the HTTP
methods its view answers is missing here, so a new page cannot ship without a deliberate decision about
who may use it. Each row is then run for every role of the organisation, for a signed-out visitor
(``anon``) and for a member of another organisation (``outsider``), who must get 404 wherever the
address names an organisation or one of its records.
"""

from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import pytest

from civicadopt.accounts.models import User
from civicadopt.api.services import token_create
from civicadopt.conftest import Tenant
from civicadopt.funding.tests.authorisation_rows import ROWS as FUNDING_ROWS
from civicadopt.planning.tests.authorisation_rows import ROWS as PLANNING_ROWS
from civicadopt.risks.tests.authorisation_rows import ROWS as RISK_ROWS

from .authz import (
    ADMIN_ONLY,
    ALL_200,
    API_ANON,
    EDITORS,
    ROLES,
    Kwargs,
    Row,
    initiative,
    org,
    statuses,
)


def phase(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug, "pk": t.initiative.pk, "phase_pk": t.initiative.phases.first().pk}


def membership(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug, "pk": t.users["viewer"].memberships.get().pk}


def department(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug, "pk": t.organisation.departments.first().pk}


def goal(t: Tenant, u: User) -> dict[str, Any]:
    return {"org": t.organisation.slug, "pk": t.organisation.goals.first().pk}


def own_token(t: Tenant, u: User) -> dict[str, Any]:
    return {"pk": token_create(user=u, name="row")[0].pk}


def api_organisation(t: Tenant, u: User) -> dict[str, Any]:
    return {"pk": t.organisation.pk}


def api_initiative(t: Tenant, u: User) -> dict[str, Any]:
    return {"pk": t.initiative.pk}


def none(t: Tenant, u: User) -> dict[str, Any]:
    return {}


def business_case(t: Tenant) -> dict[str, Any]:
    """Create (once per test) a business case with an option, a line, an assumption, a budget, a run and a snapshot."""
    from decimal import Decimal

    from civicadopt.business_cases import services as bc

    cached = getattr(t, "_business_case", None)
    if cached is not None:
        return cached
    admin = t.users["admin"]
    case = bc.business_case_create(
        user=admin, initiative=t.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = bc.option_create(user=admin, case=case, data={"name": "New"})
    line = bc.line_create(user=admin, option=option, data={
        "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": Decimal(100)})  # fmt: skip
    assumption = bc.assumption_create(
        user=admin, case=case, data={"name": "Rate", "value": "3%", "source": "Policy"}
    )
    budget = bc.budget_set(user=admin, case=case, fiscal_year=2027, amount=Decimal(1000))
    frozen = bc.snapshot_create(user=admin, case=case)
    cached = {
        "case": case,
        "option": option,
        "line": line,
        "assumption": assumption,
        "budget": budget,
        "snapshot": frozen,
    }
    t._business_case = cached  # type: ignore[attr-defined]
    return cached


def bc_case(t: Tenant, u: User) -> dict[str, Any]:
    business_case(t)
    return {"org": t.organisation.slug, "pk": t.initiative.pk}


def bc_option(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_case(t, u), "option_pk": business_case(t)["option"].pk}


def bc_line(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_option(t, u), "line_pk": business_case(t)["line"].pk}


def bc_snapshot(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_case(t, u), "snapshot_pk": business_case(t)["snapshot"].pk}


def bc_assumption(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_case(t, u), "item_pk": business_case(t)["assumption"].pk}


def bc_budget(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_case(t, u), "item_pk": business_case(t)["budget"].pk}


def bc_report(t: Tenant, u: User) -> dict[str, Any]:
    return {**bc_case(t, u), "fmt": "html"}


def bc_settings_form(t: Tenant, u: User) -> dict[str, Any]:
    case = business_case(t)["case"]
    case.refresh_from_db()
    return {"stage": "outline", "price_base_year": 2026, "first_year": 2026, "schedule": "flat",
            "discount_rate": "3", "timing": "end", "optimism_mitigation": "0", "version": case.version,
            "prices": "real", "inflation": "2"}  # fmt: skip


def bc_grid_form(t: Tenant, u: User) -> dict[str, Any]:
    """The option's grid as the browser posts it, with year 1 of its first row set to 5."""
    from civicadopt.business_cases.grid import lines_grid
    from civicadopt.business_cases.models import Option

    grid = lines_grid(Option.objects.get(pk=business_case(t)["option"].pk))
    cells = {
        item["name"]: item["value"] for row in grid.view_rows() for item in (*row["cells"], *row["keys"])
    }
    return {**cells, "rows": grid.row_count, "fingerprint": grid.fingerprint, "r0-c1": "5", "action": "save"}


LINE_FORM = {"kind": "benefit", "category": "cashable_savings", "name": "Savings", "year": 1, "amount": "50",
             "distribution": "triangular"}  # fmt: skip


def initiative_form(t: Tenant, u: User) -> dict[str, Any]:
    return {
        "title": "Online forms",
        "problem_statement": "Paper forms.",
        "status": "on_track",
        "stage": t.initiative.stage,
        "version": t.initiative.version,
        "tags": "forms",
    }


def api_initiative_body(t: Tenant, u: User) -> dict[str, Any]:
    return {
        "organisation": t.organisation.pk,
        "title": "Online forms",
        "problem_statement": "Paper forms.",
        "version": t.initiative.version,
    }


def api_bc(record: str) -> Kwargs:
    """Return the API address kwargs of the business-case record ``record`` ("case", "option", "line")."""

    def kwargs(t: Tenant, u: User) -> dict[str, Any]:
        return {"pk": business_case(t)[record].pk}

    return kwargs


def api_bc_run(t: Tenant, u: User) -> dict[str, Any]:
    return {"pk": business_case(t)["snapshot"].run_id}


def api_bc_patch(t: Tenant, u: User) -> dict[str, Any]:
    case = business_case(t)["case"]
    case.refresh_from_db()
    return {"stage": "outline", "version": case.version}


def api_bc_import(t: Tenant, u: User) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"option,kind,category,name,year,amount\nNew,benefit,cashable_savings,Savings,1,50\n"
    return {"file": SimpleUploadedFile("lines.csv", csv)}


API_LINE = {
    "kind": "benefit",
    "category": "cashable_savings",
    "name": "Savings",
    "year": 1,
    "amount": "50.00",
}


TABLE: tuple[Row, ...] = (
    Row("home", "GET", none, statuses(302), outsider=302),
    Row("favicon", "GET", none, statuses(301), anon=301, outsider=301),
    Row("accounts:login", "GET", none, statuses(302), anon=200, outsider=302),
    Row(
        "accounts:login",
        "POST",
        none,
        statuses(302),
        anon=200,
        outsider=302,
        data=lambda t, u: {"username": u.username, "password": "wrong"},
    ),
    Row("accounts:logout", "POST", none, statuses(302), outsider=302),
    Row("accounts:health", "GET", none, ALL_200, anon=200, outsider=200),
    Row("accounts:dashboard", "GET", org, ALL_200),
    Row("accounts:org-settings", "GET", org, ADMIN_ONLY),
    Row(
        "accounts:org-settings",
        "POST",
        org,
        statuses(403, admin=302),
        data=lambda t, u: {
            "name": "Renamed",
            "country": "US",
            "fiscal_year_start_month": 7,
            "currency": "USD",
            "discount_schedule": "flat",
            "discount_rate": "0.03",
            "version": t.organisation.version,
        },
    ),
    Row("accounts:org-members", "GET", org, ADMIN_ONLY),
    Row(
        "accounts:org-member-role",
        "POST",
        membership,
        statuses(403, admin=302),
        data=lambda t, u: {f"m{t.users['viewer'].memberships.get().pk}-role": "editor"},
    ),
    Row("accounts:org-departments", "GET", org, ADMIN_ONLY),
    Row(
        "accounts:org-departments", "POST", org, statuses(403, admin=302), data=lambda t, u: {"name": "Parks"}
    ),
    Row("accounts:org-department-delete", "POST", department, statuses(403, admin=302)),
    Row("accounts:org-goals", "GET", org, ADMIN_ONLY),
    Row(
        "accounts:org-goals", "POST", org, statuses(403, admin=302), data=lambda t, u: {"title": "Open data"}
    ),
    Row("accounts:org-goal-delete", "POST", goal, statuses(403, admin=302)),
    Row("accounts:org-audit", "GET", org, ADMIN_ONLY),
    Row("initiatives:list", "GET", org, ALL_200),
    Row("initiatives:create", "GET", org, EDITORS),
    Row("initiatives:create", "POST", org, statuses(302, viewer=403), data=initiative_form),
    Row("initiatives:detail", "GET", initiative, ALL_200),
    Row("initiatives:update", "GET", initiative, EDITORS),
    Row("initiatives:update", "POST", initiative, statuses(302, viewer=403), data=initiative_form),
    Row("initiatives:stage", "GET", initiative, statuses(403, manager=200, admin=200)),
    Row(
        "initiatives:stage",
        "POST",
        initiative,
        statuses(403, manager=302, admin=302),
        data=lambda t, u: {"stage": "business_case", "version": t.initiative.version},
    ),
    Row("initiatives:delete", "GET", initiative, statuses(403, manager=200, admin=200)),
    Row(
        "initiatives:delete",
        "POST",
        initiative,
        statuses(403, manager=302, admin=302),
        data=lambda t, u: {"version": t.initiative.version},
    ),
    Row("initiatives:audit", "GET", initiative, ADMIN_ONLY),
    Row("initiatives:phase-create", "GET", initiative, EDITORS),
    Row(
        "initiatives:phase-create",
        "POST",
        initiative,
        statuses(302, viewer=403),
        data=lambda t, u: {"kind": "rollout", "name": "Wave 1", "position": 2},
    ),
    Row("initiatives:phase-update", "GET", phase, EDITORS),
    Row(
        "initiatives:phase-update",
        "POST",
        phase,
        statuses(302, viewer=403),
        data=lambda t, u: {"kind": "pilot", "name": "Pilot, 12 staff", "position": 1},
    ),
    Row("initiatives:phase-delete", "POST", phase, statuses(302, viewer=403)),
    Row("business_cases:overview", "GET", bc_case, ALL_200),
    Row(
        "business_cases:overview",
        "POST",
        initiative,
        statuses(302, viewer=403),
        data=lambda t, u: {
            "stage": "strategic_outline",
            "price_base_year": 2026,
            "first_year": 2026,
            "prices": "real",
            "inflation": "2",
            "schedule": "flat",
            "discount_rate": "3",
            "timing": "end",
            "optimism_mitigation": "0",
        },
    ),
    Row("business_cases:settings", "GET", bc_case, EDITORS),
    Row("business_cases:settings", "POST", bc_case, statuses(302, viewer=403), data=bc_settings_form),
    Row("business_cases:calculate", "POST", bc_case, statuses(302, viewer=403)),
    Row("business_cases:seed-draw", "POST", bc_case, statuses(302, viewer=403)),
    Row("business_cases:results", "GET", bc_case, ALL_200),
    Row(
        "business_cases:preferred",
        "POST",
        bc_case,
        statuses(302, viewer=403),
        data=lambda t, u: {
            "preferred_option": business_case(t)["option"].pk,
            "preferred_rationale": "Cheapest",
        },
    ),
    Row(
        "business_cases:snapshot-create",
        "POST",
        bc_case,
        statuses(302, viewer=403),
        data=lambda t, u: {"label": "x"},
    ),
    Row("business_cases:snapshot", "GET", bc_snapshot, ALL_200),
    Row("business_cases:option-create", "GET", bc_case, EDITORS),
    Row(
        "business_cases:option-create",
        "POST",
        bc_case,
        statuses(302, viewer=403),
        data=lambda t, u: {"name": "Cloud"},
    ),
    Row("business_cases:option-update", "GET", bc_option, EDITORS),
    Row(
        "business_cases:option-update",
        "POST",
        bc_option,
        statuses(302, viewer=403),
        data=lambda t, u: {"name": "Renamed"},
    ),
    Row("business_cases:option-delete", "POST", bc_option, statuses(302, viewer=403)),
    Row("business_cases:lines", "GET", bc_option, ALL_200),
    Row("business_cases:lines", "POST", bc_option, statuses(302, viewer=403), data=lambda t, u: LINE_FORM),
    Row("business_cases:line", "GET", bc_line, EDITORS),
    Row(
        "business_cases:line",
        "POST",
        bc_line,
        statuses(302, viewer=403),
        data=lambda t, u: {**LINE_FORM, "kind": "cost", "category": "capital"},
    ),
    Row(
        "business_cases:lines-copy",
        "POST",
        bc_option,
        statuses(302, viewer=403),
        data=lambda t, u: {
            "lines": [business_case(t)["line"].pk],
            "to_option": business_case(t)["case"].options.get(is_business_as_usual=True).pk,
        },
    ),
    Row("business_cases:line-grid", "GET", bc_option, EDITORS),
    Row("business_cases:line-grid", "POST", bc_option, statuses(302, viewer=403), data=bc_grid_form),
    Row("business_cases:import", "GET", bc_case, EDITORS),
    Row("business_cases:import", "POST", bc_case, statuses(200, viewer=403)),
    Row("business_cases:assumptions", "GET", bc_case, ALL_200),
    Row(
        "business_cases:assumptions",
        "POST",
        bc_case,
        statuses(302, viewer=403),
        data=lambda t, u: {"name": "Hourly rate", "value": "$48", "source": "HR 2026 pay scales"},
    ),
    Row("business_cases:assumption-delete", "POST", bc_assumption, statuses(302, viewer=403)),
    Row("business_cases:budget-delete", "POST", bc_budget, statuses(302, viewer=403)),
    Row("business_cases:report", "GET", bc_report, ALL_200),
    Row("areas:reports", "GET", org, ALL_200),
    Row("api:token-list", "GET", none, ALL_200, outsider=200),
    Row("api:token-list", "POST", none, ALL_200, outsider=200, data=lambda t, u: {"name": "Reporting"}),
    Row("api:token-revoke", "POST", own_token, statuses(302), outsider=302),
    Row("api:api-docs", "GET", none, ALL_200, outsider=200),
    Row("api:api-schema", "GET", none, ALL_200, anon=API_ANON, outsider=200),
    Row("api:api-organisation-list", "GET", none, ALL_200, anon=API_ANON, outsider=200),
    Row("api:api-organisation-detail", "GET", api_organisation, ALL_200, anon=API_ANON),
    Row("api:api-initiative-list", "GET", none, ALL_200, anon=API_ANON, outsider=200),
    Row(
        "api:api-initiative-list",
        "POST",
        none,
        statuses(201, viewer=403),
        anon=API_ANON,
        outsider=400,
        data=api_initiative_body,
        json=True,
    ),
    Row("api:api-initiative-detail", "GET", api_initiative, ALL_200, anon=API_ANON),
    Row(
        "api:api-initiative-detail",
        "PUT",
        api_initiative,
        statuses(200, viewer=403),
        anon=API_ANON,
        data=api_initiative_body,
        json=True,
    ),
    Row(
        "api:api-initiative-detail",
        "PATCH",
        api_initiative,
        statuses(200, viewer=403),
        anon=API_ANON,
        data=lambda t, u: {"status": "at_risk", "version": t.initiative.version},
        json=True,
    ),
    Row(
        "api:api-initiative-detail",
        "DELETE",
        api_initiative,
        statuses(403, manager=204, admin=204),
        anon=API_ANON,
        data=lambda t, u: {"version": t.initiative.version},
        json=True,
    ),
    Row("api:api-business-case-list", "GET", none, ALL_200, anon=API_ANON, outsider=200),
    Row(
        "api:api-business-case-list",
        "POST",
        none,
        statuses(201, viewer=403),
        anon=API_ANON,
        outsider=400,
        data=lambda t, u: {"initiative": t.initiative.pk, "price_base_year": 2026, "first_year": 2026},
        json=True,
    ),
    Row("api:api-business-case-detail", "GET", api_bc("case"), ALL_200, anon=API_ANON),
    Row(
        "api:api-business-case-detail",
        "PATCH",
        api_bc("case"),
        statuses(200, viewer=403),
        anon=API_ANON,
        data=api_bc_patch,
        json=True,
    ),
    Row("api:api-business-case-options", "GET", api_bc("case"), ALL_200, anon=API_ANON),
    Row(
        "api:api-business-case-options",
        "POST",
        api_bc("case"),
        statuses(201, viewer=403),
        anon=API_ANON,
        data=lambda t, u: {"name": "Cloud"},
        json=True,
    ),
    Row(
        "api:api-business-case-calculate",
        "POST",
        api_bc("case"),
        statuses(201, viewer=403),
        anon=API_ANON,
        data=lambda t, u: {"iterations": 100, "seed": 1},
        json=True,
    ),
    Row("api:api-business-case-runs", "GET", api_bc("case"), ALL_200, anon=API_ANON),
    Row(
        "api:api-business-case-import",
        "POST",
        api_bc("case"),
        statuses(201, viewer=403),
        anon=API_ANON,
        data=api_bc_import,
    ),
    Row("api:api-option-detail", "GET", api_bc("option"), ALL_200, anon=API_ANON),
    Row(
        "api:api-option-detail",
        "PATCH",
        api_bc("option"),
        statuses(200, viewer=403),
        anon=API_ANON,
        data=lambda t, u: {"name": "Renamed"},
        json=True,
    ),
    Row(
        "api:api-option-detail",
        "DELETE",
        api_bc("option"),
        statuses(204, viewer=403),
        anon=API_ANON,
        json=True,
    ),
    Row("api:api-option-lines", "GET", api_bc("option"), ALL_200, anon=API_ANON),
    Row(
        "api:api-option-lines",
        "POST",
        api_bc("option"),
        statuses(201, viewer=403),
        anon=API_ANON,
        data=lambda t, u: API_LINE,
        json=True,
    ),
    Row("api:api-line-detail", "GET", api_bc("line"), ALL_200, anon=API_ANON),
    Row(
        "api:api-line-detail",
        "PATCH",
        api_bc("line"),
        statuses(200, viewer=403),
        anon=API_ANON,
        data=lambda t, u: {"amount": "75.25"},
        json=True,
    ),
    Row(
        "api:api-line-detail",
        "DELETE",
        api_bc("line"),
        statuses(204, viewer=403),
        anon=API_ANON,
        json=True,
    ),
    Row("api:api-run-detail", "GET", api_bc_run, ALL_200, anon=API_ANON),
    *PLANNING_ROWS,
    *RISK_ROWS,
    *FUNDING_ROWS,
)


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>", entry.callback


def _methods(callback: Any) -> set[str]:
    """Return the HTTP methods a view answers (other than HEAD and OPTIONS, which follow GET)."""
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return {"GET"}
    return {
        method.upper()
        for method in view_class.http_method_names
        if method not in {"head", "options"} and hasattr(view_class, method)
    }


def test_every_url_is_in_the_table() -> None:
    # given
    listed = {(row.name, row.method) for row in TABLE}
    # when
    served = {
        (name, method)
        for name, callback in _walk(get_resolver().url_patterns)
        for method in _methods(callback)
    }
    # then
    assert not [name for name, _ in served if name.startswith("<unnamed")], "every URL needs a name"
    assert served - listed == set(), "URLs missing from the authorisation table"
    assert listed - served == set(), "rows for URLs that no longer exist"


def _request(client: Client, row: Row, tenant: Tenant, user: User) -> int:
    url = reverse(row.name, kwargs=row.kwargs(tenant, user) or None)
    data = row.data(tenant, user)
    call = getattr(client, row.method.lower())
    if row.json:
        return call(url, data=data, content_type="application/json").status_code
    return call(url, data=data).status_code


CASES = [(row, role) for row in TABLE for role in (*ROLES, "anon", "outsider")]


@pytest.mark.parametrize(
    ("row", "who"), CASES, ids=[f"{row.method} {row.name} as {who}" for row, who in CASES]
)
def test_row(row: Row, who: str, tenant_a: Tenant, tenant_b: Tenant, client: Client) -> None:
    # given
    if who == "anon":
        user, expected = tenant_a.users["viewer"], row.anon
    elif who == "outsider":
        user, expected = tenant_b.users["admin"], row.outsider
        client.force_login(user)
    else:
        user, expected = tenant_a.users[who], row.expect[who]
        client.force_login(user)
    # when
    status = _request(client, row, tenant_a, user)
    # then
    assert status == expected


OBJECT_ROWS = [row for row in TABLE if row.kwargs not in (none, org, own_token)]


@pytest.mark.parametrize("row", OBJECT_ROWS, ids=[f"{row.method} {row.name}" for row in OBJECT_ROWS])
def test_another_organisations_record_answers_404_in_your_own_organisations_address(
    row: Row, tenant_a: Tenant, tenant_b: Tenant, client: Client
) -> None:
    """An admin of A who puts B's record id into A's address (or the API) gets 404, not B's record."""
    # given
    admin = tenant_a.users["admin"]
    client.force_login(admin)
    kwargs = row.kwargs(tenant_b, admin)
    if "org" in kwargs:
        kwargs["org"] = tenant_a.organisation.slug
    url = reverse(row.name, kwargs=kwargs)
    # when
    call = getattr(client, row.method.lower())
    response = call(
        url, data=row.data(tenant_b, admin), **({"content_type": "application/json"} if row.json else {})
    )
    # then
    assert response.status_code == 404


def test_another_users_api_token_cannot_be_revoked(tenant_a: Tenant, client: Client) -> None:
    token, _ = token_create(user=tenant_a.users["editor"], name="theirs")
    client.force_login(tenant_a.users["admin"])
    assert client.post(reverse("api:token-revoke", kwargs={"pk": token.pk})).status_code == 404
