"""The business-case API: scoped to the user's organisations, written through the services only."""

import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role
from civicadopt.api.tests.factories import api_client, assert_error
from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services
from civicadopt.business_cases.models import BusinessCase, CalculationRun, Line, Option
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db

CASES = reverse("api:api-business-case-list")
HUGE = 10**30


def url(name: str, pk: int) -> str:
    return reverse(f"api:api-{name}", kwargs={"pk": pk})


def build(tenant: Tenant) -> dict:
    """A business case with an option, a line and a run, made through the services."""
    admin = tenant.users[Role.ADMIN]
    case = services.business_case_create(
        user=admin, initiative=tenant.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = services.option_create(user=admin, case=case, data={"name": "Cloud"})
    line = services.line_create(user=admin, option=option, data={
        "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": D(100)})  # fmt: skip
    run = services.business_case_calculate(user=admin, case=case)
    return {"case": case, "option": option, "line": line, "run": run}


def line_body(**overrides):
    return {
        "kind": "cost",
        "category": "capital",
        "name": "Outlay",
        "year": 1,
        "amount": "10000",
        **overrides,
    }


@pytest.fixture
def a(tenant_a: Tenant) -> dict:
    return build(tenant_a)


# The whole journey, checked against Microsoft's NPV example


def test_create_case_add_lines_calculate_and_read_the_run(tenant_a):
    client = api_client(tenant_a.users[Role.CONTRIBUTOR])  # owns the initiative
    response = client.post(
        CASES,
        {"initiative": tenant_a.initiative.pk, "price_base_year": 2026, "first_year": 2026,
         "discount_rate": "0.10", "discount_rate_source": "Microsoft Excel NPV example"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    case = response.json()
    assert response["Location"] == case["url"]
    assert (case["discount_rate"], case["version"], case["stage"]) == ("0.1000", 1, "strategic_outline")
    assert case["organisation"] == tenant_a.organisation.pk
    options = client.get(url("business-case-options", case["id"])).json()["results"]
    assert [(o["name"], o["is_business_as_usual"]) for o in options] == [("Business as usual", True)]

    option = client.post(url("business-case-options", case["id"]), {"name": "New system"}, format="json")
    assert option.status_code == 201, option.json()
    lines_url = url("option-lines", option.json()["id"])
    line = client.post(lines_url, line_body(), format="json")
    assert line.status_code == 201, line.json()
    assert line.json()["amount"] == "10000.00" and line.json()["low"] is None
    for year, amount in ((2, 3000), (3, "4200.00"), (4, 6800)):  # numbers and strings alike
        benefit = line_body(
            kind="benefit", category="cashable_savings", name="Savings", year=year, amount=amount
        )
        assert client.post(lines_url, benefit, format="json").status_code == 201
    assert client.get(lines_url).json()["count"] == 4

    run = client.post(url("business-case-calculate", case["id"]), format="json")
    assert run.status_code == 201, run.json()
    assert run["Location"] == run.json()["url"]
    rows = {row["name"]: row for row in run.json()["results"]["options"]}
    assert rows["New system"]["npv"] == "1188.44"
    assert run.json()["results"]["highest_npv"] == "New system"
    assert (run.json()["iterations"], run.json()["seed"]) == (0, None)  # no ranges: nothing simulated

    runs = client.get(url("business-case-runs", case["id"])).json()
    assert [r["id"] for r in runs["results"]] == [run.json()["id"]]
    assert set(runs["results"][0]) == {"id", "url", "created_at", "method_version", "seed", "iterations"}
    stored = client.get(url("run-detail", run.json()["id"])).json()
    assert stored["inputs"]["settings"]["discount_rate"] == "0.1000"
    assert len(stored["inputs"]["lines"]) == 4
    assert stored["results"] == run.json()["results"]
    actions = AuditEntry.objects.filter(initiative_id=tenant_a.initiative.pk, action="create")
    assert {"businesscase", "option", "line", "calculationrun"} <= set(
        actions.values_list("content_type__model", flat=True)
    )


def test_ranges_run_a_seeded_simulation_that_reproduces_and_runs_list_newest_first(tenant_a, a):
    client = api_client(tenant_a.users[Role.EDITOR])
    patch = client.patch(url("line-detail", a["line"].pk), {"low": "80", "high": "150.5"}, format="json")
    assert patch.status_code == 200, patch.json()
    assert (patch.json()["low"], patch.json()["high"]) == ("80.00", "150.50")
    calculate = url("business-case-calculate", a["case"].pk)
    first = client.post(calculate, {"iterations": 500, "seed": 7}, format="json").json()
    second = client.post(calculate, {"iterations": 500, "seed": 7}, format="json").json()
    assert (first["iterations"], first["seed"]) == (500, 7)
    assert first["results"]["options"] == second["results"]["options"]
    ids = [r["id"] for r in client.get(url("business-case-runs", a["case"].pk)).json()["results"]]
    assert ids == [second["id"], first["id"], a["run"].pk]


# Reading and scoping


def test_list_shows_only_the_users_organisations_and_filters_by_initiative(tenant_a, tenant_b, a):
    other = build(tenant_b)
    client = api_client(tenant_a.users[Role.VIEWER])
    assert [c["id"] for c in client.get(CASES).json()["results"]] == [a["case"].pk]
    assert client.get(CASES, {"initiative": tenant_a.initiative.pk}).json()["count"] == 1
    assert client.get(CASES, {"initiative": other["case"].initiative_id}).json()["count"] == 0


@pytest.mark.parametrize("value", ["abc", "1.5", str(HUGE), "0", "-1"])
def test_invalid_filter_answers_400(tenant_a, value):
    error = assert_error(
        api_client(tenant_a.users[Role.VIEWER]).get(CASES, {"initiative": value}), 400, "invalid"
    )
    assert list(error["fields"]) == ["initiative"]


ENDPOINTS = [
    ("get", "business-case-detail", "case", None),
    ("patch", "business-case-detail", "case", {"stage": "outline", "version": 1}),
    ("get", "business-case-options", "case", None),
    ("post", "business-case-options", "case", {"name": "Taken over"}),
    ("post", "business-case-calculate", "case", {}),
    ("get", "business-case-runs", "case", None),
    ("post", "business-case-import", "case", None),
    ("get", "option-detail", "option", None),
    ("patch", "option-detail", "option", {"name": "Taken over"}),
    ("delete", "option-detail", "option", None),
    ("get", "option-lines", "option", None),
    ("post", "option-lines", "option", line_body()),
    ("get", "line-detail", "line", None),
    ("patch", "line-detail", "line", {"amount": "1"}),
    ("delete", "line-detail", "line", None),
    ("get", "run-detail", "run", None),
]


def _call(client, method, name, pk, body):
    if name == "business-case-import":
        upload = SimpleUploadedFile(
            "lines.csv", b"option,kind,category,name,year,amount\nCloud,cost,capital,X,1,5\n"
        )
        return client.post(url(name, pk), {"file": upload}, format="multipart")
    return getattr(client, method)(url(name, pk), body, format="json")


def _counts():
    return (
        BusinessCase.objects.count(),
        Option.objects.count(),
        Line.objects.count(),
        CalculationRun.objects.count(),
    )


@pytest.mark.parametrize(("method", "name", "record", "body"), ENDPOINTS)
def test_another_organisations_records_are_not_found_on_every_endpoint(
    tenant_a, tenant_b, method, name, record, body
):
    # given an administrator of A, who may do everything in A, and B's business case
    other = build(tenant_b)
    client = api_client(tenant_a.users[Role.ADMIN])
    before = _counts()
    # when
    response = _call(client, method, name, other[record].pk, body)
    # then it looks exactly like a missing record, and nothing changed
    assert_error(response, 404, "not_found")
    assert _call(client, method, name, 99999999, body).json() == response.json()
    assert _call(client, method, name, HUGE, body).json() == response.json()
    assert _counts() == before
    assert BusinessCase.objects.get(pk=other["case"].pk).version == 1


@pytest.mark.parametrize(("method", "name", "record", "body"), [e for e in ENDPOINTS if e[0] != "get"])
def test_viewers_may_not_write(tenant_a, a, method, name, record, body):
    before = _counts()
    response = _call(api_client(tenant_a.users[Role.VIEWER]), method, name, a[record].pk, body)
    assert_error(response, 403, "permission_denied")
    assert _counts() == before


def test_creating_a_case_for_another_organisations_initiative_is_a_field_error(tenant_a, tenant_b):
    client = api_client(tenant_a.users[Role.ADMIN])
    body = {"initiative": tenant_b.initiative.pk, "price_base_year": 2026, "first_year": 2026}
    error = assert_error(client.post(CASES, body, format="json"), 400, "invalid")
    assert error["fields"] == {"initiative": ["Unknown initiative."]}
    assert client.post(CASES, {**body, "initiative": 99999999}, format="json").json()["error"] == error


def test_a_second_case_for_an_initiative_is_refused(tenant_a, a):
    body = {"initiative": tenant_a.initiative.pk, "price_base_year": 2026, "first_year": 2026}
    error = assert_error(
        api_client(tenant_a.users[Role.ADMIN]).post(CASES, body, format="json"), 400, "invalid"
    )
    assert error["fields"] == {"non_field_errors": ["This initiative already has a business case."]}


# Bad input answers 400 with field errors, never 500


CASE_BODY = {"price_base_year": 2026, "first_year": 2026}


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"initiative": "abc"}, {"initiative"}),
        ({"initiative": 1.5}, {"initiative"}),
        ({"initiative": True}, {"initiative"}),
        ({"initiative": HUGE}, {"initiative"}),
        ({"initiative": None}, {"initiative"}),
        ({"price_base_year": "x"}, {"price_base_year"}),
        ({"first_year": 1800}, {"first_year"}),
        ({"discount_rate": "0.12345"}, {"discount_rate"}),
        ({"discount_rate": "1.5"}, {"discount_rate"}),
        ({"discount_rate": "NaN"}, {"discount_rate"}),
        ({"discount_rate": {"a": 1}}, {"discount_rate"}),
        ({"stage": "launched"}, {"stage"}),
        ({"schedule": 3}, {"schedule"}),
        ({"project_type": "rockets"}, {"project_type"}),
        ({"optimism_mitigation": "1.5"}, {"optimism_mitigation"}),
        ({"discount_rate_source": "x" * 301}, {"discount_rate_source"}),
    ],
)
def test_invalid_case_values_answer_400(tenant_a, overrides, fields):
    body = {"initiative": tenant_a.initiative.pk, **CASE_BODY, **overrides}
    error = assert_error(
        api_client(tenant_a.users[Role.EDITOR]).post(CASES, body, format="json"), 400, "invalid"
    )
    assert set(error["fields"]) == fields, error
    assert not BusinessCase.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"amount": "1.234"}, {"amount"}),
        ({"amount": 0.001}, {"amount"}),
        ({"amount": "-5"}, {"amount"}),
        ({"amount": -5}, {"amount"}),
        ({"amount": "Infinity"}, {"amount"}),
        ({"amount": "1e20"}, {"amount"}),
        ({"amount": [1]}, {"amount"}),
        ({"amount": True}, {"amount"}),
        ({"amount": None}, {"amount"}),
        ({"year": "x"}, {"year"}),
        ({"year": 1.5}, {"year"}),
        ({"year": -1}, {"year"}),
        ({"year": 1001}, {"year"}),
        ({"year": HUGE}, {"year"}),
        ({"kind": "gift"}, {"kind"}),
        ({"category": "bribes"}, {"category"}),
        ({"name": ""}, {"name"}),
        ({"name": "x" * 201}, {"name"}),
        ({"name": "a\x00b"}, {"name"}),
        ({"group": "x" * 101}, {"group"}),
        ({"distribution": "normal"}, {"distribution"}),
        ({"low": "10"}, {"high"}),  # a range needs both ends (the model's rule, through the service)
        ({"low": "10", "high": "20", "amount": "100"}, {"amount"}),
        ({"distribution": "lognormal", "low": "0", "high": "20000"}, {"low"}),
    ],
)
def test_invalid_line_values_answer_400(tenant_a, a, overrides, fields):
    response = api_client(tenant_a.users[Role.EDITOR]).post(
        url("option-lines", a["option"].pk), line_body(**overrides), format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == fields, error
    assert Line.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "body", "fields"),
    [
        ("business-case-options", {"name": ""}, {"name"}),
        ("business-case-options", {"name": "CLOUD"}, {"name"}),  # differs only in case
        ("business-case-options", {"name": "New", "position": -1}, {"position"}),
        ("business-case-options", {"name": "New", "position": HUGE}, {"position"}),
        ("business-case-calculate", {"iterations": 0}, {"iterations"}),
        ("business-case-calculate", {"iterations": 100001}, {"iterations"}),
        ("business-case-calculate", {"iterations": "many"}, {"iterations"}),
        ("business-case-calculate", {"seed": -1}, {"seed"}),
        ("business-case-calculate", {"seed": HUGE}, {"seed"}),
        ("business-case-detail", {"stage": "outline"}, {"version"}),
        ("business-case-detail", {"version": "x"}, {"version"}),
        ("business-case-detail", {"version": HUGE}, {"version"}),
    ],
)
def test_invalid_values_of_other_endpoints_answer_400(tenant_a, a, name, body, fields):
    client = api_client(tenant_a.users[Role.EDITOR])
    method = client.patch if name == "business-case-detail" else client.post
    error = assert_error(method(url(name, a["case"].pk), body, format="json"), 400, "invalid")
    assert set(error["fields"]) == fields, error


