"""Three-point estimates and risk events: the uncertain inputs of a schedule simulation."""

import math
from dataclasses import dataclass


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number")
    return number


@dataclass(frozen=True)
class Estimate:
    """A three-point estimate: the lowest, most likely and highest plausible value (low ≤ mode ≤ high)."""

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        low = _finite(self.low, "low")
        mode = _finite(self.mode, "most likely")
        high = _finite(self.high, "high")
        if not low <= mode <= high:
            raise ValueError("estimates must be in order: low ≤ most likely ≤ high")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "high", high)

    @classmethod
    def exactly(cls, value: float) -> "Estimate":
        return cls(value, value, value)


@dataclass(frozen=True)
class RiskEvent:
    """A risk that may happen: with ``probability`` it adds ``delay`` working days to each of ``tasks``
    (task ids) and ``cost`` money to the project. Either impact may be None.
    """

    key: str
    probability: float
    delay: Estimate | None = None
    cost: Estimate | None = None
    tasks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        probability = _finite(self.probability, f"risk {self.key}: probability")
        if not 0.0 <= probability <= 1.0:
            raise ValueError(f"risk {self.key}: probability must be between 0 and 1")
        object.__setattr__(self, "probability", probability)
        object.__setattr__(self, "tasks", tuple(str(t) for t in self.tasks))
        if self.delay is not None and self.delay.low < 0:
            raise ValueError(f"risk {self.key}: a delay cannot be negative")
