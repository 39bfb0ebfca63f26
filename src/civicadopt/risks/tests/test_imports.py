"""Importing a register: all or nothing, every problem by row and column, and a download comes back in."""

import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant
from civicadopt.risks.exports import to_csv, to_xlsx
from civicadopt.risks.imports import RiskTableError, risks_import
from civicadopt.risks.models import Risk
from civicadopt.uploads import MAX_BYTES

from . import factories

pytestmark = pytest.mark.django_db

HEADER = "title,category,probability_pct,cost_most_likely,schedule_most_likely,owner,tasks,review_date\n"


def run(tenant: Tenant, text: str, filename: str = "risks.csv") -> object:
    return risks_import(
        user=tenant.users["editor"], initiative=tenant.initiative, content=text.encode(), filename=filename
    )


def test_a_good_file_adds_scored_risks_with_owners_and_tasks(tenant_a: Tenant) -> None:
    tasks = factories.tasks(tenant_a.initiative, 2, 5)
    result = run(tenant_a, HEADER + (
        "Permit data is inconsistent,Legacy systems,40,40000,15,Luis's team,2; 5,2026-05-31\n"
        "Staff resist,people,25%,,8,manager riverton,,\n"
    ))  # fmt: skip
    assert (result.created, result.updated) == (2, 0)  # type: ignore[attr-defined]
    first, second = Risk.objects.order_by("number")
    assert (first.key, first.category, first.probability, first.inherent_score) == (
        "R1",
        "legacy",
        D("0.4"),
        9,
    )
    assert first.owner is None and first.owner_name == "Luis's team"
    assert set(first.tasks.all()) == {tasks[2], tasks[5]} and str(first.review_date) == "2026-05-31"
    assert second.owner == tenant_a.users["manager"]  # matched by name (or user name), ignoring case
    assert AuditEntry.objects.filter(action="create", content_type__model="risk").count() == 2


def test_one_bad_row_writes_nothing_and_every_problem_is_named(tenant_a: Tenant) -> None:
    factories.tasks(tenant_a.initiative, 1)
    text = HEADER + (
        "Good row,technology,30,1000,,,,\n"
        "Bad probability,technology,130,1000,,,,\n"
        "Bad category,weather,30,1000,,,9,\n"
        ",technology,x,,,,,31/02/2026\n"
    )
    with pytest.raises(RiskTableError) as error:
        run(tenant_a, text)
    problems = [str(problem) for problem in error.value.errors]
    assert any(p.startswith("row 3, column 'probability_pct'") for p in problems)
    assert any(p.startswith("row 4, column 'category'") for p in problems)
    assert any(p.startswith("row 4, column 'tasks'") and "no row 9" in p for p in problems)
    assert {"row 5, column 'title'", "row 5, column 'probability_pct'", "row 5, column 'review_date'"} <= {
        p.split(":")[0] for p in problems
    }
    assert not Risk.objects.exists() and not AuditEntry.objects.filter(content_type__model="risk").exists()


def test_the_header_is_checked_first(tenant_a: Tenant) -> None:
    with pytest.raises(RiskTableError) as error:
        run(tenant_a, "title,probabilty_pct\nA,30\n")
    assert {str(p) for p in error.value.errors} >= {
        "row 1 (the header), column 'probabilty_pct': unknown column",
        "row 1 (the header), column 'probability_pct': this column is required",
    }


def test_a_row_with_a_number_updates_that_risk_and_an_unknown_number_is_an_error(tenant_a: Tenant) -> None:
    risk = factories.risk(tenant_a.initiative, tenant_a.users["editor"])
    result = run(tenant_a, "number,title,probability_pct\nR1,Renamed,10\n,New one,50\n")
    assert (result.created, result.updated) == (1, 1)  # type: ignore[attr-defined]
    risk.refresh_from_db()
    assert (risk.title, risk.probability, risk.version) == ("Renamed", D("0.1"), 2)
    with pytest.raises(RiskTableError) as error:
        run(tenant_a, "number,title,probability_pct\nR9,Ghost,10\nR1,Twice,1\nR1,Twice,1\n")
    problems = [str(p) for p in error.value.errors]
    assert problems[0].startswith("row 2, column 'number': there is no risk R9")
    assert problems[1].startswith("row 4, column 'number': R1 appears twice")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_imports_back_unchanged_even_with_formula_like_text(tenant_a: Tenant, fmt: str) -> None:
    # given
    tasks = factories.tasks(tenant_a.initiative, 4)
    factories.risk(
        tenant_a.initiative, tenant_a.users["editor"], title="=cmd|' /C calc'!A0", event="-5 days if late",
        owner=tenant_a.users["editor"], residual_probability=D("0.125"), tasks=[tasks[4]],
        cost_low=D("30000.50"), cost_high=D(90_000),
    )  # fmt: skip
    risks = Risk.objects.prefetch_related("tasks")
    content = to_csv(risks) if fmt == "csv" else to_xlsx(risks, title="Risks")
    before = Risk.objects.values().get()
    # when
    result = risks_import(user=tenant_a.users["editor"], initiative=tenant_a.initiative, content=content,
                          filename=f"risks.{fmt}")  # fmt: skip
    # then
    after = Risk.objects.values().get()
    assert result.updated == 1  # type: ignore[attr-defined]
    assert {k: v for k, v in after.items() if k not in ("version", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("version", "updated_at")
    }
    assert after["title"] == "=cmd|' /C calc'!A0"


def test_files_too_big_or_of_another_kind_are_refused(tenant_a: Tenant) -> None:
    with pytest.raises(RiskTableError, match="larger than 5 MB"):
        run(tenant_a, "x" * (MAX_BYTES + 1))
    with pytest.raises(RiskTableError, match=r"\.csv or \.xlsx"):
        run(tenant_a, HEADER, filename="risks.pdf")
    with pytest.raises(RiskTableError, match="readable Excel"):
        run(tenant_a, "not a workbook", filename="risks.xlsx")


def test_a_viewer_cannot_import(tenant_a: Tenant) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        risks_import(
            user=tenant_a.users["viewer"], initiative=tenant_a.initiative, content=b"", filename="a.csv"
        )


def test_the_import_page_lists_the_problems_and_imports_nothing(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["contributor"])
    target = reverse("risks:import", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    upload = SimpleUploadedFile("risks.csv", b"title,probability_pct\n<b>Bold</b>,200\n", "text/csv")
    page = client.post(target, {"file": upload}).content.decode()
    assert "row 2, column &#x27;probability_pct&#x27;" in page and "Nothing was imported" in page
    assert not Risk.objects.exists()
    good = SimpleUploadedFile("risks.csv", io.BytesIO(b"title,probability_pct\nOK,20\n").read(), "text/csv")
    assert client.post(target, {"file": good}).status_code == 302 and Risk.objects.count() == 1
