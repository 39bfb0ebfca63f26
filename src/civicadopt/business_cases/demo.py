"""Demo business cases for the demo municipality, loaded through the services so the audit trail is real.

Idempotent: an initiative that already has a business case is left as it is (people may be editing it).
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from civicadopt.accounts.models import Membership
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import Initiative

from . import services
from .models import BusinessCase

DATA_FILE = Path(__file__).resolve().parents[1] / "demo" / "data" / "business_cases.json"


def _lines(entry: dict[str, Any]) -> list[dict[str, Any]]:
    first, last = entry["years"]
    values = {
        key: entry[key] for key in ("kind", "category", "name", "distribution", "group") if key in entry
    }
    amounts = {key: Decimal(entry[key]) for key in ("amount", "low", "high") if key in entry}
    return [{**values, **amounts, "year": year} for year in range(first, last + 1)]


def load_demo_business_cases(data: dict[str, Any] | None = None) -> int:
    """Create the demo business cases that do not exist yet; return how many were created."""
    data = data or json.loads(DATA_FILE.read_text(encoding="utf-8"))
    created = 0
    for entry in data["business_cases"]:
        initiative = Initiative.objects.filter(
            organisation__slug=entry["organisation"], title=entry["initiative"]
        ).first()
        if initiative is None or BusinessCase.objects.filter(initiative=initiative).exists():
            continue
        admin = (
            Membership.objects.filter(organisation=initiative.organisation, role=Role.ADMIN)
            .select_related("user")
            .first()
        )
        if admin is None:
            continue
        user = admin.user
        settings = {
            k: (Decimal(v) if k in ("discount_rate", "optimism_mitigation") else v)
            for k, v in entry["settings"].items()
        }
        case = services.business_case_create(user=user, initiative=initiative, data=settings)
        for option_entry in entry["options"]:
            if option_entry["name"].lower() == "business as usual":
                option = case.options.get(is_business_as_usual=True)
            else:
                option = services.option_create(user=user, case=case, data={
                    "name": option_entry["name"], "description": option_entry.get("description", "")})  # fmt: skip
            for line_entry in option_entry["lines"]:
                for line in _lines(line_entry):
                    services.line_create(user=user, option=option, data=line)
        for assumption in entry.get("assumptions", []):
            services.assumption_create(user=user, case=case, data=assumption)
        for budget in entry.get("budgets", []):
            services.budget_set(
                user=user, case=case, fiscal_year=budget["fiscal_year"], amount=Decimal(budget["amount"])
            )
        services.business_case_calculate(user=user, case=case, seed=entry["seed"])
        created += 1
    return created
