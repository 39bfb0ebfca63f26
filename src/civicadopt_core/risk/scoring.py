"""Scoring a risk on a matrix, before its response (inherent) and after it (residual), and its expected
cost and delay.

A risk is written as cause, event and effect ("Because the permit data is 30 years old, the migration may
find inconsistent records, which would delay go-live"), following the risk metalanguage of PMI's Practice
Standard for Project Risk Management and Hillson (2000). It is scored twice: as it stands without the
response (inherent) and as it is expected to be once the response is in place (residual). A residual
input left empty is the inherent one: a response that only reduces the probability keeps the impact.

The expected monetary value (EMV) is probability x most likely cost, the expected delay probability x
most likely delay (PMBOK Guide, quantitative risk analysis). They add up over risks, unlike scores.
"""

from dataclasses import dataclass
from decimal import Decimal

from .matrix import Matrix, Rating

ZERO = Decimal(0)


@dataclass(frozen=True)
class Score:
    """A risk's place in the matrix: its scores, their product and its rating."""

    probability_score: int
    impact_score: int
    value: int
    rating: Rating


def score(
    probability: Decimal, cost_impact: Decimal | None, schedule_impact: Decimal | None, matrix: Matrix
) -> Score:
    """Score a risk of ``probability`` (0..1) whose cost (money) and delay (working days) may be None."""
    probability_score = matrix.probability_score(probability)
    impact_score = matrix.impact_score(cost_impact, schedule_impact)
    value = probability_score * impact_score
    return Score(probability_score, impact_score, value, matrix.rating(value))


def _check(value: Decimal | None, what: str, upper: Decimal | None = None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{what} must be a Decimal, not {value!r}")
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{what} must be a number of 0 or more, not {value}")
    if upper is not None and number > upper:
        raise ValueError(f"{what} must be between 0 and {upper}, not {value}")
    return number


@dataclass(frozen=True)
class Exposure:
    """What a risk could do: its probability (0..1), most likely cost (money) and delay (working days)."""

    probability: Decimal
    cost: Decimal | None = None
    schedule: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "probability", _check(self.probability, "probability", Decimal(1)))
        object.__setattr__(self, "cost", _check(self.cost, "cost impact"))
        object.__setattr__(self, "schedule", _check(self.schedule, "schedule impact"))

    @property
    def expected_cost(self) -> Decimal:
        return expected_monetary_value(self.probability, self.cost)

    @property
    def expected_delay(self) -> Decimal:
        return expected_delay(self.probability, self.schedule)


@dataclass(frozen=True)
class Risk:
    """One risk: ``key`` (such as "R3"), its statement, and its inherent and residual inputs.

    ``residual_*`` of None means "as inherent": the response does not change that input.
    """

    key: str
    probability: Decimal
    cost: Decimal | None = None
    schedule: Decimal | None = None
    residual_probability: Decimal | None = None
    residual_cost: Decimal | None = None
    residual_schedule: Decimal | None = None
    cause: str = ""
    event: str = ""
    effect: str = ""

    @property
    def inherent(self) -> Exposure:
        return Exposure(self.probability, self.cost, self.schedule)

    @property
    def residual(self) -> Exposure:
        return Exposure(
            self.probability if self.residual_probability is None else self.residual_probability,
            self.cost if self.residual_cost is None else self.residual_cost,
            self.schedule if self.residual_schedule is None else self.residual_schedule,
        )


@dataclass(frozen=True)
class Assessment:
    """A risk scored before and after its response, with expected cost and delay for each."""

    key: str
    inherent: Score
    residual: Score
    inherent_emv: Decimal
    residual_emv: Decimal
    inherent_delay: Decimal
    residual_delay: Decimal


def expected_monetary_value(probability: Decimal, cost: Decimal | None) -> Decimal:
    """Return probability x cost (exact; no cost impact is zero)."""
    return ZERO if cost is None else Decimal(probability) * Decimal(cost)


def expected_delay(probability: Decimal, days: Decimal | None) -> Decimal:
    """Return probability x delay in working days (exact; no delay is zero)."""
    return ZERO if days is None else Decimal(probability) * Decimal(days)


def exposure_score(exposure: Exposure, matrix: Matrix) -> Score:
    return score(exposure.probability, exposure.cost, exposure.schedule, matrix)


def assess(risk: Risk, matrix: Matrix) -> Assessment:
    """Score ``risk`` before and after its response on ``matrix``."""
    inherent, residual = risk.inherent, risk.residual
    return Assessment(
        key=risk.key,
        inherent=exposure_score(inherent, matrix),
        residual=exposure_score(residual, matrix),
        inherent_emv=inherent.expected_cost,
        residual_emv=residual.expected_cost,
        inherent_delay=inherent.expected_delay,
        residual_delay=residual.expected_delay,
    )
