"""Risks and plan tasks for tests, with explicit numbers wherever a test asserts one."""

from datetime import date
from decimal import Decimal
from typing import Any

from civicadopt.accounts.models import User
from civicadopt.initiatives.models import Initiative
from civicadopt.planning.models import Plan, Task

from .. import services
from ..models import Risk


def risk(initiative: Initiative, user: User, **data: Any) -> Risk:
    """Add a risk through the service: 40% x 40,000 and 15 days unless ``data`` says otherwise."""
    values: dict[str, Any] = {
        "title": "Legacy data fails to migrate",
        "category": "legacy",
        "probability": Decimal("0.40"),
        "cost_most_likely": Decimal(40_000),
        "schedule_most_likely": Decimal(15),
        **data,
    }
    return services.risk_create(user=user, initiative=initiative, data=values)


def tasks(initiative: Initiative, *rows: int) -> dict[int, Task]:
    """Give ``initiative`` a plan (if it has none) with a task at each of ``rows``."""
    plan, _ = Plan.objects.get_or_create(initiative=initiative, defaults={"start": date(2026, 1, 5)})
    return {
        row: Task.objects.create(plan=plan, row=row, name=f"Task {row}", duration=Decimal(10)) for row in rows
    }
