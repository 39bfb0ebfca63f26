"""The probability-impact matrix: bands that turn a probability, a cost and a delay into scores 1..n,
and the rating bands of their product.

The defaults follow common practice for project risk in the public sector: a 5x5 matrix whose
probability bands are "rare" (10% or less) to "almost certain" (over 70%), impact judged on cost and on
schedule with the worse of the two taken, and the product of the two scores (1-25) read as low (1-4),
medium (5-9), high (10-15) or very high (16-25). See PMI, The Standard for Risk Management in
Portfolios, Programs, and Projects (2019) and the PMBOK Guide's probability and impact matrix; HM Treasury,
The Orange Book: Management of Risk (2023) and its Risk Appetite Guidance Note; docs/methods/risk-scoring.md.

Cost bands are money and therefore depend on the size of the project: ``default_matrix`` derives them
from a budget (1%, 3%, 5% and 10% of it for a 5x5 matrix). Schedule bands are working days.
"""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

SIZES = (3, 4, 5)
CENT = Decimal("0.01")


class Rating(StrEnum):
    """How serious a risk is: the band its probability score x impact score falls in."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


# Upper limits of every band but the last, per matrix size. The 4- and 3-level defaults merge bands of
# the 5-level ones, so a risk's place in the matrix does not jump when an organisation changes size.
DEFAULT_PROBABILITY_LIMITS: dict[int, tuple[Decimal, ...]] = {
    5: (Decimal("0.10"), Decimal("0.30"), Decimal("0.50"), Decimal("0.70")),
    4: (Decimal("0.10"), Decimal("0.30"), Decimal("0.70")),
    3: (Decimal("0.30"), Decimal("0.70")),
}
# Cost bands as shares of the project budget.
DEFAULT_COST_SHARES: dict[int, tuple[Decimal, ...]] = {
    5: (Decimal("0.01"), Decimal("0.03"), Decimal("0.05"), Decimal("0.10")),
    4: (Decimal("0.01"), Decimal("0.05"), Decimal("0.10")),
    3: (Decimal("0.03"), Decimal("0.10")),
}
# Schedule bands in working days: a week, a fortnight, a month, two months.
DEFAULT_SCHEDULE_LIMITS: dict[int, tuple[Decimal, ...]] = {
    5: (Decimal(5), Decimal(10), Decimal(20), Decimal(40)),
    4: (Decimal(5), Decimal(20), Decimal(40)),
    3: (Decimal(10), Decimal(40)),
}
# Highest score that is still low, medium and high; anything above is very high.
DEFAULT_RATING_LIMITS: dict[int, tuple[int, int, int]] = {
    5: (4, 9, 15),  # low 1-4, medium 5-9, high 10-15, very high 16-25
    4: (3, 6, 9),  # low 1-3, medium 4-6, high 8-9, very high 12-16
    3: (2, 4, 6),  # low 1-2, medium 3-4, high 6, very high 9
}
DEFAULT_BUDGET = Decimal(1_000_000)


def _decimal(value: Decimal | int | str, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValueError(f"{what} must be a number, not {value!r}")
    try:
        number = Decimal(value)
    except ArithmeticError as exc:
        raise ValueError(f"{what} must be a number, not {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number")
    return number


def _limits(values: Sequence[Decimal | int | str], size: int, what: str) -> tuple[Decimal, ...]:
    limits = tuple(_decimal(value, what) for value in values)
    if len(limits) != size - 1:
        raise ValueError(f"{what}: a {size}x{size} matrix needs {size - 1} band limits, not {len(limits)}")
    if any(low >= high for low, high in pairwise(limits)):
        raise ValueError(f"{what}: band limits must increase")
    if limits[0] <= 0:
        raise ValueError(f"{what}: band limits must be above zero")
    return limits


def band(value: Decimal, limits: Sequence[Decimal]) -> int:
    """Return the band (1 = lowest) that ``value`` falls in: band k holds values above limit k-1 and up
    to and including limit k; values above the last limit are in the top band."""
    return bisect_left(limits, value) + 1


@dataclass(frozen=True)
class Matrix:
    """A square probability-impact matrix of ``size`` (3, 4 or 5) levels.

    Each ``*_limits`` holds the upper limit of every band but the top one, increasing: for a 5x5 matrix,
    probability limits (0.10, 0.30, 0.50, 0.70) mean score 1 for 10% or less, ..., 5 for over 70%.
    ``rating_limits`` are the highest probability x impact products still rated low, medium and high.
    """

    size: int
    probability_limits: tuple[Decimal, ...]
    cost_limits: tuple[Decimal, ...]
    schedule_limits: tuple[Decimal, ...]
    rating_limits: tuple[int, int, int]

    def __post_init__(self) -> None:
        if self.size not in SIZES:
            raise ValueError(f"the matrix size must be one of {SIZES}, not {self.size!r}")
        probability = _limits(self.probability_limits, self.size, "probability")
        if probability[-1] >= 1:
            raise ValueError("probability: band limits must be below 1 (100%)")
        object.__setattr__(self, "probability_limits", probability)
        object.__setattr__(self, "cost_limits", _limits(self.cost_limits, self.size, "cost"))
        object.__setattr__(self, "schedule_limits", _limits(self.schedule_limits, self.size, "schedule"))
        ratings = tuple(self.rating_limits)
        top = self.size * self.size
        if (
            len(ratings) != 3
            or not all(isinstance(r, int) and not isinstance(r, bool) for r in ratings)
            or not 1 <= ratings[0] < ratings[1] < ratings[2] < top
        ):
            raise ValueError(f"rating limits must be three whole numbers rising from 1 to below {top}")
        object.__setattr__(self, "rating_limits", ratings)

    @property
    def top(self) -> int:
        """The highest possible probability x impact product."""
        return self.size * self.size

    def probability_score(self, probability: Decimal) -> int:
        probability = _decimal(probability, "probability")
        if not 0 <= probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        return band(probability, self.probability_limits)

    def cost_score(self, cost: Decimal | None) -> int:
        """Score a cost impact (money); no cost impact scores 1."""
        if cost is None:
            return 1
        cost = _decimal(cost, "cost impact")
        if cost < 0:
            raise ValueError("a cost impact cannot be negative")
        return band(cost, self.cost_limits)

    def schedule_score(self, days: Decimal | None) -> int:
        """Score a schedule impact (working days); no delay scores 1."""
        if days is None:
            return 1
        days = _decimal(days, "schedule impact")
        if days < 0:
            raise ValueError("a schedule impact cannot be negative")
        return band(days, self.schedule_limits)

    def impact_score(self, cost: Decimal | None, days: Decimal | None) -> int:
        """The worse of the cost and schedule scores: a risk is as serious as its worst consequence."""
        return max(self.cost_score(cost), self.schedule_score(days))

    def rating(self, value: int) -> Rating:
        """The rating of a probability x impact product ``value`` (1..size²)."""
        if not 1 <= value <= self.top:
            raise ValueError(f"a score must be between 1 and {self.top}")
        low, medium, high = self.rating_limits
        if value <= low:
            return Rating.LOW
        if value <= medium:
            return Rating.MEDIUM
        if value <= high:
            return Rating.HIGH
        return Rating.VERY_HIGH


def ranges(limits: Sequence[Decimal]) -> tuple[tuple[Decimal | None, Decimal | None], ...]:
    """Return each band as (exclusive lower limit, inclusive upper limit); None where it is open."""
    bounds: list[Decimal | None] = [None, *limits, None]
    return tuple((bounds[i], bounds[i + 1]) for i in range(len(limits) + 1))


def default_matrix(budget: Decimal = DEFAULT_BUDGET, size: int = 5) -> Matrix:
    """Return the default matrix of ``size`` for a project of ``budget`` (money, above zero).

    Cost bands are shares of the budget (5x5: 1%, 3%, 5%, 10%), rounded to cents.
    """
    if size not in SIZES:
        raise ValueError(f"the matrix size must be one of {SIZES}, not {size!r}")
    budget = _decimal(budget, "budget")
    if budget <= 0:
        raise ValueError("the budget must be above zero")
    return Matrix(
        size=size,
        probability_limits=DEFAULT_PROBABILITY_LIMITS[size],
        cost_limits=tuple(
            (budget * share).quantize(CENT, rounding=ROUND_HALF_UP) for share in DEFAULT_COST_SHARES[size]
        ),
        schedule_limits=DEFAULT_SCHEDULE_LIMITS[size],
        rating_limits=DEFAULT_RATING_LIMITS[size],
    )
