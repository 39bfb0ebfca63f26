"""Business case pages: start, lines in place with htmx, imports with row errors, results and real report files."""

import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.business_cases import services
from civicadopt.business_cases.models import BusinessCase, Line
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    editor = tenant_a.users["editor"]
    case = services.business_case_create(user=editor, initiative=tenant_a.initiative,
                                         data={"price_base_year": 2026, "first_year": 2026, "discount_rate": D("0.05")})  # fmt: skip
    option = services.option_create(user=editor, case=case, data={"name": "Cloud"})
    services.line_create(user=editor, option=option, data={"kind": "cost", "category": "capital", "name": "Migration",
                                                           "year": 0, "amount": D(1000), "low": D(800), "high": D(1500)})  # fmt: skip
    services.line_create(user=editor, option=option, data={"kind": "benefit", "category": "avoided_costs",
                                                           "name": "Servers", "year": 1, "amount": D(1300)})  # fmt: skip
    return case


def url(name: str, case: BusinessCase, **kwargs: object) -> str:
    return reverse(f"business_cases:{name}", kwargs={"org": "riverton", "pk": case.initiative_id, **kwargs})


@pytest.fixture
def editor(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["editor"])
    return client


def test_an_initiative_without_a_case_offers_to_start_one(editor: Client, tenant_a: Tenant) -> None:
    page = editor.get(
        reverse("business_cases:overview", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk})
    )
    assert "Start the business case" in page.content.decode()


def test_adding_a_line_with_htmx_answers_with_the_table_and_bad_input_gets_field_errors(
    editor: Client, case: BusinessCase
) -> None:
    option = case.options.get(name="Cloud")
    target = url("lines", case, option_pk=option.pk)
    data = {
        "kind": "cost",
        "category": "licences",
        "name": "Hosting",
        "year": 1,
        "amount": "120",
        "distribution": "triangular",
    }
    response = editor.post(target, data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert option.lines.filter(name="Hosting").exists()
    bad = editor.post(target, {**data, "amount": "-5", "low": "10"}, headers={"HX-Request": "true"})
    assert set(bad.context["form"].errors) >= {"amount"}
    assert option.lines.count() == 3


def test_a_web_import_lists_every_bad_row_and_imports_nothing(editor: Client, case: BusinessCase) -> None:
    content = b"option,kind,category,name,year,amount\nCloud,cost,capital,Build,0,100\nCloud,cost,capital,Run,x,1\nNope,cost,capital,A,1,1\n"
    response = editor.post(
        url("import", case), {"file": SimpleUploadedFile("lines.csv", content, "text/csv")}
    )
    page = response.content.decode()
    assert "row 3, column &#x27;year&#x27;" in page
    assert Line.objects.count() == 2


def test_calculate_then_results_show_charts_with_data_tables(editor: Client, case: BusinessCase) -> None:
    assert editor.post(url("calculate", case)).status_code == 302
    page = editor.get(url("results", case)).content.decode()
    assert page.count("<figure") >= 3 and "The same data as a table" in page
    assert 'role="img"' in page and "Calculation " in page and "business-case/1" not in page


@pytest.mark.parametrize(
    ("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("html", b"<!DOCTYPE")]
)
def test_the_report_downloads_as_real_files(
    editor: Client, case: BusinessCase, fmt: str, magic: bytes
) -> None:
    services.business_case_calculate(
        user=case.initiative.owner or case.initiative.created_by, case=case, seed=3
    )  # type: ignore[arg-type]
    response = editor.get(url("report", case, fmt=fmt))
    assert response.status_code == 200
    assert response.content.startswith(magic)
    if fmt == "html":  # opens in the browser, its embedded stylesheet allowed by hash and nothing else
        assert response["Content-Disposition"].startswith("inline;")
        policy = response["Content-Security-Policy"]
        assert "'sha256-" in policy and "unsafe-inline" not in policy
    else:
        assert "attachment" in response["Content-Disposition"]
    if fmt == "xlsx":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content))
        values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        assert any(isinstance(value, int | float) and value != 0 for value in values)
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        from civicadopt.reports.titles import section_title

        country = case.initiative.organisation.country  # the section names follow it
        assert section_title("economic", country) in text and section_title("financial", country) in text


def test_an_unknown_report_format_is_404(editor: Client, case: BusinessCase) -> None:
    assert editor.get(url("report", case, fmt="odt")).status_code == 404
