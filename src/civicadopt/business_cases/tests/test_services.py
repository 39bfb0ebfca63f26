"""Business case services: calculation on the core, imports all or nothing, permissions and audit."""

from decimal import Decimal as D

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services
from civicadopt.business_cases.imports import LinesTableError, lines_import
from civicadopt.business_cases.models import BusinessCase, Line, Option
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    return services.business_case_create(
        user=tenant_a.users["editor"],
        initiative=tenant_a.initiative,
        data={"price_base_year": 2026, "first_year": 2026, "schedule": "flat", "discount_rate": D("0.10")},
    )


def add(
    case: BusinessCase,
    user,
    option: Option,
    kind: str,
    category: str,
    name: str,
    year: int,
    amount: int,
    **extra,
):  # type: ignore[no-untyped-def]
    return services.line_create(
        user=user, option=option,
        data={"kind": kind, "category": category, "name": name, "year": year, "amount": D(amount), **extra},
    )  # fmt: skip


def test_a_new_case_has_business_as_usual_and_is_audited(case: BusinessCase, tenant_a: Tenant) -> None:
    assert [(o.name, o.is_business_as_usual) for o in case.options.all()] == [("Business as usual", True)]
    models = set(
        AuditEntry.objects.filter(initiative_id=tenant_a.initiative.pk).values_list(
            "content_type__model", flat=True
        )
    )
    assert {"businesscase", "option"} <= models


