"""Running the schedule-and-cost simulation on a plan and carrying its reserve into the business case."""

import math
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User
from civicadopt.audit.services import audit_record
from civicadopt.business_cases.reconciliation import CONTINGENCY_LINE, PLAN_ESTIMATE_LINE, plan_cost_by_year
from civicadopt_core.schedule import METHOD_VERSION, simulate_schedule

from . import mapping
from .models import Dependency, Plan, SimulationRun
from .services import audit_kwargs, require_edit


@transaction.atomic
def simulation_run(
    *, user: User, plan: Plan, iterations: int = 10_000, seed: int | None = None
) -> SimulationRun:
    """Run the schedule-and-cost Monte Carlo on the plan and its risks; store inputs, seed and results."""
    from .schedule import plan_schedule

    require_edit(user, plan.initiative)
    computed = plan_schedule(plan)
    if computed.error:
        raise ValidationError(computed.error)
    if not computed.rows:
        raise ValidationError(_("Add tasks to the plan before running the simulation."))
    tasks = [row.task for row in computed.rows]
    links = list(Dependency.objects.filter(successor__plan=plan))
    network = mapping.to_network(plan, tasks, links, computed.calendar)
    risks = _risk_events(plan)
    if seed is None:
        seed = _plan_seed(user, plan)
    elif plan.simulation_seed is None:
        _store_seed(user, plan, seed)  # the first run's seed becomes the plan's, even if named
    result = simulate_schedule(
        network,
        risks=risks,
        distribution=plan.distribution,  # type: ignore[arg-type]
        correlation=float(plan.correlation),
        iterations=iterations,
        seed=seed,
        confidence=plan.confidence / 100,
    )
    rows = {mapping.key(t): t.row for t in tasks}
    inputs = {
        "start": plan.start.isoformat(),
        "status_date": plan.status_date.isoformat() if plan.status_date else None,
        "holidays": sorted(d.isoformat() for d in computed.calendar.holidays),
        "tasks": [
            {
                "row": t.row,
                "name": t.name,
                "duration": float(t.duration),
                "level": t.outline_level,
                "estimate": [float(t.optimistic), float(t.most_likely), float(t.pessimistic)]
                if t.optimistic is not None
                else None,
                "cost": float(t.cost or 0),
                "cost_per_day": float(t.cost_per_day or 0),
                "percent_complete": t.percent_complete,
            }
            for t in tasks
        ],
        "links": [
            {
                "from": rows[mapping.key(link.predecessor_id)],
                "to": rows[mapping.key(link.successor_id)],
                "type": link.type,
                "lag": float(link.lag),
            }
            for link in links
        ],
        "risks": [
            {
                "key": r.key,
                "probability": r.probability,
                "tasks": [rows[t] for t in r.tasks if t in rows],
                "delay": [r.delay.low, r.delay.mode, r.delay.high] if r.delay else None,
                "cost": [r.cost.low, r.cost.mode, r.cost.high] if r.cost else None,
            }
            for r in risks
        ],
        "distribution": plan.distribution,
        "correlation": float(plan.correlation),
        "confidence": plan.confidence,
    }
    results = result.as_dict()
    # People see rows, not database ids: key the per-task results by row number.
    results["criticality"] = {str(rows[k]): v for k, v in result.criticality.items()}
    for driver in results["drivers"]:
        if driver["kind"] == "task":
            driver["key"] = str(rows[driver["key"]])
    # A duration of d working days ends where the plan ends, moved by d minus the planned duration: the
    # same convention as the plan's own finish date (a final milestone falls on its own day).
    end = computed.calendar.offset(computed.finish)

    def finish_date(days: float) -> str:
        return computed.calendar.day(end + math.ceil(days - result.planned_finish - 1e-9)).isoformat()

    results["planned_finish_date"] = computed.finish.isoformat() if computed.finish else None
    for name in ("p50", "p80", "p90", "at_confidence"):
        results["finish"][f"{name}_date"] = finish_date(results["finish"][name])
    run = SimulationRun.objects.create(
        plan=plan, created_by=user, iterations=iterations, seed=seed, method_version=METHOD_VERSION,
        inputs=inputs, results=results,
    )  # fmt: skip
    audit_record(
        actor=user, instance=run, action="create",
        changes={"simulation": [None, f"{iterations} iterations, seed {seed}"]}, **audit_kwargs(plan),
    )  # fmt: skip
    return run


def _store_seed(user: User, plan: Plan, seed: int) -> None:
    # A direct update: the seed is not a setting, so it must not bump the version guarding the settings.
    old = Plan.objects.filter(pk=plan.pk).values_list("simulation_seed", flat=True).first()
    Plan.objects.filter(pk=plan.pk).update(simulation_seed=seed)
    plan.simulation_seed = seed
    audit_record(
        actor=user, instance=plan, action="update", changes={"simulation_seed": [old, seed]},
        **audit_kwargs(plan),
    )  # fmt: skip


