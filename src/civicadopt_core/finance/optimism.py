"""Optimism bias: the uplift of capital cost and duration that corrects appraisers' systematic optimism.

Upper-bound uplifts by project type come from HM Treasury, Supplementary Green Book Guidance: Optimism
Bias (2003), Table 1, based on Mott MacDonald, Review of Large Public Procurement in the UK (2002). The
upper bound applies at the start of a project; as risks are managed it is reduced by a mitigation factor
(0 = nothing mitigated, 1 = fully mitigated): uplift = upper bound x (1 - mitigation). For outsourcing the
uplift applies to operating costs rather than capital.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from .flows import CAPITAL_CATEGORIES, Kind, Line

ONE = Decimal(1)


class ProjectType(StrEnum):
    STANDARD_BUILDINGS = "standard_buildings"
    NON_STANDARD_BUILDINGS = "non_standard_buildings"
    STANDARD_CIVIL_ENGINEERING = "standard_civil_engineering"
    NON_STANDARD_CIVIL_ENGINEERING = "non_standard_civil_engineering"
    EQUIPMENT_DEVELOPMENT = "equipment_development"
    OUTSOURCING = "outsourcing"


@dataclass(frozen=True)
class OptimismBiasBounds:
    """Upper and lower bound uplifts (fractions) of capital (or operating) cost and of works duration."""

    capital_upper: Decimal
    capital_lower: Decimal
    duration_upper: Decimal | None
    duration_lower: Decimal | None
    applies_to_operating_costs: bool = False


# HM Treasury (2003), Supplementary Green Book Guidance: Optimism Bias, Table 1. Technology projects
# (software, systems) are "equipment/development".
OPTIMISM_BIAS_TABLE: dict[ProjectType, OptimismBiasBounds] = {
    ProjectType.STANDARD_BUILDINGS: OptimismBiasBounds(
        Decimal("0.24"), Decimal("0.02"), Decimal("0.04"), Decimal("0.01")
    ),
    ProjectType.NON_STANDARD_BUILDINGS: OptimismBiasBounds(
        Decimal("0.51"), Decimal("0.04"), Decimal("0.39"), Decimal("0.02")
    ),
    ProjectType.STANDARD_CIVIL_ENGINEERING: OptimismBiasBounds(
        Decimal("0.44"), Decimal("0.03"), Decimal("0.20"), Decimal("0.01")
    ),
    ProjectType.NON_STANDARD_CIVIL_ENGINEERING: OptimismBiasBounds(
        Decimal("0.66"), Decimal("0.06"), Decimal("0.25"), Decimal("0.03")
    ),
    ProjectType.EQUIPMENT_DEVELOPMENT: OptimismBiasBounds(
        Decimal("2.00"), Decimal("0.10"), Decimal("0.54"), Decimal("0.10")
    ),
    ProjectType.OUTSOURCING: OptimismBiasBounds(
        Decimal("0.41"), Decimal("0"), None, None, applies_to_operating_costs=True
    ),
}


@dataclass(frozen=True)
class OptimismBias:
    """The uplifts to apply to one option: capital (or operating) cost and duration, as fractions."""

    project_type: ProjectType
    mitigation: Decimal
    cost_uplift: Decimal
    duration_uplift: Decimal | None


def optimism_bias(project_type: ProjectType, mitigation: Decimal) -> OptimismBias:
    """Return the uplifts for ``project_type`` after ``mitigation`` (0..1) of the upper bound."""
    if not 0 <= mitigation <= 1:
        raise ValueError("the mitigation factor must be between 0 and 1")
    bounds = OPTIMISM_BIAS_TABLE[project_type]
    remaining = ONE - mitigation
    return OptimismBias(
        project_type=project_type,
        mitigation=mitigation,
        cost_uplift=bounds.capital_upper * remaining,
        duration_uplift=None if bounds.duration_upper is None else bounds.duration_upper * remaining,
    )


def apply_optimism_bias(lines: Iterable[Line], bias: OptimismBias) -> list[Line]:
    """Return ``lines`` with the cost uplift applied to the costs it covers; other lines unchanged.

    Capital-type costs (capital, implementation, hardware, data migration) are uplifted, or for
    outsourcing every other cost. Low and high values are uplifted with the amount.
    """
    operating = OPTIMISM_BIAS_TABLE[bias.project_type].applies_to_operating_costs
    factor = ONE + bias.cost_uplift
    result = []
    for line in lines:
        covered = line.kind == Kind.COST and ((line.category in CAPITAL_CATEGORIES) != operating)
        if covered:
            line = replace(
                line,
                amount=line.amount * factor,
                low=None if line.low is None else line.low * factor,
                high=None if line.high is None else line.high * factor,
            )
        result.append(line)
    return result
