"""Risk: probability x impact scoring on a configurable matrix, inherent and residual risk, expected
monetary value and expected delay. Pure functions on frozen dataclasses; money and days are ``Decimal``.

The method, its defaults and their sources are in docs/methods/risk-scoring.md.
"""

from .matrix import (
    DEFAULT_BUDGET,
    DEFAULT_COST_SHARES,
    DEFAULT_PROBABILITY_LIMITS,
    DEFAULT_RATING_LIMITS,
    DEFAULT_SCHEDULE_LIMITS,
    SIZES,
    Matrix,
    Rating,
    band,
    default_matrix,
    ranges,
)
from .scoring import (
    Assessment,
    Exposure,
    Risk,
    Score,
    assess,
    expected_delay,
    expected_monetary_value,
    exposure_score,
    score,
)

__all__ = [
    "DEFAULT_BUDGET",
    "DEFAULT_COST_SHARES",
    "DEFAULT_PROBABILITY_LIMITS",
    "DEFAULT_RATING_LIMITS",
    "DEFAULT_SCHEDULE_LIMITS",
    "SIZES",
    "Assessment",
    "Exposure",
    "Matrix",
    "Rating",
    "Risk",
    "Score",
    "assess",
    "band",
    "default_matrix",
    "expected_delay",
    "expected_monetary_value",
    "exposure_score",
    "ranges",
    "score",
]
