"""The funding gap of an initiative, fiscal year by fiscal year, and the expected value of applications.

For each fiscal year:

- committed: money that is certain (own budget, partner contributions, awarded grants: probability 1);
- expected pending: each pending application's amount times its probability of award, added up (the
  expected value: a 30% chance of 100,000 is worth 30,000 in a plan, never 100,000);
- gap (committed) = cost - committed: what is still to be found if no pending application succeeds;
- gap (expected) = cost - committed - expected pending: what is still to be found on average.

A negative gap is a surplus. Sums are exact (``Decimal``); each figure of a row is then rounded once to
the cent, halves away from zero, and the gaps are computed from the rounded figures, so every row adds
up exactly as printed. See docs/methods/funding.md.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ._words import cents

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class SourceLine:
    """Money expected for a fiscal year: ``probability`` 1 when committed, the chance of award otherwise."""

    fiscal_year: int
    amount: Decimal
    probability: Decimal = ONE
    label: str = ""
    kind: str = ""
    # Money planned but not yet approved (a budget request, a lease not signed) is pending even when it
    # is expected in full: it counts in the expected column, not the committed one.
    pending: bool = False

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"{self.label or 'a funding source'}: the amount cannot be negative")
        if not ZERO <= self.probability <= ONE:
            raise ValueError(f"{self.label or 'a funding source'}: the probability must be between 0 and 1")

    @property
    def committed(self) -> bool:
        """Return True for certain money: probability 1 and not awaiting approval."""
        return self.probability == ONE and not self.pending


@dataclass(frozen=True)
class GapRow:
    """One fiscal year of the funding plan (amounts to the cent; a negative gap is a surplus)."""

    fiscal_year: int
    cost: Decimal
    committed: Decimal
    expected_pending: Decimal
    gap_committed: Decimal
    gap_expected: Decimal


def expected_value(pending: Iterable[SourceLine]) -> Decimal:
    """Return the sum of amount x probability over ``pending``, rounded to the cent."""
    return cents(sum((line.amount * line.probability for line in pending), ZERO))


def funding_gap(costs: Mapping[int, Decimal], sources: Sequence[SourceLine]) -> list[GapRow]:
    """Return one row per fiscal year that has a cost or a source, in year order."""
    by_year: dict[int, list[SourceLine]] = {}
    for line in sources:
        by_year.setdefault(line.fiscal_year, []).append(line)
    rows = []
    for year in sorted(set(costs) | set(by_year)):
        cost = cents(costs.get(year, ZERO))
        lines = by_year.get(year, [])
        committed = cents(sum((line.amount for line in lines if line.committed), ZERO))
        expected = expected_value(line for line in lines if not line.committed)
        rows.append(
            GapRow(
                fiscal_year=year,
                cost=cost,
                committed=committed,
                expected_pending=expected,
                gap_committed=cost - committed,
                gap_expected=cost - committed - expected,
            )
        )
    return rows


def total(rows: Sequence[GapRow]) -> GapRow:
    """Return the sum of ``rows`` over all their years (``fiscal_year`` 0 marks the total row)."""
    return GapRow(
        fiscal_year=0,
        cost=sum((row.cost for row in rows), ZERO),
        committed=sum((row.committed for row in rows), ZERO),
        expected_pending=sum((row.expected_pending for row in rows), ZERO),
        gap_committed=sum((row.gap_committed for row in rows), ZERO),
        gap_expected=sum((row.gap_expected for row in rows), ZERO),
    )
