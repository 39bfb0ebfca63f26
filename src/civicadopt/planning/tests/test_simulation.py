"""The schedule-and-cost simulation of a plan: stored inputs and results, seeds, risks from the register,
and the cost reserve carried into the business case."""

import datetime as dt
from decimal import Decimal as D
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services as business_cases
from civicadopt.business_cases.models import BusinessCase, Line
from civicadopt.conftest import Tenant
from civicadopt.planning.models import Plan, SimulationRun
from civicadopt.planning.schedule import plan_schedule
from civicadopt.planning.simulation import contingency_to_business_case, simulation_run
from civicadopt.risks import services as risks
from civicadopt_core.schedule import METHOD_VERSION

from .factories import add, empty_plan, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def certain(tenant_a: Tenant) -> Plan:
    """No estimates: 1 Design 5d (cost 5,000) -> 2 Build 5d; 3 Brief staff 2d on its own (8 days float)."""
    plan = empty_plan(tenant_a)
    add(plan, "Design", 5, cost=D(5000))
    add(plan, "Build", 5, predecessors="1")
    add(plan, "Brief staff", 2)
    return plan


def run(plan: Plan, **kwargs: Any) -> SimulationRun:
    return simulation_run(user=plan.initiative.owner, plan=plan, **{"iterations": 400, "seed": 11, **kwargs})


def certain_risk(t: Tenant, plan: Plan, row: int, *, delay: int = 3, cost: int | None = None) -> None:
    """A risk that happens for sure (probability 1) and delays task ``row`` by exactly ``delay`` days."""
    risks.risk_create(
        user=t.users["contributor"],
        initiative=t.initiative,
        data={
            "title": f"Supplier late on row {row}",
            "probability": D(1),
            "schedule_most_likely": D(delay),
            "cost_most_likely": None if cost is None else D(cost),
            "tasks": [plan.tasks.get(row=row)],
        },
    )


def test_a_run_stores_its_inputs_by_row_and_its_results_keyed_by_row(tenant_a: Tenant) -> None:
    made = make_plan(tenant_a)
    stored = run(made["plan"], iterations=300, seed=5)
    stored.refresh_from_db()
    assert (stored.iterations, stored.seed, stored.method_version) == (300, 5, METHOD_VERSION)
    inputs = stored.inputs
    assert [(t["row"], t["name"], t["level"]) for t in inputs["tasks"]] == [
        (1, "Build", 1), (2, "Design", 2), (3, "Configure", 2), (4, "Test", 2), (5, "Go live", 1),
    ]  # fmt: skip
    assert inputs["tasks"][1]["estimate"] == [4.0, 5.0, 9.0]
    assert sorted((link["from"], link["to"], link["type"], link["lag"]) for link in inputs["links"]) == [
        (2, 3, "FS", 0.0), (3, 4, "SS", 5.0), (3, 5, "FS", 0.0), (4, 5, "FF", 0.0),
    ]  # fmt: skip
    assert (inputs["start"], inputs["risks"], inputs["confidence"]) == ("2027-01-04", [], 80)
    results = stored.results
    assert set(results["criticality"]) == {"1", "2", "3", "4", "5"}
    assert results["criticality"]["3"] == 1.0  # Configure is always critical
    assert [d["key"] for d in results["drivers"] if d["kind"] == "task"] == ["2"]  # only Design varies
    assert results["planned_finish"] == 15.0
    for name in ("p50", "p80", "p90", "at_confidence"):
        assert dt.date.fromisoformat(results["finish"][f"{name}_date"]) >= dt.date(2027, 1, 22)
    assert results["finish"]["p50"] <= results["finish"]["p80"] <= results["finish"]["p90"]
    assert results["finish"]["p50"] > 15  # PERT(4, 5, 9) has a mean above 5
    assert AuditEntry.objects.filter(content_type__model="simulationrun", object_id=str(stored.pk)).exists()


def test_the_same_seed_gives_the_same_results(tenant_a: Tenant) -> None:
    plan = make_plan(tenant_a)["plan"]
    first, second, other = run(plan, seed=42), run(plan, seed=42), run(plan, seed=43)
    assert first.results == second.results
    assert first.results["finish"] != other.results["finish"]


def test_with_nothing_uncertain_p50_and_p80_are_the_plan_and_there_is_no_reserve(
    tenant_a: Tenant, certain: Plan
) -> None:
    results = run(certain).results
    finish = results["finish"]
    assert finish["p50"] == finish["p80"] == results["planned_finish"] == 10.0
    assert finish["p50_date"] == finish["p80_date"] == results["planned_finish_date"] == "2027-01-15"
    assert (results["reserve_days"], results["reserve_cost"]) == (0.0, 0.0)
    assert results["planned_cost"] == results["cost"]["p80"] == 5000.0
    assert results["probability_on_plan"] == 1.0
    assert results["drivers"] == []