@pytest.mark.parametrize(
    ("body", "content_type"), [("{not json", "application/json"), ('["a"]', "application/json")]
)
def test_malformed_bodies_never_answer_500(tenant_a, a, body, content_type):
    response = api_client(tenant_a.users[Role.EDITOR]).generic(
        "POST", url("option-lines", a["option"].pk), body, content_type=content_type
    )
    assert response.status_code == 400
    assert_error(response, 400, response.json()["error"]["code"])


def test_calculating_without_lines_is_refused(tenant_a):
    case = services.business_case_create(
        user=tenant_a.users[Role.ADMIN], initiative=tenant_a.initiative, data=CASE_BODY
    )
    response = api_client(tenant_a.users[Role.EDITOR]).post(url("business-case-calculate", case.pk))
    error = assert_error(response, 400, "invalid")
    assert error["fields"]["non_field_errors"] == [
        "Add at least one cost or benefit line before calculating."
    ]


HOSTILE = [
    "<script>alert(1)</script>",
    "'; DROP TABLE business_cases_line; --",
    "=cmd|' /C calc'!A0",
    "Zoë 🚲 {{ 7*7 }}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim_and_returned_as_json(tenant_a, a, text):
    client = api_client(tenant_a.users[Role.EDITOR])
    option = client.post(
        url("business-case-options", a["case"].pk), {"name": text, "description": text}, format="json"
    )
    assert option.status_code == 201, option.json()
    assert option["Content-Type"] == "application/json"
    line = client.post(
        url("option-lines", option.json()["id"]), line_body(name=text, group=text), format="json"
    )
    assert line.status_code == 201, line.json()
    assert client.get(url("line-detail", line.json()["id"])).json()["name"] == text
    assert Option.objects.get(pk=option.json()["id"]).description == text


# Changing and deleting


def test_stale_patch_answers_409_and_changes_nothing(tenant_a, a):
    client = api_client(tenant_a.users[Role.EDITOR])
    detail = url("business-case-detail", a["case"].pk)
    first = client.patch(detail, {"stage": "outline", "discount_rate": "0.035", "version": 1}, format="json")
    assert first.status_code == 200, first.json()
    assert (first.json()["version"], first.json()["discount_rate"]) == (2, "0.0350")
    error = assert_error(
        client.patch(detail, {"stage": "full", "version": 1}, format="json"), 409, "conflict"
    )
    assert error["current_version"] == 2
    assert BusinessCase.objects.get(pk=a["case"].pk).stage == "outline"


def test_options_and_lines_are_changed_and_deleted(tenant_a, a):
    client = api_client(tenant_a.users[Role.EDITOR])
    renamed = client.patch(
        url("option-detail", a["option"].pk), {"name": "Hosted", "position": 5}, format="json"
    )
    assert (renamed.status_code, renamed.json()["name"], renamed.json()["position"]) == (200, "Hosted", 5)
    line = client.patch(url("line-detail", a["line"].pk), {"year": 2, "amount": 250.5}, format="json")
    assert (line.status_code, line.json()["year"], line.json()["amount"]) == (200, 2, "250.50")
    assert client.patch(url("line-detail", a["line"].pk), {"high": "300"}, format="json").status_code == 400
    assert client.delete(url("line-detail", a["line"].pk)).status_code == 204
    assert not Line.objects.filter(pk=a["line"].pk).exists()
    assert client.delete(url("option-detail", a["option"].pk)).status_code == 204
    assert not Option.objects.filter(pk=a["option"].pk).exists()


def test_business_as_usual_cannot_be_deleted(tenant_a, a):
    baseline = a["case"].options.get(is_business_as_usual=True)
    response = api_client(tenant_a.users[Role.ADMIN]).delete(url("option-detail", baseline.pk))
    error = assert_error(response, 400, "invalid")
    assert error["fields"]["non_field_errors"] == [
        "Business as usual is the baseline every option is compared with; it stays."
    ]
    assert Option.objects.filter(pk=baseline.pk).exists()


# Importing


CSV_HEADER = "option,kind,category,name,year,amount,low,high\n"


def _import(client, case, content: bytes, filename="lines.csv", **extra):
    upload = SimpleUploadedFile(filename, content)
    return client.post(url("business-case-import", case.pk), {"file": upload, **extra}, format="multipart")


def test_import_adds_lines_and_replace_removes_the_old_ones(tenant_a, a):
    client = api_client(tenant_a.users[Role.EDITOR])
    content = (
        CSV_HEADER
        + 'Cloud,benefit,cashable_savings,Savings,1,"1,200.50",,\nCloud,cost,licences,Seats,1,40,30,60\n'
    )
    response = _import(client, a["case"], content.encode())
    assert response.status_code == 201, response.json()
    assert response.json() == {"imported": 2}
    assert a["option"].lines.count() == 3
    assert _import(client, a["case"], content.encode(), replace="true").json() == {"imported": 2}
    assert sorted(a["option"].lines.values_list("amount", flat=True)) == [D("40.00"), D("1200.50")]


def test_import_of_an_excel_workbook(tenant_a, a):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["option", "kind", "category", "name", "year", "amount"])
    sheet.append(["Cloud", "benefit", "avoided_costs", "Servers", 2, 1500.25])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _import(api_client(tenant_a.users[Role.EDITOR]), a["case"], buffer.getvalue(), "lines.xlsx")
    assert response.json() == {"imported": 1}
    assert a["option"].lines.get(name="Servers").amount == D("1500.25")


