"""The Reports page lists what exists, per initiative and format; the placeholders of areas not built
are gone from the menu and their addresses answer 404."""

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

import pytest

from civicadopt.conftest import Tenant
from civicadopt.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

REPORTS = "/o/riverton/reports/"


@pytest.fixture
def viewer(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["viewer"])
    return client


def calculated_case(t: Tenant) -> None:
    from civicadopt.business_cases import services as bc

    admin = t.users["admin"]
    case = bc.business_case_create(
        user=admin, initiative=t.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = bc.option_create(user=admin, case=case, data={"name": "Cloud"})
    bc.line_create(user=admin, option=option, data={
        "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": Decimal(100)})  # fmt: skip
    bc.business_case_calculate(user=admin, case=case, iterations=0, seed=1)


def test_the_reports_page_offers_each_format_only_where_the_report_can_be_made(
    viewer: Client, tenant_a: Tenant
) -> None:
    # given: one initiative with a calculated business case, one with nothing yet
    calculated_case(tenant_a)
    bare = Initiative.objects.create(organisation=tenant_a.organisation, title="Bare", problem_statement="x")
    # when
    page = viewer.get(REPORTS).content.decode()
    # then
    pk = tenant_a.initiative.pk
    for fmt in ("html", "pdf", "docx", "xlsx"):
        assert f"/o/riverton/initiatives/{pk}/business-case/report.{fmt}" in page
        assert f"/o/riverton/initiatives/{bare.pk}/business-case/report.{fmt}" not in page
    assert "calculate the business case" in page  # the bare one says what is missing
    assert f"/o/riverton/initiatives/{bare.pk}/risks/export/?fmt=csv" in page
    assert "/plan/export." not in page  # neither has a plan
    assert "Coming in a later release" not in page


def test_the_reports_page_costs_the_same_queries_for_one_initiative_or_many(
    viewer: Client, tenant_a: Tenant
) -> None:
    with CaptureQueriesContext(connection) as one:
        viewer.get(REPORTS)
    for n in range(10):
        Initiative.objects.create(
            organisation=tenant_a.organisation, title=f"More {n}", problem_statement="x"
        )
    with CaptureQueriesContext(connection) as many:
        viewer.get(REPORTS)
    assert len(many) == len(one)


@pytest.mark.parametrize("slug", ["portfolio", "systems", "people", "vendors"])
def test_areas_not_built_are_not_in_the_menu_and_answer_404(viewer: Client, slug: str) -> None:
    page = viewer.get("/o/riverton/initiatives/").content.decode()
    assert f"/o/riverton/{slug}/" not in page
    assert viewer.get(f"/o/riverton/{slug}/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse(f"areas:{slug}", kwargs={"org": "riverton"})


def test_the_menu_lists_only_built_areas(viewer: Client) -> None:
    page = viewer.get(REPORTS).content.decode()
    assert 'aria-current="page"><span>Reports</span>' in page
    for label in ("Initiatives", "Funding", "Reports"):
        assert f"<span>{label}</span>" in page
    for label in ("Portfolio", "Systems", "People", "Vendors"):
        assert f"<span>{label}</span>" not in page
