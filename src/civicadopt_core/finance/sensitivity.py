"""Sensitivity: which inputs move an option's NPV most (tornado), and how far an input must move before
the decision changes (switching values).

An input is a named item of an option (for example "Licences" of option "E-permitting"), across all the
years it appears in. NPV is linear in each item's amounts, so switching values are exact, not searched:
with c = the item's signed present value (benefits +, costs -) and NPV0 the option's NPV,
scaling the item by m gives NPV(m) = NPV0 + (m - 1) x c, which is zero at m* = 1 - NPV0 / c
(HM Treasury, The Green Book 2022, 5.15-5.16 on switching values).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from .discounting import present_value
from .flows import Kind, Line, year_flows

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class TornadoBar:
    """The NPV of ``option`` with one item at its low values and at its high values, others unchanged."""

    option: str
    item: str
    npv_at_low: Decimal
    npv_at_high: Decimal

    @property
    def swing(self) -> Decimal:
        return abs(self.npv_at_high - self.npv_at_low)


@dataclass(frozen=True)
class SwitchingValue:
    """How much an item must change for its option's NPV to reach zero (None: no change can)."""

    option: str
    item: str
    npv: Decimal
    multiplier: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """Return the change as a fraction of the item's amounts (-0.25: a fall of 25%)."""
        return None if self.multiplier is None else self.multiplier - ONE


def _npv(lines: Sequence[Line], factors: Sequence[Decimal]) -> Decimal:
    flows = year_flows(lines, horizon=len(factors) - 1)
    return present_value(flows.benefits, tuple(factors)) - present_value(flows.costs, tuple(factors))


def _signed_pv(own: Sequence[Line], item: str, factors: Sequence[Decimal]) -> Decimal:
    """Return the present value of ``item``'s lines, benefits positive and costs negative."""
    return sum(
        (
            (line.amount if line.kind == Kind.BENEFIT else -line.amount) * factors[line.year]
            for line in own
            if line.name == item
        ),
        ZERO,
    )


def _items(lines: Sequence[Line], option: str) -> list[str]:
    return list(dict.fromkeys(line.name for line in lines if line.option == option))


def tornado(lines: Sequence[Line], factors: Sequence[Decimal], *, option: str) -> list[TornadoBar]:
    """Return one bar per uncertain item of ``option``, widest swing first."""
    own = [line for line in lines if line.option == option]
    bars = []
    for item in _items(own, option):
        if not any(line.uncertain for line in own if line.name == item):
            continue
        at_low = [
            replace(line, amount=line.low) if line.name == item and line.low is not None else line
            for line in own
        ]
        at_high = [
            replace(line, amount=line.high) if line.name == item and line.high is not None else line
            for line in own
        ]
        bars.append(TornadoBar(option, item, _npv(at_low, factors), _npv(at_high, factors)))
    return sorted(bars, key=lambda bar: (-bar.swing, bar.item))


def switching_values(
    lines: Sequence[Line], factors: Sequence[Decimal], *, option: str
) -> list[SwitchingValue]:
    """Return, for every item of ``option``, the multiplier of its amounts at which the NPV is zero."""
    own = [line for line in lines if line.option == option]
    npv = _npv(own, factors)
    values = []
    for item in _items(own, option):
        signed_pv = _signed_pv(own, item, factors)
        multiplier = None if signed_pv == 0 else ONE - npv / signed_pv
        if multiplier is not None and multiplier < 0:
            multiplier = None  # amounts cannot go below zero: no value of this item alone turns the NPV
        values.append(SwitchingValue(option, item, npv, multiplier))
    return values


def preference_switching_value(
    lines: Sequence[Line], factors: Sequence[Decimal], *, option: str, item: str, rival: str
) -> Decimal | None:
    """Return the multiplier of ``item`` (an item of ``option``) at which ``option`` and ``rival`` have equal NPVs.

    None when the item has no present value or when no non-negative multiplier reaches the rival.
    """
    own = [line for line in lines if line.option == option]
    gap = _npv([line for line in lines if line.option == rival], factors) - _npv(own, factors)
    signed_pv = _signed_pv(own, item, factors)
    if signed_pv == 0:
        return None
    multiplier = ONE + gap / signed_pv
    return multiplier if multiplier >= 0 else None