def test_import_with_bad_rows_lists_every_row_and_column_and_writes_nothing(tenant_a, a):
    content = (
        CSV_HEADER
        + "Cloud,cost,capital,Good,1,100,,\nCloud,gift,capital,Bad,x,1.234,,\nNowhere,cost,capital,Y,1,5,,\n"
    )
    before = (Line.objects.count(), AuditEntry.objects.count())
    response = _import(api_client(tenant_a.users[Role.EDITOR]), a["case"], content.encode())
    error = assert_error(response, 400, "invalid")
    problems = error["fields"]["file"]
    assert list(error["fields"]) == ["file"]
    assert any(p.startswith("row 3, column 'kind'") for p in problems), problems
    assert any(p.startswith("row 3, column 'year'") for p in problems), problems
    assert any(p.startswith("row 3, column 'amount'") and "2 decimal places" in p for p in problems), problems
    assert (Line.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (CSV_HEADER + "Nowhere,cost,capital,Y,1,5,,\n", "lines.csv", "no option named 'Nowhere'"),
        (b"not a workbook", "lines.xlsx", "not a readable Excel"),
        ("a,b\n1,2\n", "lines.pdf", "choose a .csv or .xlsx file"),
        (b"\xff\xfe\x00bad", "lines.csv", ""),
    ],
)
def test_unusable_files_answer_400_under_file(tenant_a, a, content, filename, expected):
    data = content.encode() if isinstance(content, str) else content
    error = assert_error(
        _import(api_client(tenant_a.users[Role.EDITOR]), a["case"], data, filename), 400, "invalid"
    )
    assert list(error["fields"]) == ["file"]
    assert expected in " ".join(error["fields"]["file"])
    assert Line.objects.count() == 1


