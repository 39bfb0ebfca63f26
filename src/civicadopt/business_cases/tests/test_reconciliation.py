"""The plan's estimate and reserve against the preferred option's delivery costs, and feeding the plan's
estimate into the option's lines; the plan keeps its simulation seed like the case."""

from decimal import Decimal as D

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services
from civicadopt.business_cases.models import BusinessCase
from civicadopt.business_cases.reconciliation import plan_cost_by_year, reconcile
from civicadopt.conftest import Tenant
from civicadopt.planning.models import Plan
from civicadopt.planning.simulation import plan_estimate_to_business_case, plan_seed_draw, simulation_run
from civicadopt.planning.tests.factories import make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    editor = tenant_a.users["editor"]
    case = services.business_case_create(
        user=editor, initiative=tenant_a.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = services.option_create(user=editor, case=case, data={"name": "Cloud"})
    for data in (
        {"kind": "cost", "category": "implementation", "name": "Vendor setup", "year": 1, "amount": D(15000)},
        {"kind": "cost", "category": "licences", "name": "Subscription", "year": 2, "amount": D(9000)},
    ):
        services.line_create(user=editor, option=option, data=data)
    services.preferred_option_set(user=editor, case=case, option=option, rationale="")
    return BusinessCase.objects.select_related("preferred_option").get(pk=case.pk)


def test_the_plans_cost_and_reserve_are_set_against_the_cases_delivery_costs(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    # given: the factory plan (Design 5 days x 600 + Configure 20,000 = 23,000) and a simulation
    made = make_plan(tenant_a, simulate=True)
    result = reconcile(case, made["plan"])
    assert result is not None
    # then: licences are running costs and are left out; the reserve has not been carried yet
    assert (result.plan_cost, result.case_costs, result.cost_difference) == (D(23000), D(15000), D(8000))
    # the page's quick sum and the scheduled split by year are the same money
    assert sum(plan_cost_by_year(made["plan"], case).values()) == result.plan_cost
    assert result.plan_cost == D(str(made["run"].results["planned_cost"]))  # the simulation's planned cost
    assert result.plan_reserve == D(str(round(made["run"].results["reserve_cost"], 2)))
    assert result.case_contingency == D(0) and result.reserve_difference == result.plan_reserve


def test_feeding_the_plans_estimate_writes_one_line_a_year_and_replaces_it_when_fed_again(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    made = make_plan(tenant_a)
    editor = tenant_a.users["editor"]
    lines = plan_estimate_to_business_case(user=editor, plan=made["plan"])
    # the plan starts in January 2027: year 1 of a case whose year 0 is 2026
    assert [(line.year, line.amount, line.category) for line in lines] == [
        (1, D("23000.00"), "implementation")
    ]
    plan_estimate_to_business_case(user=editor, plan=made["plan"])
    option = case.preferred_option
    assert option.lines.filter(name="Implementation plan estimate").count() == 1
    after = reconcile(BusinessCase.objects.get(pk=case.pk), made["plan"])
    assert after is not None and after.fed_from_plan and after.case_costs == D(38000)


def test_feeding_needs_a_preferred_option(tenant_a: Tenant) -> None:
    from django.core.exceptions import ValidationError

    services.business_case_create(
        user=tenant_a.users["editor"],
        initiative=tenant_a.initiative,
        data={"price_base_year": 2026, "first_year": 2026},
    )
    with pytest.raises(ValidationError, match="preferred option first"):
        plan_estimate_to_business_case(user=tenant_a.users["editor"], plan=make_plan(tenant_a)["plan"])


def test_both_pages_show_the_reconciliation(case: BusinessCase, tenant_a: Tenant, client: Client) -> None:
    make_plan(tenant_a, simulate=True)
    client.force_login(tenant_a.users["viewer"])
    kwargs = {"org": "riverton", "pk": case.initiative_id}
    for name in ("business_cases:overview", "planning:contingency"):
        page = client.get(reverse(name, kwargs=kwargs)).content.decode()
        assert "Plan and business case side by side" in page
        assert "$23,000" in page and "$15,000" in page and "$8,000" in page


def test_the_plan_keeps_its_seed_between_runs_and_draws_a_new_one_only_on_request(tenant_a: Tenant) -> None:
    made = make_plan(tenant_a)
    admin = tenant_a.users["admin"]
    plan = made["plan"]
    first = simulation_run(user=admin, plan=plan, iterations=300)
    second = simulation_run(user=admin, plan=Plan.objects.get(pk=plan.pk), iterations=300)
    assert first.seed == second.seed and first.results == second.results
    new = plan_seed_draw(user=admin, plan=Plan.objects.get(pk=plan.pk))
    assert new != first.seed and Plan.objects.get(pk=plan.pk).simulation_seed == new
    assert AuditEntry.objects.filter(changes__has_key="simulation_seed").count() == 2
    assert simulation_run(user=admin, plan=Plan.objects.get(pk=plan.pk), iterations=300).seed == new
