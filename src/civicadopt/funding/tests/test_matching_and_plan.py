"""Matching an initiative to the catalogue, its funding plan, the report's funding tables and the
`funding match` command."""

import json
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from civicadopt.business_cases import services as business_cases
from civicadopt.cli.main import main
from civicadopt.conftest import Tenant

from .. import services
from ..matching import match_initiative
from ..plan import funding_plan
from ..report import funding_blocks
from .factories import application, shared_programme, source

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(tenant_a: Tenant) -> dict[str, object]:
    """A permitting grant the city can get, one only states can get, and one closed last year."""
    today = timezone.localdate()
    later = date(today.year + 1, 6, 30)
    services.profile_update(
        user=tenant_a.users["admin"], organisation=tenant_a.organisation, expected_version=1,
        data={"applicant_type": "02", "region": "US-OH", "rural": False},
    )  # fmt: skip
    return {
        "permits": shared_programme(
            name="Permitting modernization grants", applicant_types=["02"], closes=later, award_floor=None,
            description="Grants to modernize building permits, online permitting and inspections.",
        ),
        "states": shared_programme(
            name="State permitting systems", applicant_types=["00"], closes=later, award_floor=None,
            description="Grants for state permitting systems and online permits.",
        ),
        "closed": shared_programme(
            name="Old permitting grants", applicant_types=["02"], closes=date(today.year - 1, 1, 31),
            award_floor=None, description="Permits online.",
        ),
        "research": shared_programme(
            name="Ocean research", applicant_types=["06"], closes=later, award_floor=None,
            description="Research on marine ecosystems.",
        ),
    }  # fmt: skip


def test_eligible_and_relevant_programmes_come_first_and_exclusions_say_why(
    tenant_a: Tenant, catalogue: dict[str, object]
) -> None:
    tenant_a.initiative.problem_statement = "Paper building permits take weeks; we want online permitting."
    tenant_a.initiative.save()
    result = match_initiative(tenant_a.initiative)
    names = [result.programmes[m.key].name for m in result.ranking.matches]
    assert names[0] == "Permitting modernization grants"
    assert "permit" in dict(result.ranking.matches[0].terms)
    excluded = {result.programmes[m.key].name: m for m in result.ranking.excluded}
    assert set(excluded) >= {"State permitting systems", "Old permitting grants"}
    # shares no word with the initiative's title: checked, counted, not listed
    assert "Ocean research" not in excluded and "Ocean research" not in names
    assert result.ranking.unrelated_count >= 1
    # no business case yet: the amount is unknown, and the award rule says so instead of excluding
    assert result.need.amount is None and not result.ranking.amount_known
    assert result.ranking.matches[0].reasons[3].message.startswith("The amount needed is not known yet")
    failing = [r.message for r in excluded["State permitting systems"].reasons if not r.passed]
    assert failing and "State governments" in failing[0]
    assert any("Closed" in r.message for r in excluded["Old permitting grants"].reasons if not r.passed)


def test_the_plan_sets_costs_against_committed_and_expected_money(
    tenant_a: Tenant, catalogue: dict[str, object]
) -> None:
    # given: a business case costing 300,000 in its first year (FY2027 for a July fiscal year start)
    admin = tenant_a.users["admin"]
    case = business_cases.business_case_create(
        user=admin, initiative=tenant_a.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = business_cases.option_create(user=admin, case=case, data={"name": "Buy"})
    business_cases.line_create(user=admin, option=option, data={
        "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": Decimal(300_000)})  # fmt: skip
    business_cases.business_case_calculate(user=admin, case=case)
    first = funding_plan(tenant_a.initiative).rows[0].fiscal_year
    source(tenant_a.initiative, admin, fiscal_year=first, amount=Decimal(120_000))
    source(
        tenant_a.initiative, admin, fiscal_year=first, amount=Decimal(30_000), committed=False, name="Request"
    )
    application(tenant_a.initiative, admin, catalogue["permits"], fiscal_year=first)  # 200,000 at 40%
    # when
    plan = funding_plan(tenant_a.initiative)
    # then
    row = plan.rows[0]
    assert plan.option == "Buy"
    assert (row.cost, row.committed, row.expected_pending) == (
        Decimal("300000.00"),
        Decimal("120000.00"),
        Decimal("110000.00"),
    )
    assert (row.gap_committed, row.gap_expected) == (Decimal("180000.00"), Decimal("70000.00"))
    assert plan.expected_pending == Decimal("110000.00")
    tables = [block for block in funding_blocks(tenant_a.initiative) if hasattr(block, "rows")]
    assert tables[0].rows[0][5] == Decimal("70000.00")


def test_the_pages_and_the_command(
    tenant_a: Tenant, catalogue: dict[str, object], client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    client.force_login(tenant_a.users["viewer"])
    kwargs = {"org": tenant_a.organisation.slug, "pk": tenant_a.initiative.pk}
    page = client.get(reverse("funding:match", kwargs=kwargs)).content.decode()
    assert "Permitting modernization grants" in page and "Related, but excluded, and why" in page
    assert "Meets the published applicant-type and location rules" in page
    assert "The amount needed is not known yet (no cost estimate), so award limits were not checked." in page
    assert "checked but not related" in page and "Housing (HO)" in page  # "e-permitting" maps to CD, HO
    assert client.get(reverse("funding:plan", kwargs=kwargs)).status_code == 200
    saved = client.post(reverse("funding:match", kwargs=kwargs), {"q": "inspections", "name": "Inspections"})
    assert saved.status_code == 302
    assert "Inspections" in client.get(reverse("funding:match", kwargs=kwargs)).content.decode()
    assert main(["funding", "match", str(tenant_a.initiative.pk), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["matches"][0]["name"] == "Permitting modernization grants"
    assert report["need"] == {"amount": 0.0, "amount_known": False, "date": report["need"]["date"]}
    assert report["unrelated_count"] >= 1 and report["purposes"]["categories"] == ["CD", "HO"]
    assert {"eligible_count", "excluded_count", "matches", "excluded", "applicant"} <= set(report)
    assert all(not r["passed"] for item in report["excluded"] for r in item["reasons"])
    assert main(["funding", "match", "999999"]) == 2


def test_the_financing_comparison_discounts_each_way_to_pay(tenant_a: Tenant, client: Client) -> None:
    client.force_login(tenant_a.users["viewer"])
    url = reverse("funding:plan", kwargs={"org": tenant_a.organisation.slug, "pk": tenant_a.initiative.pk})
    page = client.get(url, {"amount": "100000", "years": "10", "borrowing_rate": "0.05", "loan_rate": "0.05",
                            "lease_payment": "15000"}).content.decode()  # fmt: skip
    # 100,000 at 5% over 10 years is 12,950.46 a year; discounted at the same 5% it is worth 100,000.
    assert "12,950" in page and "Financing options compared" in page
    assert "costs least" in page
    assert "Financing options compared" not in client.get(url, {"amount": "-1"}).content.decode()
