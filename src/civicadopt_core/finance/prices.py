"""Real and nominal prices.

Appraisals are done in real terms (prices of one base year) so that inflation does not masquerade as
growth (Green Book 2022, A6.3; OMB Circular A-94, section 7). A nominal amount paid in year t is turned
into base-year prices by dividing by the inflation that accumulates between the base year and year t.
"""

from collections.abc import Sequence
from decimal import Decimal

ONE = Decimal(1)


def to_real(
    nominal: Sequence[Decimal], *, inflation: Decimal, base_year_index: int = 0
) -> tuple[Decimal, ...]:
    """Return ``nominal[t]`` in the prices of year ``base_year_index``: nominal[t] / (1 + inflation)^(t - base)."""
    if inflation <= -1:
        raise ValueError("inflation must be above -100%")
    growth = ONE + inflation
    return tuple(amount / growth ** (year - base_year_index) for year, amount in enumerate(nominal))


def to_nominal(
    real: Sequence[Decimal], *, inflation: Decimal, base_year_index: int = 0
) -> tuple[Decimal, ...]:
    """Return ``real[t]`` (base-year prices) as the money actually paid in year t."""
    if inflation <= -1:
        raise ValueError("inflation must be above -100%")
    growth = ONE + inflation
    return tuple(amount * growth ** (year - base_year_index) for year, amount in enumerate(real))


def deflate(amount: Decimal, *, year: int, inflation: Decimal, base_year_index: int = 0) -> Decimal:
    """Return one nominal ``amount`` paid in ``year`` in the prices of year ``base_year_index``."""
    if inflation <= -1:
        raise ValueError("inflation must be above -100%")
    return amount / (ONE + inflation) ** (year - base_year_index)