def test_import_needs_a_multipart_file(tenant_a, a):
    client = api_client(tenant_a.users[Role.EDITOR])
    error = assert_error(
        client.post(url("business-case-import", a["case"].pk), {}, format="multipart"), 400, "invalid"
    )
    assert list(error["fields"]) == ["file"]
    response = client.post(url("business-case-import", a["case"].pk), {"file": "x"}, format="json")
    assert_error(response, 415, "unsupported_media_type")


# Schema


def test_schema_is_valid_and_lists_the_business_case_operations(tenant_a, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = api_client(tenant_a.users[Role.VIEWER]).get(reverse("api:api-schema")).json()
    operations = {
        op["operationId"] for path in schema["paths"].values() for op in path.values() if "operationId" in op
    }
    assert {
        "business_case_list", "business_case_create", "business_case_partial_update", "business_case_calculate",
        "business_case_import", "business_case_run_list", "run_retrieve", "option_line_create", "line_destroy",
    } <= operations  # fmt: skip
    assert schema["components"]["schemas"]["PatchedBusinessCaseUpdateRequest"]["required"] == ["version"]


def test_lines_the_core_cannot_simulate_answer_400_not_500(tenant_a, a):
    # given a lognormal range from zero, which the model now refuses but data stored earlier may hold
    type(a["line"]).objects.filter(pk=a["line"].pk).update(distribution="lognormal", low=D(0), high=D(200))
    # when
    response = api_client(tenant_a.users[Role.EDITOR]).post(url("business-case-calculate", a["case"].pk))
    # then
    error = assert_error(response, 400, "invalid")
    assert "low > 0" in error["fields"]["non_field_errors"][0]
    assert CalculationRun.objects.count() == 1
