"""Numbers a council will not misread: a money-losing preferred option says so and why, no bare
"none", and business as usual shows no return (it is the baseline)."""

from decimal import Decimal as D

import pytest

from civicadopt.business_cases import services
from civicadopt.business_cases.models import BusinessCase
from civicadopt.business_cases.presentation import results_context
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


def make_case(tenant: Tenant, *, benefit: int, rationale: str = ""):  # type: ignore[no-untyped-def]
    editor = tenant.users["editor"]
    case = services.business_case_create(
        user=editor, initiative=tenant.initiative,
        data={"price_base_year": 2026, "first_year": 2026, "discount_rate": D("0.035")},
    )  # fmt: skip
    bau = case.options.get(is_business_as_usual=True)
    services.line_create(user=editor, option=bau, data={
        "kind": "cost", "category": "legacy_maintenance", "name": "Old system", "year": 1, "amount": D(100),
    })  # fmt: skip
    option = services.option_create(user=editor, case=case, data={"name": "New permits system"})
    for data in (
        {"kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": D(10000)},
        {
            "kind": "benefit",
            "category": "cashable_savings",
            "name": "Savings",
            "year": 1,
            "amount": D(benefit),
        },
    ):
        services.line_create(user=editor, option=option, data=data)
    services.preferred_option_set(user=editor, case=case, option=option, rationale=rationale)
    case = BusinessCase.objects.select_related("preferred_option", "initiative__organisation").get(pk=case.pk)
    return case, services.business_case_calculate(user=editor, case=case)


def test_a_preferred_option_with_negative_npv_says_so_in_plain_words_and_why(tenant_a: Tenant) -> None:
    # given: 10,000 now for 4,000 of savings next year, 3.5%, against business as usual (100 in year 1)
    case, run = make_case(tenant_a, benefit=4000, rationale="It meets the state's accessibility duty.")
    verdict = results_context(case, run, charts=False)["verdict"]
    # then: incremental NPV = -10,000 + (4,000 + 100) / 1.035 = -6,038.65, said in words with its reason
    assert verdict == (
        "New permits system costs more than it saves compared with business as usual: over 2 years, "
        "discounted at 3.5% a year, its extra costs exceed its extra benefits by $6,039 in today's money. "
        "It is still preferred because: It meets the state's accessibility duty."
    )


def test_without_a_rationale_the_verdict_asks_for_one(tenant_a: Tenant) -> None:
    case, run = make_case(tenant_a, benefit=4000)
    assert "say which under “Why this option”" in results_context(case, run, charts=False)["verdict"]


def test_a_preferred_option_that_adds_value_needs_no_warning(tenant_a: Tenant) -> None:
    case, run = make_case(tenant_a, benefit=20000)
    assert results_context(case, run, charts=False)["verdict"] == ""


def test_business_as_usual_shows_no_return_and_missing_ratios_are_explained(tenant_a: Tenant) -> None:
    case, run = make_case(tenant_a, benefit=4000)
    rows = {
        row["measure"].key: row["cells"] for row in results_context(case, run, charts=False)["measure_rows"]
    }
    names = [option["name"] for option in run.results["options"]]
    bau = names.index("Business as usual")
    for key in ("bcr", "roi", "irr", "payback_years", "discounted_payback_years"):
        assert rows[key][bau] == "Not applicable: the baseline"
    assert rows["npv"][bau] == "-$97"  # its own figures stay: 100 / 1.035
    new = names.index("New permits system")
    assert rows["payback_years"][new] == "Not paid back within the 2 years of the appraisal."
    assert all("none" not in cell for cells in rows.values() for cell in cells)


def test_the_provenance_sentence_is_in_plain_words_and_the_organisations_time(tenant_a: Tenant) -> None:
    # given: a run stored at 02:15 UTC on 8 Dec 2026, read in Chicago (20:15 on the 7th)
    import datetime as dt

    from django.utils import timezone

    from civicadopt.business_cases.models import CalculationRun
    from civicadopt.business_cases.presentation import provenance

    _case, run = make_case(tenant_a, benefit=5000)
    CalculationRun.objects.filter(pk=run.pk).update(created_at=dt.datetime(2026, 12, 8, 2, 15, tzinfo=dt.UTC))
    run.refresh_from_db()
    # when
    with timezone.override("America/Chicago"):
        text = provenance(run, "US")
    # then: the organisation's day and hour, the method in words, no code name
    assert f"Calculation {run.pk} of Dec 7, 2026 at 20:15" in text
    assert "business-case/1" not in text and "method version 1" in text
