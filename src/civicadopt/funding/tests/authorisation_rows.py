"""This app's rows of the authorisation table (gathered by ``civicadopt/tests/test_authorisation.py``).

Every member reads everything. The organisation's own programmes are for editors and above; the funding
profile and match funds for managers and admins; applications and funding sources follow their
initiative (the fixture's initiative is owned by the contributor, so every role but viewer may). Shared
Grants.gov programmes are visible to every organisation, so they cannot answer 404 to another one: their
read-only page is tested in ``test_views.py`` instead.
"""

from typing import Any

from civicadopt.accounts.models import User
from civicadopt.conftest import Tenant
from civicadopt.tests.authz import ALL_200, EDITORS, EDITS, Row, initiative, org, statuses

from ..models import Application, Programme
from . import factories

CATALOGUE_PAGE = statuses(403, editor=200, manager=200, admin=200)
CATALOGUE_EDIT = statuses(403, editor=302, manager=302, admin=302)
MANAGERS_EDIT = statuses(403, manager=302, admin=302)

PROGRAMME_FORM = {"funder": "State of Ohio", "name": "Smart Cities Grant", "kind": "grant",
                  "applicant_types": ["02"], "award_ceiling": "250000", "closes": "2026-10-31"}  # fmt: skip


def records(t: Tenant) -> dict[str, Any]:
    """Create (once per test) an own programme, an application, a funding source and match funds."""
    cached = getattr(t, "_funding", None)
    if cached is None:
        from .. import services

        admin = t.users["admin"]
        programme = factories.own_programme(t.organisation, admin)
        cached = {
            "programme": programme,
            "application": factories.application(t.initiative, admin, programme),
            "source": factories.source(t.initiative, admin),
            "match": services.match_funds_set(
                user=admin, organisation=t.organisation, fiscal_year=2027, amount=programme.award_ceiling
            ),
        }
        t._funding = cached  # type: ignore[attr-defined]
    return cached


def seeded(t: Tenant, u: User) -> dict[str, Any]:
    """No form data: only the records, so that an organisation's page has something to show. (Its
    address stays ``org``, which the table knows names no record of its own.)"""
    records(t)
    return {}


def programme(t: Tenant, u: User) -> dict[str, Any]:
    return {**org(t, u), "programme_pk": records(t)["programme"].pk}


def match(t: Tenant, u: User) -> dict[str, Any]:
    return {**org(t, u), "match_pk": records(t)["match"].pk}


def pipeline(t: Tenant, u: User) -> dict[str, Any]:
    records(t)
    return initiative(t, u)


def application(t: Tenant, u: User) -> dict[str, Any]:
    return {**initiative(t, u), "application_pk": records(t)["application"].pk}


def source(t: Tenant, u: User) -> dict[str, Any]:
    return {**initiative(t, u), "source_pk": records(t)["source"].pk}


def sources_grid_form(t: Tenant, u: User) -> dict[str, Any]:
    """The sources grid as the browser posts it, with the first row's first year set to 5."""
    from ..grid import sources_grid

    grid = sources_grid(t.initiative)
    cells = {
        item["name"]: item["value"] for row in grid.view_rows() for item in (*row["cells"], *row["keys"])
    }
    first = grid.columns[0].value
    return {
        **cells,
        "rows": grid.row_count,
        "fingerprint": grid.fingerprint,
        f"r0-c{first}": "5",
        "action": "save",
    }


def version_of(model: type[Programme] | type[Application], key: str) -> Any:
    def data(t: Tenant, u: User) -> dict[str, Any]:
        return {"version": model.objects.get(pk=records(t)[key].pk).version}

    return data


def programme_form(t: Tenant, u: User) -> dict[str, Any]:
    return {**PROGRAMME_FORM, **version_of(Programme, "programme")(t, u)}


def application_form(t: Tenant, u: User) -> dict[str, Any]:
    return {"programme": records(t)["programme"].pk, "stage": "preparing", "requested": "150000",
            "match_committed": "0", "probability": "30", "fiscal_year": 2027}  # fmt: skip


