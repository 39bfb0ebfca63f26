"""Risks as the schedule simulation's risk events."""

from decimal import Decimal as D

import pytest

from civicadopt.conftest import Tenant
from civicadopt.risks.mapping import to_risk_events
from civicadopt.risks.selectors import risks_for_simulation
from civicadopt_core.schedule.estimates import Estimate, RiskEvent

from . import factories

pytestmark = pytest.mark.django_db


def test_a_risk_becomes_an_event_on_its_tasks_with_residual_values(tenant_a: Tenant) -> None:
    # given
    editor = tenant_a.users["editor"]
    tasks = factories.tasks(tenant_a.initiative, 3, 7)
    factories.risk(
        tenant_a.initiative, editor, probability=D("0.6"), residual_probability=D("0.3"),
        cost_low=D(10_000), cost_most_likely=D(20_000), cost_high=D(50_000),
        schedule_low=D(15), schedule_most_likely=D(20), schedule_high=D(40), residual_schedule=D(10),
        tasks=[tasks[7], tasks[3]],
    )  # fmt: skip
    risks = risks_for_simulation(initiative=tenant_a.initiative)
    # when
    (residual,) = to_risk_events(risks)
    (inherent,) = to_risk_events(risks, residual=False)
    # then: the residual delay keeps the range's shape (halved); the cost is unchanged
    assert residual == RiskEvent(
        key="R1", probability=0.3, delay=Estimate(7.5, 10, 20), cost=Estimate(10_000, 20_000, 50_000),
        tasks=tuple(sorted((str(tasks[3].pk), str(tasks[7].pk)), key=int)),
    )  # fmt: skip
    assert inherent.probability == 0.6 and inherent.delay == Estimate(15, 20, 40)


def test_closed_avoided_and_impact_free_risks_yield_nothing_and_occurred_ones_are_certain(
    tenant_a: Tenant,
) -> None:
    editor = tenant_a.users["editor"]
    make = factories.risk
    make(tenant_a.initiative, editor, title="Closed", status="closed")
    make(tenant_a.initiative, editor, title="Avoided", response="avoid", residual_probability=D(0))
    make(tenant_a.initiative, editor, title="No impact", cost_most_likely=None, schedule_most_likely=None)
    make(tenant_a.initiative, editor, title="Happened", status="occurred", probability=D("0.2"),
         schedule_most_likely=None)  # fmt: skip
    # when
    events = to_risk_events(risks_for_simulation(initiative=tenant_a.initiative))
    # then
    assert [(e.key, e.probability, e.delay, e.cost) for e in events] == [
        ("R4", 1.0, None, Estimate(40_000, 40_000, 40_000))
    ]
    # the avoided risk still counts before its response
    assert "R2" in {
        e.key for e in to_risk_events(risks_for_simulation(initiative=tenant_a.initiative), residual=False)
    }
