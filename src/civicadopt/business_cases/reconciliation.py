"""The plan's cost estimate and reserve set against the business case's costs of the preferred option.

A council reads the plan (what delivery will cost) and the business case (what the option costs) side
by side; when the two disagree, the difference is shown rather than hidden. The plan's estimate is the
same figure the schedule simulation calls the planned cost: each task's fixed cost plus its cost per
working day times its duration, in today's prices. The case's side is the preferred option's one-off
delivery costs (the categories below), not discounted, as entered.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from civicadopt_core.finance.flows import Category

from .models import BusinessCase, Option

# One-off costs of delivering the option: what an implementation plan's tasks pay for. Running costs
# (licences, maintenance) and staff time fall outside the plan, so they are not compared.
DELIVERY_CATEGORIES = (
    Category.CAPITAL, Category.IMPLEMENTATION, Category.HARDWARE, Category.DATA_MIGRATION, Category.TRAINING,
)  # fmt: skip
PLAN_ESTIMATE_LINE = _("Implementation plan estimate")
CONTINGENCY_LINE = _("Risk contingency from the schedule simulation")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Reconciliation:
    option: Option
    plan_cost: Decimal
    case_costs: Decimal
    plan_reserve: Decimal | None  # None: the plan has no simulation yet
    case_contingency: Decimal
    fed_from_plan: bool  # the option already has the plan's estimate as lines

    @property
    def cost_difference(self) -> Decimal:
        """The plan's estimate minus the case's delivery costs (positive: the case counts too little)."""
        return self.plan_cost - self.case_costs

    @property
    def reserve_difference(self) -> Decimal | None:
        return None if self.plan_reserve is None else self.plan_reserve - self.case_contingency


def plan_cost_by_year(plan: Any, case: BusinessCase) -> dict[int, Decimal]:
    """Return the plan's estimate split by appraisal year (the year each task starts), in cents."""
    from civicadopt.planning.schedule import plan_schedule

    computed = plan_schedule(plan)
    by_year: dict[int, Decimal] = {}
    for row in computed.rows:
        task = row.task
        duration = Decimal(0) if task.milestone else Decimal(task.duration)
        cost = Decimal(task.cost or 0) + Decimal(task.cost_per_day or 0) * duration
        if cost:
            year = max(0, min(row.start.year - case.first_year, case.horizon_years))
            by_year[year] = by_year.get(year, Decimal(0)) + cost
    return {year: amount.quantize(CENT) for year, amount in sorted(by_year.items())}


def plan_cost(plan: Any) -> Decimal:
    """Return the plan's estimate without scheduling it (the page shows it; only feeding needs the years)."""
    total = Decimal(0)
    for milestone, duration, cost, per_day in plan.tasks.values_list(
        "milestone", "duration", "cost", "cost_per_day"
    ):
        total += Decimal(cost or 0) + Decimal(per_day or 0) * (Decimal(0) if milestone else Decimal(duration))
    return total.quantize(CENT)


def reconcile(case: BusinessCase, plan: Any) -> Reconciliation | None:
    """Return the comparison for the case's preferred option, or None without one (or without a plan)."""
    option = case.preferred_option
    if option is None or plan is None or option.is_business_as_usual:
        return None
    costs = option.lines.filter(kind="cost")
    delivery = costs.filter(category__in=[c.value for c in DELIVERY_CATEGORIES])
    contingency = costs.filter(name=str(CONTINGENCY_LINE))
    run = plan.runs.first()
    reserve = None if run is None else Decimal(str(round(run.results["reserve_cost"], 2)))
    return Reconciliation(
        option=option,
        plan_cost=plan_cost(plan),
        case_costs=sum((line.amount for line in delivery), Decimal(0)),
        plan_reserve=reserve,
        case_contingency=sum((line.amount for line in contingency), Decimal(0)),
        fed_from_plan=costs.filter(name=str(PLAN_ESTIMATE_LINE)).exists(),
    )