def test_calculation_stores_inputs_results_and_matches_the_excel_example(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    # given: Microsoft's NPV example as an option (10%: -10,000 after a year, then 3,000, 4,200, 6,800)
    editor = tenant_a.users["editor"]
    option = services.option_create(user=editor, case=case, data={"name": "New system"})
    add(case, editor, option, "cost", "capital", "Outlay", 1, 10000)
    for year, amount in ((2, 3000), (3, 4200), (4, 6800)):
        add(case, editor, option, "benefit", "cashable_savings", "Savings", year, amount)
    # when
    run = services.business_case_calculate(user=editor, case=case)
    # then
    rows = {row["name"]: row for row in run.results["options"]}
    assert D(rows["New system"]["npv"]) == D("1188.44")
    assert rows["New system"]["incremental"]["npv"] == rows["New system"]["npv"]  # business as usual is empty
    assert run.results["highest_npv"] == "New system"
    assert run.iterations == 0 and run.seed is None  # no ranges, nothing to simulate
    assert run.inputs["settings"]["discount_rate"] == "0.1000"
    assert len(run.inputs["lines"]) == 4


def test_ranges_trigger_a_seeded_simulation_that_reproduces(case: BusinessCase, tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    option = services.option_create(user=editor, case=case, data={"name": "Cloud"})
    add(case, editor, option, "cost", "capital", "Migration", 0, 1000, low=D(800), high=D(1600))
    add(case, editor, option, "benefit", "avoided_costs", "Servers", 1, 1200, low=D(900), high=D(1300))
    first = services.business_case_calculate(user=editor, case=case, iterations=2000, seed=7)
    second = services.business_case_calculate(user=editor, case=case, iterations=2000, seed=7)
    cloud = next(row for row in first.results["options"] if row["name"] == "Cloud")
    assert first.results["options"] == second.results["options"]
    assert cloud["simulation"]["p10"] <= cloud["simulation"]["p50"] <= cloud["simulation"]["p90"]
    assert [bar["item"] for bar in cloud["tornado"]] == ["Migration", "Servers"]
    # the ranking's switching value: Cloud leads business as usual (NPV 0) until Servers fall to this share
    (servers,) = [v for v in first.results["preference_switching_values"] if v["item"] == "Servers"]
    assert (servers["option"], servers["rival"]) == ("Cloud", "Business as usual")
    assert D(servers["multiplier"]) == round(D(1000) / (D(1200) / D("1.1")), 4)  # 10% discount rate


def test_optimism_bias_uplifts_capital_before_the_appraisal(case: BusinessCase, tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    services.business_case_update(
        user=editor,
        case=case,
        expected_version=1,
        data={"project_type": "equipment_development", "optimism_mitigation": D("0.5")},
    )
    option = services.option_create(user=editor, case=case, data={"name": "New"})
    add(case, editor, option, "cost", "capital", "Build", 0, 1000)
    run = services.business_case_calculate(user=editor, case=case)
    new = next(row for row in run.results["options"] if row["name"] == "New")
    assert D(new["pv_costs"]) == D("2000.00")  # 200% upper bound, half mitigated: +100%


def test_an_import_with_one_bad_row_writes_nothing(case: BusinessCase, tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    services.option_create(user=editor, case=case, data={"name": "New"})
    csv = (
        b"option,kind,category,name,year,amount\nNew,cost,capital,Build,0,100\nNew,cost,capital,Run,1,1.005\n"
    )
    with pytest.raises(LinesTableError) as error:
        lines_import(user=editor, case=case, content=csv, filename="lines.csv")
    assert "row 3, column 'amount'" in str(error.value)
    assert not Line.objects.exists()


def test_an_import_names_unknown_options_and_replaces_only_named_ones(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    editor = tenant_a.users["editor"]
    new = services.option_create(user=editor, case=case, data={"name": "New"})
    bau = case.options.get(is_business_as_usual=True)
    add(case, editor, bau, "cost", "legacy_maintenance", "Support", 1, 50)
    add(case, editor, new, "cost", "capital", "Old estimate", 0, 999)
    with pytest.raises(LinesTableError, match="no option named 'Typo'"):
        lines_import(
            user=editor,
            case=case,
            content=b"option,kind,category,name,year,amount\nTypo,cost,capital,B,0,1\n",
            filename="x.csv",
        )
    count = lines_import(user=editor, case=case, replace=True, filename="x.csv",
                         content=b"option,kind,category,name,year,amount\nNew,cost,capital,Build,0,100\n")  # fmt: skip
    assert count == 1
    assert list(new.lines.values_list("name", flat=True)) == ["Build"]
    assert bau.lines.count() == 1


def test_an_excel_import_reads_the_first_sheet(case: BusinessCase, tenant_a: Tenant) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    editor = tenant_a.users["editor"]
    services.option_create(user=editor, case=case, data={"name": "New"})
    book = Workbook()
    sheet = book.active
    sheet.append(["option", "kind", "category", "name", "year", "amount", "low", "high"])
    sheet.append(["New", "cost", "capital", "Build", 0, 1200.5, 1000, 1500])
    buffer = BytesIO()
    book.save(buffer)
    assert lines_import(user=editor, case=case, content=buffer.getvalue(), filename="lines.xlsx") == 1
    line = Line.objects.get()
    assert (line.amount, line.low, line.high) == (D("1200.50"), D(1000), D(1500))
    with pytest.raises(LinesTableError, match="not a readable Excel"):
        lines_import(user=editor, case=case, content=b"not a zip", filename="lines.xlsx")


def test_viewers_cannot_change_a_business_case_and_business_as_usual_stays(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    with pytest.raises(PermissionDenied):
        services.option_create(user=tenant_a.users["viewer"], case=case, data={"name": "X"})
    with pytest.raises(ValidationError):
        services.option_delete(user=tenant_a.users["editor"], option=case.options.get())
    with pytest.raises(ValidationError):
        services.business_case_create(user=tenant_a.users["editor"], initiative=tenant_a.initiative, data={
            "price_base_year": 2026, "first_year": 2026})  # fmt: skip


def test_a_snapshot_freezes_inputs_with_a_fresh_run(case: BusinessCase, tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    option = services.option_create(user=editor, case=case, data={"name": "New"})
    add(case, editor, option, "cost", "capital", "Build", 0, 100)
    services.preferred_option_set(user=editor, case=case, option=option, rationale="Only affordable option")
    frozen = services.snapshot_create(user=editor, case=case, label="For the March council meeting")
    assert frozen.stage == "strategic_outline"
    assert frozen.data["preferred_option"] == "New"
    assert frozen.run.inputs == frozen.data["inputs"]


def test_a_lognormal_range_must_start_above_zero(case: BusinessCase, tenant_a: Tenant) -> None:
    option = services.option_create(user=tenant_a.users["editor"], case=case, data={"name": "New"})
    with pytest.raises(ValidationError) as error:
        add(case, tenant_a.users["editor"], option, "cost", "licences", "Hosting", 1, 10,
            low=D(0), high=D(20), distribution="lognormal")  # fmt: skip
    assert "low" in error.value.message_dict


def test_nominal_amounts_are_deflated_to_the_price_base_year(case: BusinessCase, tenant_a: Tenant) -> None:
    # given: amounts in the money of each year, 2% inflation, prices of 2026 (year 0)
    editor = tenant_a.users["editor"]
    services.business_case_update(user=editor, case=case, expected_version=1,
                                  data={"prices": "nominal", "inflation": D("0.02")})  # fmt: skip
    option = services.option_create(user=editor, case=case, data={"name": "New"})
    add(case, editor, option, "cost", "licences", "Licences", 2, 10404)  # 10,000 in 2026 prices
    # when
    run = services.business_case_calculate(user=editor, case=case)
    # then: 10,000 real, discounted two years at 10%
    new = next(row for row in run.results["options"] if row["name"] == "New")
    assert D(new["pv_costs"]) == round(D(10000) / D("1.21"), 2)
    assert run.inputs["settings"]["prices"] == "nominal"
