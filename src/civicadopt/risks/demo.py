"""Demo risk registers, loaded through the services so that the audit trail is real.

``load`` is called by the demo loader for each organisation. Idempotent: a risk whose title is already
in its initiative's register is left as it is (people may be editing it); a register for an initiative
that is not given, and task rows the plan does not have, are skipped silently.
"""

import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone

from civicadopt.accounts.models import Membership, Organisation, User
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.models import Task

from . import services
from .models import Risk

DATA_FILE = Path(__file__).resolve().parent / "demo" / "risks.json"
TEXT_FIELDS = ("title", "category", "cause", "event", "effect", "owner_name", "response", "mitigation",
               "trigger", "contingency_plan", "status")  # fmt: skip
DECIMAL_FIELDS = (
    "probability",
    "mitigation_cost",
    "residual_probability",
    "residual_cost",
    "residual_schedule",
)


def _member(organisation: Organisation, username: str) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, user__username=username)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _risk_data(
    entry: dict[str, Any], organisation: Organisation, tasks: Callable[[], dict[int, Task]]
) -> dict[str, Any]:
    data: dict[str, Any] = {name: entry[name] for name in TEXT_FIELDS if name in entry}
    data.update({name: Decimal(entry[name]) for name in DECIMAL_FIELDS if name in entry})
    for prefix in ("cost", "schedule"):
        if prefix in entry:
            low, likely, high = (Decimal(value) for value in entry[prefix])
            data.update({f"{prefix}_low": low, f"{prefix}_most_likely": likely, f"{prefix}_high": high})
    if "owner" in entry:
        owner = _member(organisation, entry["owner"])
        if owner is not None:
            data["owner"] = owner
        else:
            data.setdefault("owner_name", entry["owner"])
    if "review_in_days" in entry:
        data["review_date"] = timezone.localdate() + timedelta(days=entry["review_in_days"])
    if entry.get("tasks"):
        by_row = tasks()
        data["tasks"] = [by_row[row] for row in entry["tasks"] if row in by_row]
    return data


def load(
    organisation: Organisation,
    initiative_by_title: dict[str, Initiative],
    tasks_by_row: Callable[[Initiative], dict[int, Task]],
    data: dict[str, Any] | None = None,
) -> None:
    """Add the demo risks of ``organisation``'s initiatives (found by title) that are not there yet.

    ``tasks_by_row(initiative)`` returns the plan's tasks by row number; it is called at most once per
    initiative, and only when a risk names tasks.
    """
    data = data or json.loads(DATA_FILE.read_text(encoding="utf-8"))
    admin = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").first()
    )
    if admin is None:
        return
    for register in data["registers"]:
        if register.get("organisation", organisation.slug) != organisation.slug:
            continue
        initiative = initiative_by_title.get(register["initiative"])
        if initiative is None or initiative.organisation_id != organisation.pk:
            continue
        existing = set(Risk.objects.filter(initiative=initiative).values_list("title", flat=True))
        cache: dict[int, Task] | None = None

        def tasks(initiative: Initiative = initiative) -> dict[int, Task]:
            nonlocal cache
            if cache is None:
                cache = tasks_by_row(initiative)
            return cache

        for entry in register["risks"]:
            if entry["title"] in existing:
                continue
            services.risk_create(
                user=admin.user, initiative=initiative, data=_risk_data(entry, organisation, tasks)
            )