def test_a_certain_risk_on_a_critical_task_moves_the_finish_by_its_delay(
    tenant_a: Tenant, certain: Plan
) -> None:
    # given: one certain 3-day delay to Design (critical), another to Brief staff (8 days of float)
    certain_risk(tenant_a, certain, 1, delay=3, cost=1000)
    certain_risk(tenant_a, certain, 3, delay=3)
    # when
    stored = run(certain)
    # then: the plan finishes three days later, with the risk's cost on top; the slack absorbs the other
    results = stored.results
    assert results["finish"]["p50"] == results["finish"]["p80"] == 13.0
    assert results["finish"]["p50_date"] == "2027-01-20"
    assert (results["reserve_days"], results["reserve_cost"]) == (3.0, 1000.0)
    assert results["risk_occurrence"] == {"R1": 1.0, "R2": 1.0}
    assert sorted((r["key"], r["probability"], r["tasks"], r["delay"]) for r in stored.inputs["risks"]) == [
        ("R1", 1.0, [1], [3.0, 3.0, 3.0]),
        ("R2", 1.0, [3], [3.0, 3.0, 3.0]),
    ]
    assert results["criticality"]["3"] == 0.0


def test_viewers_cannot_run_a_simulation_and_an_empty_plan_is_refused(tenant_a: Tenant) -> None:
    plan = empty_plan(tenant_a)
    with pytest.raises(PermissionDenied):
        simulation_run(user=tenant_a.users["viewer"], plan=plan, iterations=100, seed=1)
    with pytest.raises(ValidationError, match="Add tasks"):
        run(plan)
    assert not SimulationRun.objects.exists()


def test_the_simulated_plan_finish_date_is_the_plans_finish_date(tenant_a: Tenant) -> None:
    plan = make_plan(tenant_a)["plan"]  # ends with the milestone "Go live"
    assert run(plan).results["planned_finish_date"] == plan_schedule(plan).finish.isoformat()


# Carrying the reserve into the business case -------------------------------------------------------


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    return business_cases.business_case_create(
        user=tenant_a.users["editor"],
        initiative=tenant_a.initiative,
        data={"price_base_year": 2026, "first_year": 2026},
    )


@pytest.fixture
def reserved(tenant_a: Tenant, certain: Plan) -> SimulationRun:
    """A run with a reserve of 3 days and 1,000 (a certain risk on the critical path)."""
    certain_risk(tenant_a, certain, 1, delay=3, cost=1000)
    return run(certain)


def test_the_reserve_becomes_one_cost_line_and_a_second_carry_updates_it(
    tenant_a: Tenant, certain: Plan, case: BusinessCase, reserved: SimulationRun
) -> None:
    option = business_cases.option_create(user=tenant_a.users["editor"], case=case, data={"name": "Buy"})
    owner = tenant_a.users["contributor"]
    line = contingency_to_business_case(user=owner, plan=certain, run=reserved, option=option)
    assert (line.kind, line.category, line.amount, line.year) == ("cost", "other_cost", D("1000.00"), 1)
    assert line.name == "Risk contingency from the schedule simulation"
    line.amount = D(1)  # someone edits it by hand; carrying again restores the run's reserve
    line.save()
    again = contingency_to_business_case(user=owner, plan=certain, run=reserved, option=option)
    assert again.pk == line.pk
    assert list(option.lines.values_list("amount", flat=True)) == [D("1000.00")]


def test_the_reserve_goes_only_to_an_option_of_this_initiative_other_than_business_as_usual(
    tenant_a: Tenant, tenant_b: Tenant, certain: Plan, case: BusinessCase, reserved: SimulationRun
) -> None:
    owner = tenant_a.users["contributor"]
    usual = case.options.get(is_business_as_usual=True)
    with pytest.raises(ValidationError):
        contingency_to_business_case(user=owner, plan=certain, run=reserved, option=usual)
    foreign_case = business_cases.business_case_create(
        user=tenant_b.users["editor"], initiative=tenant_b.initiative,
        data={"price_base_year": 2026, "first_year": 2026},
    )  # fmt: skip
    foreign = business_cases.option_create(
        user=tenant_b.users["editor"], case=foreign_case, data={"name": "X"}
    )
    with pytest.raises((ValidationError, PermissionDenied)):
        contingency_to_business_case(user=owner, plan=certain, run=reserved, option=foreign)
    assert not Line.objects.exists()


def test_a_run_without_a_cost_reserve_carries_nothing(
    tenant_a: Tenant, certain: Plan, case: BusinessCase
) -> None:
    option = business_cases.option_create(user=tenant_a.users["editor"], case=case, data={"name": "Buy"})
    with pytest.raises(ValidationError, match="no cost reserve"):
        contingency_to_business_case(user=tenant_a.users["contributor"], plan=certain, run=run(certain),
                                     option=option)  # fmt: skip
    with pytest.raises(PermissionDenied):
        contingency_to_business_case(
            user=tenant_a.users["viewer"], plan=certain, run=run(certain), option=option
        )
    assert not option.lines.exists()


def test_only_a_run_of_this_plan_can_be_carried(
    tenant_a: Tenant, tenant_b: Tenant, certain: Plan, case: BusinessCase
) -> None:
    # given: another organisation's run, with a reserve
    theirs = make_plan(tenant_b)["plan"]
    certain_risk(tenant_b, theirs, 2, delay=3, cost=500)
    their_run = run(theirs)
    assert their_run.results["reserve_cost"] > 0
    option = business_cases.option_create(user=tenant_a.users["editor"], case=case, data={"name": "Buy"})
    # when / then
    with pytest.raises(ValidationError, match="simulation of this plan"):
        contingency_to_business_case(
            user=tenant_a.users["contributor"], plan=certain, run=their_run, option=option
        )
    assert not option.lines.exists()