def _plan_seed(user: User, plan: Plan) -> int:
    """Return the plan's simulation seed, drawing and keeping one at the first simulation."""
    if plan.simulation_seed is None:
        _store_seed(user, plan, secrets.randbelow(2**31))
    return int(plan.simulation_seed)  # type: ignore[arg-type]


@transaction.atomic
def plan_seed_draw(*, user: User, plan: Plan) -> int:
    """Give the plan a new simulation seed (on request only: the next run's figures will move)."""
    require_edit(user, plan.initiative)
    seed = secrets.randbelow(2**31)
    while seed == plan.simulation_seed:
        seed = secrets.randbelow(2**31)
    _store_seed(user, plan, seed)
    return seed


def _risk_events(plan: Plan) -> list[Any]:
    """The plan's open risks as simulation events (the risks app maps them; none when it has no risks)."""
    from civicadopt.risks import mapping as risk_mapping
    from civicadopt.risks.models import Risk

    risks = Risk.objects.filter(initiative=plan.initiative).prefetch_related("tasks")
    return risk_mapping.to_risk_events(risks, residual=True)


@transaction.atomic
def contingency_to_business_case(*, user: User, plan: Plan, run: SimulationRun, option: Any) -> Any:
    """Carry the run's cost reserve into a business-case option as a risk-adjusted cost line.

    The line falls in the appraisal year in which the plan's P80 finish falls, in the case's price base
    (the simulation's costs are the plan's own, in today's prices). Calling it again (for this run or a
    newer one) updates that line instead of adding a second.
    """
    from civicadopt.business_cases import services as business_cases

    require_edit(user, plan.initiative)
    case = option.business_case
    if run.plan_id != plan.pk:
        raise ValidationError(_("Choose a simulation of this plan."))
    if case.initiative_id != plan.initiative_id:
        raise ValidationError(_("Choose an option of this initiative's business case."))
    if option.is_business_as_usual:
        # Business as usual is the counterfactual: the project's contingency never belongs to it.
        raise ValidationError(_("Choose an option of the business case other than business as usual."))
    reserve = Decimal(str(round(run.results["reserve_cost"], 2)))
    if reserve <= 0:
        raise ValidationError(_("This simulation gives no cost reserve to carry over."))
    finish_year = int(run.results["finish"]["at_confidence_date"][:4])
    year = max(0, min(finish_year - case.first_year, case.horizon_years))
    # One contingency line per option: carrying a newer run replaces the reserve instead of adding a
    # second one (which would count the risk twice). The run it came from is in the audit entry.
    name = str(CONTINGENCY_LINE)
    data = {"kind": "cost", "category": "other_cost", "name": name, "year": year, "amount": reserve}
    existing = option.lines.filter(name=name).first()
    if existing is not None:
        return business_cases.line_update(user=user, line=existing, data=data)
    return business_cases.line_create(user=user, option=option, data=data)


@transaction.atomic
def plan_estimate_to_business_case(*, user: User, plan: Plan) -> list[Any]:
    """Write the plan's cost estimate into the business case's preferred option, one cost line a year.

    The lines are named ``PLAN_ESTIMATE_LINE`` (category implementation) and fall in the appraisal year
    in which their tasks start. Feeding again replaces them, so the estimate is never counted twice;
    the option's other lines are left alone (the reconciliation shows what still differs).
    """
    from civicadopt.business_cases import services as business_cases
    from civicadopt.business_cases.models import BusinessCase

    require_edit(user, plan.initiative)
    case = BusinessCase.objects.filter(initiative=plan.initiative).select_related("preferred_option").first()
    if case is None or case.preferred_option is None:
        raise ValidationError(_("Choose the business case's preferred option first (on its results page)."))
    option = case.preferred_option
    if option.is_business_as_usual:
        raise ValidationError(
            _("The preferred option is business as usual: the plan's costs do not belong to it.")
        )
    by_year = plan_cost_by_year(plan, case)
    if not by_year:
        raise ValidationError(_("The plan's tasks have no costs yet: give them a cost or a cost per day."))
    name = str(PLAN_ESTIMATE_LINE)
    for line in option.lines.filter(name=name):
        business_cases.line_delete(user=user, line=line)
    data = {"kind": "cost", "category": "implementation", "name": name}
    return [
        business_cases.line_create(user=user, option=option, data=data | {"year": year, "amount": amount})
        for year, amount in by_year.items()
    ]
