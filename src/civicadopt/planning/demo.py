"""Demo implementation plans and the demo municipality's holidays, loaded through the services.

Idempotent: holidays already there are kept, and an initiative that already has a plan is left as it
is (people may be editing it). After the plans, the demo risk registers are loaded (they link to plan
rows) and each new plan gets a baseline and one stored simulation, so every page has something to show.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from civicadopt.accounts.models import Membership, Organisation
from civicadopt.accounts.roles import Role
from civicadopt.initiatives.models import Initiative
from civicadopt_core.schedule import parse_predecessors

from . import services
from .imports import TaskRecord, plan_replace
from .models import Holiday, Plan, Task

DATA_FILE = Path(__file__).resolve().parent / "demo" / "plans.json"
DEMO_SEED = 20270111
DEMO_ITERATIONS = 5_000


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _record(entry: dict[str, Any]) -> TaskRecord:
    estimate = entry.get("estimate") or [None, None, None]
    return TaskRecord(
        name=entry["name"],
        outline_level=entry.get("level", 1),
        duration=Decimal(str(entry.get("duration", 0))),
        milestone=bool(entry.get("milestone")),
        optimistic=_decimal(estimate[0]),
        most_likely=_decimal(estimate[1]),
        pessimistic=_decimal(estimate[2]),
        constraint=entry.get("constraint") or "",
        constraint_date=_date(entry.get("constraint_date")),
        cost=_decimal(entry.get("cost")),
        cost_per_day=_decimal(entry.get("cost_per_day")),
        percent_complete=entry.get("percent_complete", 0),
        actual_start=_date(entry.get("actual_start")),
        actual_finish=_date(entry.get("actual_finish")),
        phase_name=entry.get("phase") or "",
        predecessors=[
            (int(p.id), p.type.value, Decimal(str(p.lag)))
            for p in parse_predecessors(entry.get("predecessors") or "")
        ],
    )


def _admin(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN).select_related("user").first()
    )
    return membership.user if membership else None


def load_demo_plans(data: dict[str, Any] | None = None) -> int:
    """Create the demo holidays and plans that do not exist yet; return how many plans were created."""
    from .simulation import simulation_run

    data = data or json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for entry in data.get("holidays", []):
        organisation = Organisation.objects.filter(slug=entry["organisation"]).first()
        if organisation is not None:
            Holiday.objects.get_or_create(
                organisation=organisation, date=_date(entry["date"]), defaults={"name": entry["name"]}
            )
    created: list[tuple[Any, Plan]] = []
    for entry in data["plans"]:
        initiative = (
            Initiative.objects.filter(title=entry["initiative"]).select_related("organisation").first()
        )
        if initiative is None or Plan.objects.filter(initiative=initiative).exists():
            continue
        user = _admin(initiative.organisation)
        if user is None:
            continue
        plan = services.plan_create(
            user=user,
            initiative=initiative,
            data={
                "start": _date(entry["start"]),
                "status_date": _date(entry.get("status_date")),
                "distribution": entry.get("distribution", "pert"),
                "correlation": Decimal(str(entry.get("correlation", "0"))),
                "confidence": entry.get("confidence", 80),
            },
        )
        plan_replace(
            user=user, plan=plan, records=[_record(t) for t in entry["tasks"]], source="the demo data"
        )
        created.append((user, plan))
    _load_risks()
    for user, plan in created:
        plan.refresh_from_db()
        if not plan.status_date:  # a plan not yet started: its baseline is the plan as it stands
            services.baseline_set(user=user, plan=plan)
        simulation_run(user=user, plan=plan, iterations=DEMO_ITERATIONS, seed=DEMO_SEED)
    return len(created)


def _load_risks() -> None:
    """The demo risk registers (the risks app's data), linked to plan rows by number."""
    from civicadopt.risks import demo as risks_demo

    def tasks_by_row(initiative: Initiative) -> dict[int, Any]:
        return {task.row: task for task in Task.objects.filter(plan__initiative=initiative)}

    for organisation in Organisation.objects.all():
        by_title = {i.title: i for i in Initiative.objects.filter(organisation=organisation)}
        risks_demo.load(organisation, by_title, tasks_by_row)
