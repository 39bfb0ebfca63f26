"""The headline figures of an initiative's page, read from what each area has stored.

Nothing is recalculated here: the business case's figures come from its latest stored calculation run,
the schedule's spread from the latest stored simulation run, and the funding gap from the funding plan
(the same rows as the funding plan page). Each figure says where it came from, so a council member can
follow it to its page. The number of queries does not grow with the size of the plan or register.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .models import Initiative

MILESTONES_SHOWN = 3
RISKS_SHOWN = 5


@dataclass(frozen=True)
class CaseFigures:
    exists: bool
    calculated: bool = False
    option: str = ""  # the preferred option's name; "" when none is chosen
    preferred: bool = False  # False: the figures are of the highest-NPV option, no option being preferred
    npv: Decimal | None = None
    bcr: Decimal | None = None
    run_at: dt.datetime | None = None


@dataclass(frozen=True)
class FundingFigures:
    planned: bool  # a calculated business case gives the costs to fund
    cost: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    gap_committed: Decimal = Decimal(0)
    gap_expected: Decimal = Decimal(0)
    option: str = ""


@dataclass(frozen=True)
class ScheduleFigures:
    exists: bool
    tasks: int = 0
    simulated: bool = False
    planned_finish: dt.date | None = None
    p50_finish: dt.date | None = None
    p80_finish: dt.date | None = None
    confidence: int | None = None
    reserve_days: float | None = None
    reserve_cost: float | None = None
    run_at: dt.datetime | None = None
    error: str = ""


@dataclass(frozen=True)
class Overview:
    case: CaseFigures
    funding: FundingFigures
    schedule: ScheduleFigures
    risks: list[Any] = field(default_factory=list)
    milestones: list[Any] = field(default_factory=list)  # planning.schedule.Row, the next ones not reached


def _case_figures(initiative: Initiative) -> CaseFigures:
    from civicadopt.business_cases.selectors import business_case_for, latest_run

    case = business_case_for(initiative=initiative)
    if case is None:
        return CaseFigures(exists=False)
    run = latest_run(case=case)
    if run is None:
        return CaseFigures(exists=True)
    options = run.results.get("options") or []
    chosen = None
    if case.preferred_option is not None:
        chosen = next((row for row in options if row["name"] == case.preferred_option.name), None)
    preferred = chosen is not None
    if chosen is None:
        chosen = next((row for row in options if row["name"] == run.results.get("highest_npv")), None)
    if chosen is None:
        return CaseFigures(exists=True, calculated=True, run_at=run.created_at)
    return CaseFigures(
        exists=True,
        calculated=True,
        option=chosen["name"],
        preferred=preferred,
        npv=None if chosen.get("npv") is None else Decimal(chosen["npv"]),
        bcr=None if chosen.get("bcr") is None else Decimal(chosen["bcr"]),
        run_at=run.created_at,
    )


def _funding_figures(initiative: Initiative) -> FundingFigures:
    from civicadopt.funding.plan import funding_plan

    plan = funding_plan(initiative)
    if not plan.option:
        return FundingFigures(planned=False)
    return FundingFigures(
        planned=True,
        cost=sum((row.cost for row in plan.rows), Decimal(0)),
        committed=sum((row.committed for row in plan.rows), Decimal(0)),
        # The sums of the funding plan's gap columns, so the headline traces to that table.
        gap_committed=sum((row.gap_committed for row in plan.rows), Decimal(0)),
        gap_expected=sum((row.gap_expected for row in plan.rows), Decimal(0)),
        option=plan.option,
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _schedule(initiative: Initiative, today: dt.date) -> tuple[ScheduleFigures, list[Any]]:
    from civicadopt.planning.models import Plan
    from civicadopt.planning.schedule import plan_schedule

    plan = Plan.objects.filter(initiative=initiative).first()
    if plan is None:
        return ScheduleFigures(exists=False), []
    plan.initiative = initiative
    computed = plan_schedule(plan)
    milestones = [
        row for row in computed.milestones if row.task.actual_finish is None and row.finish >= today
    ][:MILESTONES_SHOWN]
    run = plan.runs.first()
    tasks = sum(1 for row in computed.rows if not row.summary)
    if run is None:
        figures = ScheduleFigures(
            exists=True,
            tasks=tasks,
            planned_finish=computed.finish,
            error=computed.error,
        )
        return figures, milestones
    results = run.results
    finish = results.get("finish", {})
    figures = ScheduleFigures(
        exists=True,
        tasks=tasks,
        simulated=True,
        planned_finish=_date(results.get("planned_finish_date")),
        p50_finish=_date(finish.get("p50_date")),
        p80_finish=_date(finish.get("p80_date")),
        confidence=run.inputs.get("confidence"),
        reserve_days=results.get("reserve_days"),
        reserve_cost=results.get("reserve_cost"),
        run_at=run.created_at,
        error=computed.error,
    )
    return figures, milestones


def initiative_overview(initiative: Initiative, *, today: dt.date) -> Overview:
    """Return the headline figures of ``initiative`` (already loaded through a selector)."""
    from civicadopt.risks.selectors import top_risks

    schedule, milestones = _schedule(initiative, today)
    return Overview(
        case=_case_figures(initiative),
        funding=_funding_figures(initiative),
        schedule=schedule,
        risks=top_risks(initiative, RISKS_SHOWN),
        milestones=milestones,
    )
