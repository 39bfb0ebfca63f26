"""The initiative overview's headline figures: each equals the stored figure it comes from, says when
there is nothing yet, and costs the same number of queries for a small or a large initiative."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from civicadopt.conftest import Tenant
from civicadopt.initiatives.overview import initiative_overview

pytestmark = pytest.mark.django_db

BEFORE_THE_PLAN = dt.date(2026, 6, 1)  # the test plan starts on 4 January 2027


def case_with_two_options(t: Tenant):  # type: ignore[no-untyped-def]
    from civicadopt.business_cases import services as bc

    admin = t.users["admin"]
    case = bc.business_case_create(
        user=admin, initiative=t.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    options = {}
    for name, cost, benefit in (("Cloud", 100_000, 60_000), ("On premises", 180_000, 70_000)):
        option = bc.option_create(user=admin, case=case, data={"name": name})
        bc.line_create(user=admin, option=option, data={
            "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": Decimal(cost)})  # fmt: skip
        bc.line_create(user=admin, option=option, data={
            "kind": "benefit", "category": "cashable_savings", "name": "Savings", "year": 1,
            "amount": Decimal(benefit)})  # fmt: skip
        options[name] = option
    run = bc.business_case_calculate(user=admin, case=case, iterations=0, seed=1)
    return case, options, run


def row_of(run, name: str) -> dict:  # type: ignore[no-untyped-def]
    return next(row for row in run.results["options"] if row["name"] == name)


def test_with_nothing_yet_every_figure_says_so(tenant_a: Tenant) -> None:
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    assert (overview.case.exists, overview.case.calculated, overview.case.npv) == (False, False, None)
    assert overview.funding.planned is False
    assert overview.schedule.exists is False
    assert overview.risks == [] and overview.milestones == []


def test_the_case_figures_are_the_preferred_options_from_the_latest_run(tenant_a: Tenant) -> None:
    from civicadopt.business_cases import services as bc

    # given: no option preferred yet
    case, options, run = case_with_two_options(tenant_a)
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    # then: the highest-NPV option's figures, said to be that and not a preference
    best = row_of(run, run.results["highest_npv"])
    assert (overview.case.option, overview.case.preferred) == (best["name"], False)
    assert overview.case.npv == Decimal(best["npv"])
    # when: the dearer option is preferred
    bc.preferred_option_set(
        user=tenant_a.users["admin"], case=case, option=options["On premises"], rationale="x"
    )
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    # then: its NPV and BCR, exactly as stored
    stored = row_of(run, "On premises")
    assert (overview.case.option, overview.case.preferred) == ("On premises", True)
    assert overview.case.npv == Decimal(stored["npv"]) and overview.case.bcr == Decimal(stored["bcr"])
    assert overview.case.run_at == run.created_at


def test_the_funding_gap_is_the_sum_of_the_funding_plans_columns(tenant_a: Tenant) -> None:
    from civicadopt.funding.plan import funding_plan
    from civicadopt.funding.tests import factories as funding

    case_with_two_options(tenant_a)
    funding.source(tenant_a.initiative, tenant_a.users["admin"], amount=Decimal(30_000), fiscal_year=2026)
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    rows = funding_plan(tenant_a.initiative).rows
    assert overview.funding.planned is True
    assert overview.funding.gap_committed == sum(row.gap_committed for row in rows)
    assert overview.funding.gap_expected == sum(row.gap_expected for row in rows)
    assert overview.funding.committed == Decimal(30_000)
    assert overview.funding.cost - overview.funding.committed == overview.funding.gap_committed


def test_the_schedule_figures_are_the_latest_simulations_and_milestones_are_the_next_ones(
    tenant_a: Tenant,
) -> None:
    from civicadopt.planning.tests.factories import make_plan

    made = make_plan(tenant_a, simulate=True)
    results = made["run"].results
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    schedule = overview.schedule
    assert schedule.simulated is True
    assert schedule.p50_finish == dt.date.fromisoformat(results["finish"]["p50_date"])
    assert schedule.p80_finish == dt.date.fromisoformat(results["finish"]["p80_date"])
    assert schedule.p80_finish >= schedule.p50_finish
    assert (schedule.reserve_days, schedule.reserve_cost) == (
        results["reserve_days"],
        results["reserve_cost"],
    )
    assert [row.task.name for row in overview.milestones] == ["Go live"]
    # a milestone already past is no longer "next"
    later = initiative_overview(tenant_a.initiative, today=dt.date(2030, 1, 1))
    assert later.milestones == []


def test_top_risks_are_the_five_most_serious_open_ones(tenant_a: Tenant) -> None:
    from civicadopt.risks.tests import factories as risks

    admin = tenant_a.users["admin"]
    for n in range(6):
        risks.risk(tenant_a.initiative, admin, title=f"Risk {n}", probability=Decimal("0.1") * (n + 1))
    risks.risk(tenant_a.initiative, admin, title="Closed", probability=Decimal("0.95"), status="closed")
    overview = initiative_overview(tenant_a.initiative, today=BEFORE_THE_PLAN)
    assert [risk.title for risk in overview.risks][:1] == ["Risk 5"]
    assert len(overview.risks) == 5 and "Closed" not in [risk.title for risk in overview.risks]


def test_the_page_costs_the_same_queries_for_a_small_or_a_large_initiative(
    client: Client, tenant_a: Tenant
) -> None:
    from civicadopt.planning import services as planning
    from civicadopt.planning.tests.factories import make_plan
    from civicadopt.risks.tests import factories as risks

    # given
    admin = tenant_a.users["admin"]
    case_with_two_options(tenant_a)
    plan = make_plan(tenant_a, simulate=True)["plan"]
    risks.risk(tenant_a.initiative, admin)
    client.force_login(tenant_a.users["manager"])
    url = f"/o/riverton/initiatives/{tenant_a.initiative.pk}/"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # when: many more tasks, milestones and risks
    for n in range(20):
        milestone = n % 5 == 0
        planning.task_create(user=admin, plan=plan, data={"name": f"Step {n}", "milestone": milestone,
                                                          "duration": Decimal(0 if milestone else 2)})  # fmt: skip
        risks.risk(tenant_a.initiative, admin, title=f"Risk {n}")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    # then
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][len(small) :]
