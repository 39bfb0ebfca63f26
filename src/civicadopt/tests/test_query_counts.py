"""Every list and detail page runs the same number of queries on a small organisation and a large one.

A page whose query count grows with its rows (one query per task, per risk, per initiative: "N+1")
is fast on the demo and slow for a whole department. The test builds an organisation with 5 of
everything, counts each page's queries, adds 45 more of everything, and counts again. Each page is
loaded once before counting, so per-process caches (the funding index) are warm both times.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from civicadopt.accounts.models import Organisation
from civicadopt.audit.models import AuditEntry
from civicadopt.audit.services import audit_created
from civicadopt.business_cases import services as cases
from civicadopt.conftest import Tenant
from civicadopt.funding import services as funding
from civicadopt.funding.tests.factories import shared_programme
from civicadopt.initiatives.models import Initiative, StageChange, Tag
from civicadopt.planning import services as planning
from civicadopt.risks import services as risks

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50


class World:
    """One organisation's records, grown in steps; ``grow_to(n)`` leaves n of every collection."""

    def __init__(self, t: Tenant) -> None:
        self.t = t
        self.admin = t.users["admin"]
        self.initiative = t.initiative
        self.organisation: Organisation = t.organisation
        self.count = 0
        self.case = cases.business_case_create(
            user=self.admin,
            initiative=self.initiative,
            data={"price_base_year": 2026, "first_year": 2026, "discount_rate": D("0.05")},
        )
        self.plan = planning.plan_create(
            user=self.admin, initiative=self.initiative, data={"start": dt.date(2027, 1, 4)}
        )
        self.options: list[Any] = []
        self.tasks: list[Any] = []
        self.risks: list[Any] = []
        self.applications: list[Any] = []
        self.programmes: list[Any] = []

    def grow_to(self, count: int) -> None:
        for index in range(self.count, count):
            self._add(index)
        self.count = count
        cases.business_case_calculate(user=self.admin, case=self.case, iterations=200, seed=1)

    def _add(self, i: int) -> None:
        admin, initiative = self.admin, self.initiative
        department = self.organisation.departments.first()
        other = Initiative.objects.create(
            organisation=self.organisation,
            title=f"Initiative {i}",
            problem_statement="Slow service.",
            owner=self.t.users["contributor"],
            department=department,
            created_by=admin,
        )
        other.goals.set(self.organisation.goals.all())
        other.tags.add(Tag.objects.create(organisation=self.organisation, name=f"tag {i}"))
        other.phases.create(name=f"Phase {i}", kind="pilot", position=1)
        StageChange.objects.create(initiative=other, to_stage="idea", changed_by=admin)
        audit_created(actor=admin, organisation=self.organisation, instance=other, initiative_id=other.pk)

        option = cases.option_create(user=admin, case=self.case, data={"name": f"Option {i}"})
        self.options.append(option)
        for kind, category in (("cost", "capital"), ("benefit", "avoided_costs")):
            cases.line_create(
                user=admin,
                option=self.options[0],
                data={"kind": kind, "category": category, "name": f"{kind} {i}", "year": i % 5,
                      "amount": D(1000 + i), "low": D(900), "high": D(1500 + i)},
            )  # fmt: skip
        cases.assumption_create(
            user=admin,
            case=self.case,
            data={"name": f"Assumption {i}", "value": "3%", "source": "Finance office"},
        )

        previous = self.tasks[-1].row if self.tasks else None
        milestone = i % 10 == 9
        task = planning.task_create(
            user=admin,
            plan=self.plan,
            data={"name": f"Task {i}", "duration": D(0 if milestone else 3 + i % 4), "optimistic": D(2),
                  "most_likely": D(3), "pessimistic": D(8), "cost_per_day": D(500), "milestone": milestone},
            predecessors=str(previous) if previous else "",
        )  # fmt: skip
        self.tasks.append(task)
        self.risks.append(
            risks.risk_create(
                user=admin,
                initiative=initiative,
                data={
                    "title": f"Risk {i}",
                    "owner": self.t.users["editor"],
                    "probability": D("0.3"),
                    "cost_most_likely": D(5000),
                    "schedule_most_likely": D(2),
                    "tasks": [task],
                },
            )
        )

        programme = shared_programme(name=f"Programme {i}", opportunity_id=str(900_000 + i))
        self.programmes.append(programme)
        self.applications.append(
            funding.application_create(
                user=admin,
                initiative=initiative,
                data={
                    "programme": programme,
                    "requested": D(100_000),
                    "match_committed": D(10_000),
                    "probability": D("0.5"),
                    "fiscal_year": 2027,
                    "deadline": dt.date(2027, 3, 1 + i % 28),
                },
            )
        )
        funding.source_create(
            user=admin,
            initiative=initiative,
            data={"kind": "own_budget", "name": f"Fund {i}", "fiscal_year": 2027, "amount": D(1000),
                  "committed": True},
        )  # fmt: skip


