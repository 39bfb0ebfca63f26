"""Risks as the schedule simulation's risk events (``civicadopt_core.schedule.estimates.RiskEvent``).

Each risk that is not closed becomes one event: with its probability it adds its delay (working days)
to each of its linked tasks, identified by ``str(task.pk)``, and its cost to the project.

* ``residual=True`` (the default) uses the values after the response: a residual probability or most
  likely impact left empty is the inherent one. A residual most likely value rescales the inherent
  low-high range by the same factor, so the response keeps the range's shape (e.g. a reduction of the
  most likely delay from 20 to 10 days turns 15-20-40 into 7.5-10-20).
* A risk that has occurred is certain: probability 1.
* A risk with probability 0 (for example avoided, with residual probability 0) or with neither a cost
  nor a delay yields no event: it cannot change the simulation.

Pass risks with their tasks prefetched (``selectors.risks_for_simulation``) to avoid one query per risk.
"""

from collections.abc import Iterable
from decimal import Decimal

from civicadopt_core.schedule.estimates import Estimate, RiskEvent

from .models import Risk, Status


def _range(
    low: Decimal | None, likely: Decimal | None, high: Decimal | None, residual: Decimal | None
) -> Estimate | None:
    if likely is None:
        return None
    low = likely if low is None else low
    high = likely if high is None else high
    if residual is None or residual == likely:
        return Estimate(float(low), float(likely), float(high))
    if likely == 0:
        return Estimate.exactly(float(residual))
    factor = residual / likely
    return Estimate(float(low * factor), float(residual), float(high * factor))


def to_risk_event(risk: Risk, *, residual: bool = True) -> RiskEvent | None:
    """Return ``risk`` as a simulation event, or None when it cannot affect the simulation."""
    if risk.status == Status.CLOSED:
        return None
    probability = risk.probability
    if residual and risk.residual_probability is not None:
        probability = risk.residual_probability
    if risk.status == Status.OCCURRED:
        probability = Decimal(1)
    if probability <= 0:
        return None
    cost = _range(
        risk.cost_low, risk.cost_most_likely, risk.cost_high, risk.residual_cost if residual else None
    )
    delay = _range(
        risk.schedule_low,
        risk.schedule_most_likely,
        risk.schedule_high,
        risk.residual_schedule if residual else None,
    )
    if cost is None and delay is None:
        return None
    return RiskEvent(
        key=risk.key,
        probability=float(probability),
        delay=delay,
        cost=cost,
        tasks=tuple(str(pk) for pk in sorted(task.pk for task in risk.tasks.all())),
    )


def to_risk_events(risks: Iterable[Risk], *, residual: bool = True) -> list[RiskEvent]:
    """Return the simulation events of ``risks`` (closed and impossible risks left out), in order."""
    events = (to_risk_event(risk, residual=residual) for risk in risks)
    return [event for event in events if event is not None]
