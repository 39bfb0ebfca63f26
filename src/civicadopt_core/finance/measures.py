"""The measures of an option's value: present values, NPV, benefit-cost ratio, IRR, paybacks, ROI,
whole-life cost and equivalent annual cost.

Use ``appraise`` for one option's own flows, and ``appraise`` on ``option.minus(business_as_usual)`` for
the incremental case against business as usual (what the council actually decides: the difference the
option makes). Formulas, assumptions and sources are explained in ``docs/methods/business-case.md``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .discounting import present_value
from .flows import ZERO, YearFlows


@dataclass(frozen=True)
class Appraisal:
    """The measures of one set of yearly flows under one set of discount factors."""

    pv_costs: Decimal
    pv_benefits: Decimal
    npv: Decimal
    bcr: Decimal | None
    irr: Decimal | None
    payback_years: Decimal | None
    discounted_payback_years: Decimal | None
    roi: Decimal | None
    whole_life_cost: Decimal
    equivalent_annual_cost: Decimal


def appraise(flows: YearFlows, factors: Sequence[Decimal]) -> Appraisal:
    """Return every measure of ``flows`` discounted by ``factors`` (one factor per year 0..horizon)."""
    factors = tuple(factors[: flows.horizon + 1])
    if len(factors) != flows.horizon + 1:
        raise ValueError("one discount factor is needed for every year of the flows")
    pv_costs = present_value(flows.costs, factors)
    pv_benefits = present_value(flows.benefits, factors)
    npv = pv_benefits - pv_costs
    net = flows.net
    discounted_net = tuple(amount * factor for amount, factor in zip(net, factors, strict=True))
    return Appraisal(
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=npv,
        bcr=pv_benefits / pv_costs if pv_costs > 0 else None,
        irr=irr(net),
        payback_years=payback(net),
        discounted_payback_years=payback(discounted_net),
        roi=npv / pv_costs if pv_costs > 0 else None,
        whole_life_cost=sum(flows.costs, ZERO),
        equivalent_annual_cost=equivalent_annual_cost(pv_costs, factors),
    )


def equivalent_annual_cost(pv_costs: Decimal, factors: Sequence[Decimal]) -> Decimal:
    """Return the level yearly amount, paid at the end of years 1..horizon, with the same present value.

    EAC = PV(costs) / (DF(1) + ... + DF(horizon)); with a flat rate r over n years this is the familiar
    PV x r / (1 - (1 + r)^-n). With a horizon of 0 (everything now) the EAC is the PV itself.
    """
    annuity = sum(factors[1:], ZERO)
    return pv_costs / annuity if annuity > 0 else pv_costs


def payback(net: Sequence[Decimal]) -> Decimal | None:
    """Return the years until the cumulative net flow first turns from negative to non-negative.

    Within the year it turns, the crossing is interpolated linearly: with cumulative C(t-1) < 0 <= C(t),
    payback = (t - 1) + (-C(t-1)) / net(t). Years before any money is spent or received do not count
    against it (a project starting in year 1 measures from year 0 all the same). A cumulative flow that
    is never negative pays back at 0; one still negative at the horizon does not pay back (None).
    """
    cumulative = ZERO
    was_negative = False
    for year, amount in enumerate(net):
        before = cumulative
        cumulative += amount
        if cumulative < 0:
            was_negative = True
        elif was_negative:
            return Decimal(year - 1) + (-before) / amount
    return None if was_negative else ZERO


# IRR search range: -99% to +10,000% a year. Outside it a rate has no meaning for a council decision.
_IRR_LOW, _IRR_HIGH = -0.99, 100.0
_IRR_GRID = 4000


def _npv_at(net: Sequence[float], rate: float) -> float:
    factor = 1.0 / (1.0 + rate)
    total, discount = 0.0, 1.0
    for amount in net:
        total += amount * discount
        discount *= factor
    return total


def irr(net: Sequence[Decimal]) -> Decimal | None:
    """Return the internal rate of return of ``net`` (the rate at which NPV is zero), or None.

    None when no rate gives NPV zero (the flows never change sign) or when several do (flows that change
    sign more than once can have several IRRs, and then no one of them is "the" return; report NPV).
    The root is bracketed on a grid of rates and refined by bisection to about 1e-12.
    """
    values = [float(amount) for amount in net]
    if not any(v > 0 for v in values) or not any(v < 0 for v in values):
        return None
    # A geometric grid in (1 + rate) covers -99%..+10,000% with fine steps near the usual rates. For long
    # series the lowest rates are left out where (1 + rate)^-years would overflow a float (1e300).
    low = max(_IRR_LOW, 10 ** (-300 / max(len(values) - 1, 1)) - 1)
    ratio = ((1 + _IRR_HIGH) / (1 + low)) ** (1 / _IRR_GRID)
    grid = [(1 + low) * ratio**step - 1 for step in range(_IRR_GRID + 1)]
    roots: list[float] = []
    previous_rate, previous_npv = grid[0], _npv_at(values, grid[0])
    for rate in grid[1:]:
        value = _npv_at(values, rate)
        if value == 0:
            roots.append(rate)
        elif (previous_npv < 0) != (value < 0) and previous_npv != 0:
            roots.append(_bisect(values, previous_rate, rate))
        previous_rate, previous_npv = rate, value
    if len(roots) != 1:
        return None
    return Decimal(repr(round(roots[0], 12)))


def _bisect(values: Sequence[float], low: float, high: float) -> float:
    low_negative = _npv_at(values, low) < 0
    for _ in range(200):
        middle = (low + high) / 2
        if (_npv_at(values, middle) < 0) == low_negative:
            low = middle
        else:
            high = middle
        if high - low < 1e-13:
            break
    return (low + high) / 2
