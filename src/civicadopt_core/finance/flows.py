"""Cost and benefit lines of an option, and their totals year by year.

Year 0 is the first year of the appraisal ("now"); year t is t years later. Amounts are positive: the
line's kind says whether it is a cost or a benefit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


class Kind(StrEnum):
    COST = "cost"
    BENEFIT = "benefit"


class Distribution(StrEnum):
    """How an uncertain line's amount varies between its low and high values (see ``uncertainty``)."""

    TRIANGULAR = "triangular"
    PERT = "pert"
    LOGNORMAL = "lognormal"


class Category(StrEnum):
    """Kinds of cost and benefit a municipal technology business case uses.

    Benefits that are not cash in the city's budget (staff hours released, residents' time saved) are
    kept apart from cashable ones, because a council must not mistake them for budget savings.
    """

    CAPITAL = "capital"
    IMPLEMENTATION = "implementation"
    LICENCES = "licences"
    HARDWARE = "hardware"
    STAFF_TIME = "staff_time"
    TRAINING = "training"
    DATA_MIGRATION = "data_migration"
    DECOMMISSIONING = "decommissioning"
    LEGACY_MAINTENANCE = "legacy_maintenance"
    OTHER_COST = "other_cost"
    CASHABLE_SAVINGS = "cashable_savings"
    AVOIDED_COSTS = "avoided_costs"
    REVENUE = "revenue"
    STAFF_HOURS_RELEASED = "staff_hours_released"
    SOCIAL = "social"
    OTHER_BENEFIT = "other_benefit"


# Costs that optimism bias uplifts as capital expenditure (HM Treasury supplementary guidance, 2003).
CAPITAL_CATEGORIES = frozenset(
    {Category.CAPITAL, Category.IMPLEMENTATION, Category.HARDWARE, Category.DATA_MIGRATION}
)
NON_CASHABLE_CATEGORIES = frozenset({Category.STAFF_HOURS_RELEASED, Category.SOCIAL})


@dataclass(frozen=True)
class Line:
    """One cost or benefit of one option in one year, optionally with a low-high range for uncertainty."""

    option: str
    kind: Kind
    category: str
    name: str
    year: int
    amount: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    distribution: Distribution = Distribution.TRIANGULAR
    # Lines in the same correlation group move together in a simulation (e.g. all licence prices).
    group: str = ""

    def __post_init__(self) -> None:
        if self.year < 0:
            raise ValueError(f"{self.name}: the year must be 0 or later, not {self.year}")
        if self.amount < 0:
            raise ValueError(f"{self.name}: amounts are positive; the kind says cost or benefit")
        if (self.low is None) != (self.high is None):
            raise ValueError(f"{self.name}: give both low and high, or neither")
        if self.low is not None and self.high is not None and not self.low <= self.amount <= self.high:
            raise ValueError(f"{self.name}: low <= amount <= high is required")

    @property
    def uncertain(self) -> bool:
        return self.low is not None and self.low != self.high

    @property
    def cashable(self) -> bool:
        return self.category not in NON_CASHABLE_CATEGORIES


@dataclass(frozen=True)
class YearFlows:
    """Total costs and benefits of an option in each year 0..horizon."""

    costs: tuple[Decimal, ...]
    benefits: tuple[Decimal, ...]

    @property
    def horizon(self) -> int:
        """Return the last year (the flows cover years 0..horizon)."""
        return len(self.costs) - 1

    @property
    def net(self) -> tuple[Decimal, ...]:
        return tuple(b - c for c, b in zip(self.costs, self.benefits, strict=True))

    def minus(self, other: "YearFlows") -> "YearFlows":
        """Return these flows less ``other``'s, year by year (the incremental case against ``other``)."""
        horizon = max(self.horizon, other.horizon)
        mine, theirs = self.extended(horizon), other.extended(horizon)
        return YearFlows(
            costs=tuple(a - b for a, b in zip(mine.costs, theirs.costs, strict=True)),
            benefits=tuple(a - b for a, b in zip(mine.benefits, theirs.benefits, strict=True)),
        )

    def extended(self, horizon: int) -> "YearFlows":
        """Return the flows padded with zero years up to ``horizon``."""
        extra = (ZERO,) * (horizon - self.horizon)
        return YearFlows(costs=self.costs + extra, benefits=self.benefits + extra)


def year_flows(lines: Iterable[Line], *, horizon: int | None = None) -> YearFlows:
    """Return the yearly totals of ``lines``, over years 0..``horizon`` (default: the last year used)."""
    items = list(lines)
    last = max((line.year for line in items), default=0)
    horizon = last if horizon is None else horizon
    if horizon < last:
        raise ValueError(f"the horizon ({horizon}) ends before the last line's year ({last})")
    costs = [ZERO] * (horizon + 1)
    benefits = [ZERO] * (horizon + 1)
    for line in items:
        target = costs if line.kind == Kind.COST else benefits
        target[line.year] += line.amount
    return YearFlows(costs=tuple(costs), benefits=tuple(benefits))


def options_of(lines: Sequence[Line]) -> list[str]:
    """Return the option names in the order they first appear."""
    return list(dict.fromkeys(line.option for line in lines))