def application_edit(t: Tenant, u: User) -> dict[str, Any]:
    form = application_form(t, u)
    del form["programme"]
    return {**form, "stage": "submitted", **version_of(Application, "application")(t, u)}


def checklist(t: Tenant, u: User) -> dict[str, Any]:
    return {"new_item": "Letter of support", **version_of(Application, "application")(t, u)}


SOURCE_FORM = {"kind": "partner", "name": "County contribution", "fiscal_year": 2027, "amount": "40000",
               "committed": "on"}  # fmt: skip

ROWS: tuple[Row, ...] = (
    Row("funding:home", "GET", org, ALL_200, data=seeded),
    Row("funding:catalogue", "GET", org, ALL_200, data=seeded),
    Row("funding:catalogue-export", "GET", org, ALL_200, data=seeded),
    Row("funding:catalogue-import", "GET", org, CATALOGUE_PAGE),
    Row(
        "funding:catalogue-import", "POST", org, statuses(403, editor=200, manager=200, admin=200)
    ),  # no file
    Row("funding:programme-create", "GET", org, CATALOGUE_PAGE),
    Row("funding:programme-create", "POST", org, CATALOGUE_EDIT, data=lambda t, u: PROGRAMME_FORM),
    Row("funding:programme", "GET", programme, ALL_200),
    Row("funding:programme-update", "GET", programme, CATALOGUE_PAGE),
    Row("funding:programme-update", "POST", programme, CATALOGUE_EDIT, data=programme_form),
    Row("funding:programme-delete", "GET", programme, CATALOGUE_PAGE),
    Row(
        "funding:programme-delete", "POST", programme, CATALOGUE_EDIT, data=version_of(Programme, "programme")
    ),
    Row("funding:profile", "GET", org, ALL_200),
    Row(
        "funding:profile",
        "POST",
        org,
        MANAGERS_EDIT,
        data=lambda t, u: {"applicant_type": "02", "region": "US-OH", "rural": "on", "version": 1},
    ),
    Row(
        "funding:match-funds",
        "POST",
        org,
        MANAGERS_EDIT,
        data=lambda t, u: {"match-fiscal_year": 2028, "match-amount": "75000"},
    ),
    Row("funding:match-funds-delete", "POST", match, MANAGERS_EDIT),
    Row("funding:deadlines", "GET", org, ALL_200, data=seeded),
    Row("funding:deadlines-ics", "GET", org, ALL_200, data=seeded),
    Row("funding:applications", "GET", pipeline, ALL_200),
    Row("funding:application-create", "GET", initiative, EDITORS),
    Row("funding:application-create", "POST", pipeline, EDITS, data=application_form),
    Row("funding:application", "GET", application, ALL_200),
    Row("funding:application-update", "GET", application, EDITORS),
    Row("funding:application-update", "POST", application, EDITS, data=application_edit),
    Row("funding:application-delete", "GET", application, EDITORS),
    Row(
        "funding:application-delete", "POST", application, EDITS, data=version_of(Application, "application")
    ),
    Row("funding:application-checklist", "POST", application, EDITS, data=checklist),
    Row("funding:sources", "GET", pipeline, ALL_200),
    Row("funding:sources", "POST", pipeline, EDITS, data=lambda t, u: SOURCE_FORM),
    Row("funding:sources-grid", "GET", pipeline, EDITORS),
    Row("funding:sources-grid", "POST", pipeline, EDITS, data=sources_grid_form),
    Row("funding:source-update", "GET", source, EDITORS),
    Row("funding:source-update", "POST", source, EDITS, data=lambda t, u: SOURCE_FORM),
    Row("funding:source-delete", "POST", source, EDITS),
    Row("funding:match", "GET", pipeline, ALL_200),
    # A saved search is the reader's own (it records what they have seen), so every member may save one.
    Row(
        "funding:match",
        "POST",
        pipeline,
        statuses(302),
        data=lambda t, u: {"q": "permits", "name": "Permits"},
    ),
    Row("funding:plan", "GET", pipeline, ALL_200),
)