def pages(w: World) -> dict[str, str]:
    """Every list and detail page of the product, on the world's records."""
    org = f"/o/{w.organisation.slug}"
    pk = w.initiative.pk
    i = f"{org}/initiatives/{pk}"
    f = f"{org}/funding/initiatives/{pk}"
    case, option = w.case.pk, w.options[0].pk
    return {
        "dashboard": f"{org}/",
        "initiative list": f"{org}/initiatives/",
        "initiative": f"{i}/",
        "initiative history": f"{i}/history/",
        "audit": f"{org}/admin/audit/",
        "members": f"{org}/admin/members/",
        "departments": f"{org}/admin/departments/",
        "goals": f"{org}/admin/goals/",
        "business case": f"{i}/business-case/",
        "business case settings": f"{i}/business-case/settings/",
        "business case results": f"{i}/business-case/results/",
        "option lines": f"{i}/business-case/options/{option}/lines/",
        "assumptions": f"{i}/business-case/assumptions/",
        "plan": f"{i}/plan/",
        "plan settings": f"{i}/plan/settings/",
        "Gantt": f"{i}/plan/gantt/",
        "milestones": f"{i}/plan/milestones/",
        "progress": f"{i}/plan/progress/",
        "contingency": f"{i}/plan/contingency/",
        "holidays": f"{org}/holidays/",
        "risk register": f"{i}/risks/",
        "risk": f"{i}/risks/{w.risks[0].pk}/",
        "risk matrix": f"{i}/risks/matrix/",
        "funding home": f"{org}/funding/",
        "catalogue": f"{org}/funding/programmes/",
        "programme": f"{org}/funding/programmes/{w.programmes[0].pk}/",
        "funding profile": f"{org}/funding/profile/",
        "deadlines": f"{org}/funding/deadlines/",
        "applications": f"{f}/applications/",
        "application": f"{f}/applications/{w.applications[0].pk}/",
        "funding sources": f"{f}/sources/",
        "funding match": f"{f}/match/",
        "funding plan": f"{f}/plan/",
        "API organisations": "/api/v1/organisations/",
        "API initiatives": "/api/v1/initiatives/",
        "API initiative": f"/api/v1/initiatives/{pk}/",
        "API business cases": "/api/v1/business-cases/",
        "API options": f"/api/v1/business-cases/{case}/options/",
        "API lines": f"/api/v1/options/{option}/lines/",
        "API runs": f"/api/v1/business-cases/{case}/runs/",
    }


# Text each page shows only when the records added last reached it: the large counts are of full pages.
LAST_RECORDS = {
    "plan": "Task 49",
    "Gantt": "Task 49",
    "progress": "Task 49",
    "risk register": "Risk 49",
    "option lines": "cost 49",
    "assumptions": "Assumption 49",
    "applications": "Programme 49",
    "funding sources": "Fund 49",
}


def count_queries(client: Client, paths: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """Return each page's number of queries (on its second load) and its text."""
    counts, texts = {}, {}
    for name, path in paths.items():
        get: Callable[[], Any] = lambda path=path: client.get(path, HTTP_ACCEPT="text/html")  # noqa: E731
        assert get().status_code == 200, f"{name}: {path}"  # warm per-process caches first
        with CaptureQueriesContext(connection) as queries:
            response = get()
        assert response.status_code == 200, f"{name}: {path}"
        counts[name] = len(queries)
        texts[name] = response.content.decode()
    return counts, texts


def test_no_page_runs_more_queries_for_more_records(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    # given: an administrator of an organisation with 5 of everything
    world = World(tenant_a)
    world.grow_to(SMALL)
    client.force_login(world.admin)
    small, _ = count_queries(client, pages(world))

    # when: the organisation has 50 of everything
    world.grow_to(LARGE)
    large, texts = count_queries(client, pages(world))

    # then: every page ran as many queries as before, and showed the records added last
    assert [name for name, text in LAST_RECORDS.items() if text not in texts[name]] == []
    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grown, f"pages whose queries grow with the data (5 -> 50 records): {grown}"


def test_the_world_really_grew(tenant_a: Tenant) -> None:
    """Guard the test above: it proves nothing if the records it adds do not reach the pages."""
    world = World(tenant_a)
    world.grow_to(3)
    assert world.plan.tasks.count() == 3
    assert world.initiative.risks.count() == 3
    assert world.options[0].lines.count() == 6
    assert world.organisation.initiatives.count() == 4
    assert AuditEntry.objects.filter(organisation=world.organisation).count() > 3
