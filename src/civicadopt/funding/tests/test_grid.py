"""The funding sources grid: sources by fiscal year, saved in one POST through the source services."""

from decimal import Decimal as D
from typing import Any

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.amount_grid import read_grid
from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant
from civicadopt.funding.grid import clean_source_key, sources_grid, sources_grid_save
from civicadopt.funding.models import FundingSource

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(tenant_a: Tenant) -> list[FundingSource]:
    admin = tenant_a.users["admin"]
    return [
        factories.source(tenant_a.initiative, admin, fiscal_year=2027, amount=D(100)),
        factories.source(tenant_a.initiative, admin, fiscal_year=2028, amount=D(100)),
        factories.source(tenant_a.initiative, admin, kind="partner", name="County", fiscal_year=2028,
                         amount=D(40), committed=False),
    ]  # fmt: skip


def posted(t: Tenant, **cells: str) -> dict[str, Any]:
    grid = sources_grid(t.initiative)
    grid.add_blank_rows()
    data: dict[str, Any] = {"rows": str(grid.row_count), "fingerprint": grid.fingerprint}
    for row in grid.view_rows():
        data.update({cell["name"]: cell["value"] for cell in row["cells"]})
        data.update({key["name"]: key["value"] for key in row["keys"]})
    return data | cells


def stored(t: Tenant) -> list[tuple[str, int, D, bool]]:
    return sorted(FundingSource.objects.filter(initiative=t.initiative).values_list(
        "name", "fiscal_year", "amount", "committed"))  # fmt: skip


def test_the_grid_has_a_row_per_source_and_a_column_per_fiscal_year(
    tenant_a: Tenant, sources: list[FundingSource]
) -> None:
    grid = sources_grid(tenant_a.initiative)
    assert [c.label for c in grid.columns] == ["FY2027", "FY2028", "FY2029", "FY2030", "FY2031"]
    assert [(r.key["name"], r.key["committed"]) for r in grid.rows] == [
        ("General fund", "yes"),
        ("County", "no"),
    ]
    assert grid.total_values()[0][1][:2] == [D(100), D(140)]


def test_one_save_changes_adds_and_removes_sources_through_the_audited_services(
    tenant_a: Tenant, sources: list[FundingSource]
) -> None:
    # given: General fund FY2027 changed, FY2028 emptied, FY2029 added; a new committed row
    data = posted(tenant_a, **{"r0-c2027": "150", "r0-c2028": "", "r0-c2029": "90",
                               "r2-name": "Capital reserve", "r2-kind": "own_budget", "r2-committed": "yes",
                               "r2-c2030": "10,000"})  # fmt: skip
    grid = read_grid(data, grid=sources_grid(tenant_a.initiative), clean_key=clean_source_key)
    assert grid.problems == []
    before = AuditEntry.objects.count()
    # when
    changed = sources_grid_save(user=tenant_a.users["editor"], initiative=tenant_a.initiative, grid=grid)
    # then
    assert changed == 4
    assert stored(tenant_a) == [
        ("Capital reserve", 2030, D("10000.00"), True), ("County", 2028, D("40.00"), False),
        ("General fund", 2027, D("150.00"), True), ("General fund", 2029, D("90.00"), True),
    ]  # fmt: skip
    assert AuditEntry.objects.count() - before == 4


def test_bad_cells_and_a_bad_new_row_are_all_reported_and_nothing_is_saved(
    tenant_a: Tenant, sources: list[FundingSource]
) -> None:
    data = posted(tenant_a, **{"r0-c2027": "ten", "r1-c2029": "1.005", "r2-name": "Reserve", "r2-c2027": "5"})
    grid = read_grid(data, grid=sources_grid(tenant_a.initiative), clean_key=clean_source_key)
    assert {p.target for p in grid.problems} == {
        "cell-0-2027",
        "cell-1-2029",
        "id_r2-kind",
        "id_r2-committed",
    }
    assert [p.label for p in grid.problems][:2] == ["General fund, FY2027", "County, FY2029"]


def test_a_stale_grid_is_refused(tenant_a: Tenant, sources: list[FundingSource]) -> None:
    data = posted(tenant_a, **{"r0-c2027": "1"})
    factories.source(tenant_a.initiative, tenant_a.users["admin"], name="Late", fiscal_year=2029)
    grid = read_grid(data, grid=sources_grid(tenant_a.initiative), clean_key=clean_source_key)
    with pytest.raises(ValidationError) as error:
        sources_grid_save(user=tenant_a.users["editor"], initiative=tenant_a.initiative, grid=grid)
    assert error.value.code == "conflict"
    assert ("General fund", 2027, D("100.00"), True) in stored(tenant_a)


def test_the_page_saves_and_shows_errors_in_the_summary(
    client: Client, tenant_a: Tenant, sources: list[FundingSource]
) -> None:
    client.force_login(tenant_a.users["editor"])
    url = reverse("funding:sources-grid", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    page = client.get(url).content.decode()
    assert 'aria-label="General fund, FY2028"' in page
    bad = client.post(url, posted(tenant_a, **{"r1-c2028": "-3"}) | {"action": "save"})
    assert bad.status_code == 400
    assert 'href="#cell-1-2028"' in bad.content.decode()
    good = client.post(url, posted(tenant_a, **{"r1-c2028": "45"}) | {"action": "save"})
    assert good.status_code == 302
    assert ("County", 2028, D("45.00"), False) in stored(tenant_a)
