"""Bounds people understand (the appraisal period, duplicate lines) and a seed kept per case, so the
figures a council saw do not change from one click of Calculate to the next."""

from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services
from civicadopt.business_cases.forms import BusinessCaseForm, LineForm
from civicadopt.business_cases.imports import LinesTableError, lines_import
from civicadopt.business_cases.models import BusinessCase, Option
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(tenant_a: Tenant) -> BusinessCase:
    return services.business_case_create(
        user=tenant_a.users["editor"], initiative=tenant_a.initiative,
        data={"price_base_year": 2026, "first_year": 2026, "discount_rate": D("0.035"), "horizon_years": 10},
    )  # fmt: skip


@pytest.fixture
def option(case: BusinessCase, tenant_a: Tenant) -> Option:
    return services.option_create(user=tenant_a.users["editor"], case=case, data={"name": "Cloud"})


def line(user, option: Option, name: str, year: int, amount: int, **extra):  # type: ignore[no-untyped-def]
    return services.line_create(user=user, option=option, data={
        "kind": "cost", "category": "capital", "name": name, "year": year, "amount": D(amount), **extra,
    })  # fmt: skip


def test_a_line_after_the_appraisal_period_is_refused_naming_the_line_and_year(
    option: Option, tenant_a: Tenant
) -> None:
    with pytest.raises(ValidationError) as raised:
        line(tenant_a.users["editor"], option, "Licences", 500, 100)
    assert raised.value.message_dict["year"] == [
        "The line “Licences” is in year 500, after the last year of the appraisal (year 10). "
        "Use a year from 0 to 10, or lengthen the appraisal period."
    ]
    line(tenant_a.users["editor"], option, "Licences", 10, 100)  # the last year itself is fine


def test_the_appraisal_period_is_at_most_60_years_by_default(case: BusinessCase) -> None:
    data = {"stage": "outline", "price_base_year": 2026, "first_year": 2026, "prices": "real", "inflation": "2",
            "schedule": "flat", "discount_rate": "3.5", "timing": "end", "optimism_mitigation": "0"}  # fmt: skip
    assert BusinessCaseForm({**data, "horizon_years": "60"}, instance=case).is_valid()
    form = BusinessCaseForm({**data, "horizon_years": "61"}, instance=case)
    assert not form.is_valid()
    assert form.errors["horizon_years"] == ["Enter an appraisal period between 1 and 60 years."]


def test_shortening_the_period_below_an_existing_line_is_refused(
    case: BusinessCase, option: Option, tenant_a: Tenant
) -> None:
    editor = tenant_a.users["editor"]
    line(editor, option, "Hardware refresh", 8, 100)
    with pytest.raises(ValidationError) as raised:
        services.business_case_update(
            user=editor, case=case, expected_version=case.version, data={"horizon_years": 5}
        )
    assert "“Hardware refresh” of Cloud is in year 8" in raised.value.message_dict["horizon_years"][0]


def test_an_import_with_a_line_after_the_period_writes_nothing(
    case: BusinessCase, option: Option, tenant_a: Tenant
) -> None:
    content = b"option,kind,category,name,year,amount\nCloud,cost,capital,Setup,0,100\nCloud,cost,capital,Late,61,5\n"
    with pytest.raises(LinesTableError) as raised:
        lines_import(user=tenant_a.users["editor"], case=case, content=content, filename="lines.csv")
    assert "Late" in str(raised.value.errors[0]) and "61" in str(raised.value.errors[0])
    assert not option.lines.exists()


def test_a_duplicate_line_is_accepted_with_a_warning_and_listed_on_the_lines_page(
    case: BusinessCase, option: Option, tenant_a: Tenant, client: Client
) -> None:
    editor = tenant_a.users["editor"]
    line(editor, option, "Licences", 1, 100)
    data = {"kind": "cost", "category": "capital", "name": "licences", "year": 1, "amount": "100",
            "distribution": "triangular"}  # fmt: skip
    form = LineForm(data, option=option)
    assert form.is_valid()
    assert form.warnings == [
        "“licences” in year 1 is now on this option more than once (same category). If it is counted twice, delete one."
    ]
    client.force_login(editor)
    url = reverse(
        "business_cases:lines", kwargs={"org": "riverton", "pk": case.initiative_id, "option_pk": option.pk}
    )
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    assert "is now on this option more than once" in page
    assert "“Licences”, year 1: 2 times" in page


def test_calculate_reuses_the_case_seed_so_repeated_clicks_give_identical_figures(
    case: BusinessCase, option: Option, tenant_a: Tenant
) -> None:
    # given: an uncertain line, so the simulation runs
    editor = tenant_a.users["editor"]
    line(editor, option, "Build", 0, 1000, low=D(800), high=D(1600))
    # when: Calculate is clicked twice
    first = services.business_case_calculate(user=editor, case=case, iterations=500)
    second = services.business_case_calculate(
        user=editor, case=BusinessCase.objects.get(pk=case.pk), iterations=500
    )
    # then: the same seed, the same simulated figures; the seed was kept on the case once, audited
    case.refresh_from_db()
    assert first.seed == second.seed == case.simulation_seed
    assert first.results == second.results
    assert AuditEntry.objects.filter(changes__has_key="simulation_seed").count() == 1
    assert case.version == 1  # keeping a seed is not an edit of the settings


