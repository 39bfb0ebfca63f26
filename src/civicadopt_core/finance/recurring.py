"""Recurring amounts: the same cost or benefit every year over a span, optionally growing by a fixed rate.

"From year 1 to 10, 20,000 a year, growing 3% a year" is year 1: 20,000.00, year 2: 20,600.00, year 3:
21,218.00 ... Each year's amount is the first amount compounded exactly, then rounded once to the cent
(half up, as people round money), so rounding never accumulates from one year to the next.
"""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def recurring_amounts(*, first: int, last: int, amount: Decimal, growth: Decimal) -> dict[int, Decimal]:
    """Return ``{year: amount}`` from ``first`` to ``last`` inclusive; ``growth`` is a fraction (0.03 = 3%).

    Raise ValueError when the span is backwards, the amount negative or the growth at or below -100%.
    """
    if last < first:
        raise ValueError(f"The last year ({last}) comes before the first year ({first}).")
    if amount < 0:
        raise ValueError("A recurring amount cannot be negative.")
    if growth <= -1:
        raise ValueError("Growth must be above -100% a year.")
    factor = Decimal(1) + growth
    return {
        year: (amount * factor ** (year - first)).quantize(CENT, rounding=ROUND_HALF_UP)
        for year in range(first, last + 1)
    }
