"""Each initiative's funding plan: the costs its business case asks of each fiscal year against the money
expected for it (own budget, partners, financing, and grant applications weighted by their chance of
award), giving the funding gap year by year.

The costs are those of the business case's preferred option (or, without one, the first option other
than business as usual) in its latest calculation run, before discounting, in the price base year's
money: the same figures as the Financial case of the council report.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from civicadopt.business_cases.models import BusinessCase
from civicadopt.business_cases.selectors import latest_run
from civicadopt.initiatives.models import Initiative
from civicadopt_core.calendar import fiscal_year
from civicadopt_core.funding.gap import GapRow, SourceLine, expected_value, funding_gap

from .models import Application, FundingSource, Stage

PENDING = (Stage.IDENTIFIED, Stage.PREPARING, Stage.SUBMITTED)


@dataclass(frozen=True)
class FundingPlan:
    option: str  # the business-case option whose costs are planned for; "" when there is none
    run_label: str
    rows: list[GapRow]
    sources: list[SourceLine]
    expected_pending: Decimal


def option_costs(initiative: Initiative) -> tuple[str, str, dict[int, Decimal]]:
    """The planned option's name, its run's label and its costs by fiscal year ({} without a run)."""
    case = BusinessCase.objects.filter(initiative=initiative).select_related("preferred_option").first()
    run = latest_run(case=case) if case else None
    if case is None or run is None:
        return "", "", {}
    options = run.results["options"]
    chosen: dict[str, Any] | None = None
    if case.preferred_option is not None:
        chosen = next((o for o in options if o["name"] == case.preferred_option.name), None)
    if chosen is None:
        chosen = next((o for o in options if not o.get("is_business_as_usual")), None) or options[0]
    start_month = initiative.organisation.fiscal_year_start_month
    first = fiscal_year(timezone.datetime(case.first_year, start_month, 1).date(), start_month).year
    costs = {first + year: Decimal(str(value)) for year, value in enumerate(chosen["yearly"]["costs"])}
    label = date_format(timezone.localtime(run.created_at), "DATETIME_FORMAT")  # the organisation's zone
    return chosen["name"], label, costs


def source_lines(initiative: Initiative) -> list[SourceLine]:
    lines = [
        SourceLine(
            fiscal_year=source.fiscal_year,
            amount=source.amount,
            label=source.name,
            kind=source.kind,
            pending=not source.committed,
        )
        for source in FundingSource.objects.filter(initiative=initiative)
    ]
    for application in Application.objects.filter(initiative=initiative).select_related("programme"):
        if application.stage == Stage.AWARDED:
            probability = Decimal(1)
        elif application.stage in PENDING:
            probability = application.probability
        else:
            continue  # declined and withdrawn applications bring nothing
        lines.append(
            SourceLine(
                fiscal_year=application.fiscal_year,
                amount=application.requested,
                probability=probability,
                label=application.programme.name,
                kind="grant",
            )
        )
    return lines


def funding_plan(initiative: Initiative) -> FundingPlan:
    option, label, costs = option_costs(initiative)
    lines = source_lines(initiative)
    rows = funding_gap(costs, lines)
    pending = expected_value(line for line in lines if not line.committed)
    return FundingPlan(option, label, rows, lines, pending)
