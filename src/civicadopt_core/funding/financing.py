"""Paying cash, borrowing, leasing or subscribing for the same asset: payments and their present value.

For an asset (or a system) costing ``amount`` used over ``years``:

- cash: ``amount`` paid now (year 0);
- loan: ``amount`` borrowed at ``loan_rate`` and repaid in equal payments at the end of years 1..n, the
  annuity (capital recovery) payment A = P x r / (1 - (1 + r)^-n), or P / n at a rate of 0, rounded to
  the cent. The payments are not adjusted for that rounding: the last cents of interest stay in them;
- lease: ``lease_payment`` at the start of years 0..n-1 (leases and subscriptions are billed in advance);
- subscription: ``subscription_payment`` at the start of years 0..n-1.

Each option's payments are discounted with the finance core's discount factors (end-of-year timing).
The rate is the organisation's ``borrowing_rate`` unless a ``discount_rate`` or a whole ``schedule`` is
given: comparing ways of paying for the same thing is a cost-effectiveness comparison, for which OMB
Circular A-94 (1992 revision, sections 8.c and 13, Appendix C) discounts at the government's own
borrowing rate for the term. The option with the lowest present value (to the cent) is marked
cheapest; ties are all marked.

Only the payments are compared: maintenance, insurance, residual value and the service a subscription
includes differ between options in real offers and belong in the business case's own lines.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum

from civicadopt_core.finance.discounting import (
    DiscountSchedule,
    discount_factors,
    flat_schedule,
    present_value,
)

from ._words import cents

ZERO = Decimal(0)
ONE = Decimal(1)


class Financing(StrEnum):
    """The ways of paying ``compare_financing`` compares (``FinancingOption.name``)."""

    CASH = "cash"
    LOAN = "loan"
    LEASE = "lease"
    SUBSCRIPTION = "subscription"


@dataclass(frozen=True)
class FinancingOption:
    """One way of paying: payments by year 0..years, their sum and their present value (to the cent)."""

    name: str
    payments: tuple[Decimal, ...]
    total: Decimal
    present_value: Decimal
    cheapest: bool = False


def annuity_payment(principal: Decimal, rate: Decimal, years: int) -> Decimal:
    """Return the level end-of-year payment that repays ``principal`` at ``rate`` in ``years``, to the cent.

    A = P x r / (1 - (1 + r)^-n); at a rate of 0, A = P / n. 100,000 at 5% over 10 years: 12,950.46.
    """
    if years < 1:
        raise ValueError("a loan runs for at least one year")
    if rate <= -1:
        raise ValueError("a rate must be above -100%")
    with localcontext() as context:
        context.prec = 34
        payment = principal / years if rate == 0 else principal * rate / (ONE - (ONE + rate) ** -years)
    return cents(payment)


def compare_financing(
    amount: Decimal,
    years: int,
    *,
    borrowing_rate: Decimal,
    loan_rate: Decimal,
    lease_payment: Decimal | None = None,
    subscription_payment: Decimal | None = None,
    discount_rate: Decimal | None = None,
    schedule: DiscountSchedule | None = None,
) -> list[FinancingOption]:
    """Return cash, loan and, when their payments are given, lease and subscription, in that order."""
    if years < 1:
        raise ValueError("the comparison needs at least one year")
    if amount < 0:
        raise ValueError("the amount cannot be negative")
    if schedule is None:
        rate = borrowing_rate if discount_rate is None else discount_rate
        source = "organisation's borrowing rate" if discount_rate is None else "given discount rate"
        schedule = flat_schedule(rate, source=source, name="financing")
    factors = discount_factors(schedule, years)
    zeros = [ZERO] * (years + 1)

    def option(name: Financing, payments: Sequence[Decimal]) -> FinancingOption:
        flows = tuple(cents(payment) for payment in payments)
        return FinancingOption(
            name=name,
            payments=flows,
            total=sum(flows, ZERO),
            present_value=cents(present_value(flows, factors)),
        )

    loan = annuity_payment(amount, loan_rate, years)
    options = [
        option(Financing.CASH, [amount, *zeros[1:]]),
        option(Financing.LOAN, [ZERO] + [loan] * years),
    ]
    for name, payment in ((Financing.LEASE, lease_payment), (Financing.SUBSCRIPTION, subscription_payment)):
        if payment is not None:
            if payment < 0:
                raise ValueError(f"the {name} payment cannot be negative")
            options.append(option(name, [payment] * years + [ZERO]))
    lowest = min(choice.present_value for choice in options)
    return [replace(choice, cheapest=choice.present_value == lowest) for choice in options]
