"""This app's rows of the authorisation table (gathered by ``civicadopt/tests/test_authorisation.py``)."""

from typing import Any

from civicadopt.accounts.models import User
from civicadopt.conftest import Tenant
from civicadopt.tests.authz import ALL_200, EDITORS, EDITS, Row, initiative, org, statuses

from .factories import make_plan


def plan(t: Tenant, u: User) -> dict[str, Any]:
    make_plan(t, simulate=True)
    return {"org": t.organisation.slug, "pk": t.initiative.pk}


def task(t: Tenant, u: User) -> dict[str, Any]:
    return {**plan(t, u), "task_pk": make_plan(t)["design"].pk}


def holiday(t: Tenant, u: User) -> dict[str, Any]:
    from ..models import Holiday

    made, _ = Holiday.objects.get_or_create(
        organisation=t.organisation, date="2027-07-05", defaults={"name": "Observed"}
    )
    return {"org": t.organisation.slug, "holiday_pk": made.pk}


def task_form(t: Tenant, u: User) -> dict[str, Any]:
    design = make_plan(t)["design"]
    design.refresh_from_db()
    return {"name": "Design (revised)", "duration": "6", "predecessors": "", "version": design.version}


def progress_form(t: Tenant, u: User) -> dict[str, Any]:
    design = make_plan(t)["design"]
    design.refresh_from_db()
    return {"percent_complete": "40", "actual_start": "2027-01-04", "version": design.version}


def bulk_progress_form(t: Tenant, u: User) -> dict[str, Any]:
    design = make_plan(t)["design"]
    design.refresh_from_db()
    prefix = f"t{design.pk}"
    return {
        f"{prefix}-percent_complete": "30",
        f"{prefix}-actual_start": "2027-01-04",
        f"{prefix}-version": design.version,
    }


def plan_settings(t: Tenant, u: User) -> dict[str, Any]:
    current = make_plan(t)["plan"]
    current.refresh_from_db()
    return {
        "start": "2027-01-11",
        "distribution": "pert",
        "correlation": "0.2",
        "confidence": "80",
        "version": current.version,
    }


def carry_form(t: Tenant, u: User) -> dict[str, Any]:
    from civicadopt.business_cases import services as bc

    case = (
        bc.business_case_create(
            user=t.users["admin"], initiative=t.initiative, data={"price_base_year": 2026, "first_year": 2026}
        )
        if not hasattr(t.initiative, "business_case")
        else t.initiative.business_case
    )
    option = case.options.filter(is_business_as_usual=False).first() or bc.option_create(
        user=t.users["admin"], case=case, data={"name": "Buy"}
    )
    return {"option": option.pk}


MANAGERS = statuses(403, manager=200, admin=200)

ROWS: tuple[Row, ...] = (
    Row("planning:plan", "GET", plan, ALL_200),
    Row(
        "planning:plan",
        "POST",
        initiative,
        statuses(302, viewer=403),
        data=lambda t, u: {"start": "2027-01-04"},
    ),
    Row("planning:settings", "GET", plan, EDITORS),
    Row("planning:settings", "POST", plan, EDITS, data=plan_settings),
    Row(
        "planning:task-create",
        "POST",
        plan,
        EDITS,
        data=lambda t, u: {"name": "Train staff", "duration": "3", "predecessors": "3"},
    ),
    Row("planning:task", "GET", task, EDITORS),
    Row("planning:task", "POST", task, EDITS, data=task_form),
    Row("planning:task-add-below", "GET", task, EDITORS),
    Row(
        "planning:task-add-below",
        "POST",
        task,
        EDITS,
        data=lambda t, u: {"name": "Check the design", "duration": "2", "predecessors": ""},
    ),
    Row("planning:task-move", "POST", task, EDITS, data=lambda t, u: {"action": "down"}),
    Row("planning:baseline", "POST", plan, EDITS),
    Row("planning:gantt", "GET", plan, ALL_200),
    Row("planning:milestones", "GET", plan, ALL_200),
    Row("planning:milestones-ics", "GET", plan, ALL_200),
    Row("planning:progress", "GET", plan, ALL_200),
    Row("planning:progress", "POST", plan, EDITS, data=bulk_progress_form),
    Row("planning:progress-update", "POST", task, EDITS, data=progress_form),
    Row("planning:contingency", "GET", plan, ALL_200),
    Row("planning:contingency", "POST", plan, EDITS, data=lambda t, u: {"iterations": "200", "seed": "3"}),
    Row("planning:contingency-carry", "POST", plan, EDITS, data=carry_form),
    Row("planning:seed-draw", "POST", plan, EDITS),
    Row("planning:estimate-feed", "POST", plan, EDITS),
    Row("planning_calendar:holidays", "GET", org, ALL_200),
    Row(
        "planning_calendar:holidays",
        "POST",
        org,
        statuses(403, manager=302, admin=302),
        data=lambda t, u: {"date": "2027-12-24", "name": "Christmas Eve"},
    ),
    Row("planning_calendar:holiday-delete", "POST", holiday, statuses(403, manager=302, admin=302)),
)


def plan_export(t: Tenant, u: User) -> dict[str, Any]:
    return {**plan(t, u), "fmt": "xml"}


def plan_import_form(t: Tenant, u: User) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"name,duration,predecessors\nDesign,5,\nBuild,10,1\n"
    return {"file": SimpleUploadedFile("plan.csv", csv, content_type="text/csv"), "confirm": "on"}


ROWS += (
    Row("planning:import", "GET", plan, EDITORS),
    Row("planning:import", "POST", plan, EDITS, data=plan_import_form),
    Row("planning:export", "GET", plan_export, ALL_200),
)