def test_a_new_seed_only_on_request_audited_and_used_by_the_next_calculation(
    case: BusinessCase, option: Option, tenant_a: Tenant, client: Client
) -> None:
    editor = tenant_a.users["editor"]
    line(editor, option, "Build", 0, 1000, low=D(800), high=D(1600))
    first = services.business_case_calculate(user=editor, case=case, iterations=500)
    client.force_login(editor)
    response = client.post(
        reverse("business_cases:seed-draw", kwargs={"org": "riverton", "pk": case.initiative_id})
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.simulation_seed != first.seed
    entry = AuditEntry.objects.filter(changes__has_key="simulation_seed").latest("id")
    assert entry.changes["simulation_seed"] == [first.seed, case.simulation_seed]
    second = services.business_case_calculate(user=editor, case=case, iterations=500)
    assert second.seed == case.simulation_seed


def test_a_viewer_cannot_draw_a_new_seed(case: BusinessCase, tenant_a: Tenant) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.business_case_seed_draw(user=tenant_a.users["viewer"], case=case)


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("inflation", "-51", "Enter an inflation rate between -50% and 99.99%."),
        ("inflation", "100", "Enter an inflation rate between -50% and 99.99%."),
        ("optimism_mitigation", "101", "Enter a mitigation between 0% and 100%."),
        ("optimism_mitigation", "-1", "Enter a mitigation between 0% and 100%."),
        ("discount_rate", "26", "Enter a discount rate between -5% and 25%."),
    ],
)
def test_case_settings_are_refused_outside_their_bounds_in_percent(
    case: BusinessCase, field: str, typed: str, error: str
) -> None:
    data = {"stage": "outline", "price_base_year": 2026, "first_year": 2026, "prices": "real", "inflation": "2",
            "schedule": "flat", "discount_rate": "3.5", "timing": "end", "optimism_mitigation": "40"}  # fmt: skip
    form = BusinessCaseForm({**data, field: typed}, instance=case)
    assert not form.is_valid() and form.errors[field] == [error]


def test_case_settings_typed_in_percent_are_stored_as_fractions_and_an_unusual_rate_is_flagged(
    case: BusinessCase, tenant_a: Tenant, client: Client
) -> None:
    client.force_login(tenant_a.users["editor"])
    data = {"stage": "outline", "price_base_year": 2026, "first_year": 2026, "prices": "real", "inflation": "2.5%",
            "schedule": "flat", "discount_rate": "12", "timing": "end", "optimism_mitigation": "40",
            "version": case.version}  # fmt: skip
    url = reverse("business_cases:settings", kwargs={"org": "riverton", "pk": case.initiative_id})
    page = client.post(url, data, follow=True).content.decode()
    case.refresh_from_db()
    assert (case.inflation, case.discount_rate, case.optimism_mitigation) == (D("0.025"), D("0.12"), D("0.4"))
    assert "A discount rate of 12% is outside the usual 0% to 10%" in page


def test_the_organisations_discount_rate_is_typed_in_percent_with_the_same_bounds(
    tenant_a: Tenant, client: Client
) -> None:
    from civicadopt.accounts.models import Organisation

    client.force_login(tenant_a.users["admin"])
    url = reverse("accounts:org-settings", kwargs={"org": "riverton"})
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    refused = client.post(url, {**data, "discount_rate": "30"})
    assert refused.context["form"].errors["discount_rate"] == ["Enter a discount rate between -5% and 25%."]
    page = client.post(url, {**data, "discount_rate": "-1"}, follow=True).content.decode()
    assert Organisation.objects.get(slug="riverton").discount_rate == D("-0.01")
    assert "A discount rate of -1% is outside the usual 0% to 10%" in page


def test_the_api_keeps_fractions_with_the_same_bounds_and_shows_the_period_and_seed(
    case: BusinessCase, tenant_a: Tenant
) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(tenant_a.users["editor"])
    url = reverse("api:api-business-case-detail", kwargs={"pk": case.pk})
    refused = api.patch(url, {"discount_rate": "0.26", "version": case.version}, format="json")
    assert refused.status_code == 400 and "discount_rate" in refused.json()["error"]["fields"]
    saved = api.patch(
        url, {"discount_rate": "0.035", "horizon_years": 20, "version": case.version}, format="json"
    )
    body = saved.json()
    assert (body["discount_rate"], body["horizon_years"], body["simulation_seed"]) == ("0.0350", 20, None)
    too_long = api.patch(url, {"horizon_years": 61, "version": body["version"]}, format="json")
    assert too_long.status_code == 400
