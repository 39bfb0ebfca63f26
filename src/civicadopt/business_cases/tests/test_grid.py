"""The lines grid: one POST saves an option's costs and benefits by year, all or nothing, audited."""

from decimal import Decimal as D
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.amount_grid import parse_amount, read_fill, read_grid
from civicadopt.audit.models import AuditEntry
from civicadopt.business_cases import services
from civicadopt.business_cases.grid import clean_line_key, lines_grid, lines_grid_save
from civicadopt.business_cases.models import BusinessCase, Line, Option
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def option(tenant_a: Tenant) -> Option:
    editor = tenant_a.users["editor"]
    case = services.business_case_create(
        user=editor, initiative=tenant_a.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = services.option_create(user=editor, case=case, data={"name": "Cloud"})
    for year, amount in ((1, 100), (2, 100)):
        services.line_create(user=editor, option=option, data={
            "kind": "cost", "category": "licences", "name": "Subscription", "year": year, "amount": D(amount)})  # fmt: skip
    services.line_create(user=editor, option=option, data={
        "kind": "benefit", "category": "avoided_costs", "name": "Servers", "year": 1, "amount": D(50),
        "low": D(40), "high": D(60)})  # fmt: skip
    return option


def posted(option: Option, **cells: str) -> dict[str, Any]:
    """The grid's form as the browser sends it, with ``cells`` ({"r0-c1": "120"}) changed."""
    grid = lines_grid(option)
    grid.add_blank_rows()
    data: dict[str, Any] = {"rows": str(grid.row_count), "fingerprint": grid.fingerprint}
    for row in grid.view_rows():
        for cell in row["cells"]:
            data[cell["name"]] = cell["value"]
        for key in row["keys"]:
            data[key["name"]] = key["value"]
    return data | cells


def stored(option: Option) -> list[tuple[str, int, D]]:
    return sorted(option.lines.values_list("name", "year", "amount"))


def save(user: Any, option: Option, data: dict[str, Any]) -> int:
    grid = read_grid(data, grid=lines_grid(option), clean_key=clean_line_key)
    assert grid.problems == []
    return lines_grid_save(user=user, option=option, grid=grid)


def test_the_grid_has_a_row_per_line_and_a_column_per_year(option: Option) -> None:
    grid = lines_grid(option)
    assert [c.value for c in grid.columns] == list(range(11))  # year 0 to year 10
    assert [(r.key["kind"], r.key["name"]) for r in grid.rows] == [
        ("cost", "Subscription"), ("benefit", "Servers"),
    ]  # fmt: skip
    assert grid.rows[0].cells == {1: "100", 2: "100"}
    totals = {t.label: sums for t, sums in grid.total_values()}
    assert totals["Total costs"][:3] == [D(0), D(100), D(100)]
    assert totals["Net benefit (benefits minus costs)"][:3] == [D(0), D(-50), D(-100)]


def test_one_save_creates_changes_and_removes_lines_with_an_audit_entry_each(
    option: Option, tenant_a: Tenant
) -> None:
    # given: Subscription year 1 changed, year 2 emptied, year 3 added; a new row "Staff time"
    data = posted(option, **{"r0-c1": "120", "r0-c2": "", "r0-c3": "1,000.50",
                            "r2-name": "Staff time", "r2-kind": "cost", "r2-category": "staff_time", "r2-c0": "$75"})  # fmt: skip
    before = AuditEntry.objects.count()
    # when
    changed = save(tenant_a.users["editor"], option, data)
    # then
    assert changed == 4
    assert stored(option) == [
        ("Servers", 1, D("50.00")), ("Staff time", 0, D("75.00")),
        ("Subscription", 1, D("120.00")), ("Subscription", 3, D("1000.50")),
    ]  # fmt: skip
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert sorted(actions) == ["create", "create", "delete", "update"]


def test_every_bad_cell_is_reported_by_row_and_year_and_nothing_is_saved(
    option: Option, tenant_a: Tenant
) -> None:
    # given: two unreadable cells and a new row without a name
    data = posted(option, **{"r0-c1": "12O", "r0-c4": "-5", "r2-kind": "cost", "r2-c2": "10"})
    # when
    grid = read_grid(data, grid=lines_grid(option), clean_key=clean_line_key)
    # then
    messages = [(p.target, p.label, p.message) for p in grid.problems]
    assert (
        "cell-0-1",
        "Subscription, Year 1",
        "“12O” is not an amount: enter a number such as 12500 or 12,500.00.",
    ) in messages
    assert (
        "cell-0-4",
        "Subscription, Year 4",
        "Enter zero or more: a cost or a benefit is never negative.",
    ) in messages
    assert {target for target, _label, _message in messages} >= {"id_r2-name", "id_r2-category"}
    assert len(messages) == 4


def test_a_cell_outside_its_lines_range_fails_the_whole_save(option: Option, tenant_a: Tenant) -> None:
    # given: Servers has a 40-60 range; 70 is outside it, and Subscription year 1 changes too
    data = posted(option, **{"r1-c1": "70", "r0-c1": "999"})
    grid = read_grid(data, grid=lines_grid(option), clean_key=clean_line_key)
    # when
    with pytest.raises(ValidationError) as error:
        lines_grid_save(user=tenant_a.users["editor"], option=option, grid=grid)
    # then: the problem names the cell, and the other change was not saved either
    assert list(error.value.message_dict) == ["r1-c1"]
    assert ("Subscription", 1, D("100.00")) in stored(option)


def test_a_grid_loaded_before_someone_elses_change_is_refused(option: Option, tenant_a: Tenant) -> None:
    # given
    data = posted(option, **{"r0-c1": "300"})
    services.line_create(user=tenant_a.users["admin"], option=option, data={
        "kind": "cost", "category": "training", "name": "Training", "year": 0, "amount": D(9)})  # fmt: skip
    grid = read_grid(data, grid=lines_grid(option), clean_key=clean_line_key)
    # when
    with pytest.raises(ValidationError) as error:
        lines_grid_save(user=tenant_a.users["editor"], option=option, grid=grid)
    # then
    assert error.value.code == "conflict"
    assert ("Subscription", 1, D("100.00")) in stored(option)


def test_a_viewer_may_not_save_a_grid(option: Option, tenant_a: Tenant) -> None:
    grid = read_grid(posted(option), grid=lines_grid(option), clean_key=clean_line_key)
    with pytest.raises(PermissionDenied):
        lines_grid_save(user=tenant_a.users["viewer"], option=option, grid=grid)


def test_two_lines_in_one_year_are_shown_summed_and_left_alone(option: Option, tenant_a: Tenant) -> None:
    # given: a second Subscription line in year 1
    services.line_create(user=tenant_a.users["editor"], option=option, data={
        "kind": "cost", "category": "licences", "name": "Subscription", "year": 1, "amount": D(5)})  # fmt: skip
    grid = lines_grid(option)
    assert grid.rows[0].cells[1] == "105" and 1 in grid.rows[0].locked
    # when: the posted value for the locked cell is ignored
    save(tenant_a.users["editor"], option, posted(option, **{"r0-c1": "1", "r0-c2": "7"}))
    # then
    assert option.lines.filter(name="Subscription", year=1).count() == 2
    assert ("Subscription", 2, D("7.00")) in stored(option)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), (" 1,234.5 ", D("1234.50")), ("$12", D("12.00")), ("0", D("0.00")), ("1.230", D("1.23"))],
)
def test_amounts_are_read_as_people_type_and_paste_them(text: str, expected: D | None) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["1.234", "abc", "(5)", "1e5", "12345678901234567"])
def test_other_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_the_recurring_fill_without_javascript_fills_from_the_first_to_the_last_year(option: Option) -> None:
    # given
    grid = read_grid(posted(option), grid=lines_grid(option), clean_key=clean_line_key)
    data = {"fill-row": "0", "fill-first": "1", "fill-last": "10", "fill-amount": "20000", "fill-growth": "3"}
    # when
    fill, problems = read_fill(data, grid)
    assert problems == [] and fill is not None
    fill.apply(grid)
    # then
    assert grid.rows[0].cells[1] == "20000"
    assert grid.rows[0].cells[3] == "21218"
    assert grid.rows[0].cells[10] == "26095.46"
    assert grid.rows[0].cells.get(0, "") == ""


def test_a_bad_fill_names_each_field(option: Option) -> None:
    grid = read_grid(posted(option), grid=lines_grid(option), clean_key=clean_line_key)
    fill, problems = read_fill(
        {"fill-row": "0", "fill-first": "5", "fill-last": "2", "fill-amount": "x"}, grid
    )
    assert fill is None
    assert {p.target for p in problems} == {"id_fill-amount", "id_fill-last"}


# The page ------------------------------------------------------------------------------------------


def grid_url(option: Option) -> str:
    case = option.business_case
    return reverse(
        "business_cases:line-grid",
        kwargs={"org": "riverton", "pk": case.initiative_id, "option_pk": option.pk},
    )


def test_the_page_draws_an_accessible_table_of_inputs(
    client: Client, option: Option, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.users["editor"])
    page = client.get(grid_url(option)).content.decode()
    assert '<th scope="col" class="text-right">Year 3</th>' in page
    assert 'name="r0-c3" id="cell-0-3" value="" aria-label="Subscription, Year 3"' in page
    assert 'aria-label="Subscription, Year 1"' in page and 'value="100"' in page
    assert "data-error-summary" not in page


def test_a_failed_save_answers_400_with_the_error_summary_linking_to_each_cell(
    client: Client, option: Option, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.users["editor"])
    response = client.post(
        grid_url(option), posted(option, **{"r0-c1": "lots", "r1-c2": "-1"}) | {"action": "save"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#cell-0-1"' in page and 'href="#cell-1-2"' in page
    assert 'value="lots"' in page  # what was typed stays
    assert stored(option)[1] == ("Subscription", 1, D("100.00"))


def test_a_good_save_redirects_and_the_totals_are_the_saved_ones(
    client: Client, option: Option, tenant_a: Tenant
) -> None:
    client.force_login(tenant_a.users["editor"])
    response = client.post(grid_url(option), posted(option, **{"r0-c1": "250"}) | {"action": "save"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Grid saved: 1 line added, changed or removed." in page
    assert ">250.00<" in page  # year 1's total costs


def test_more_years_keeps_what_was_typed(client: Client, option: Option, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["editor"])
    response = client.post(
        grid_url(option), posted(option, **{"r0-c1": "777"}) | {"action": "more", "through": "10"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Year 15" in page and 'value="777"' in page
    assert stored(option)[1] == ("Subscription", 1, D("100.00"))


def test_another_organisations_option_is_404(client: Client, option: Option, tenant_b: Tenant) -> None:
    client.force_login(tenant_b.users["admin"])
    assert client.get(grid_url(option)).status_code == 404
    assert Line.objects.count() == 3
    assert BusinessCase.objects.count() == 1


def test_the_grid_stops_at_the_end_of_the_appraisal_period(
    client: Client, option: Option, tenant_a: Tenant
) -> None:
    # given: a 12-year appraisal
    case = option.business_case
    case.horizon_years = 12
    case.save()
    client.force_login(tenant_a.users["editor"])
    # when
    first = client.get(grid_url(option)).content.decode()
    more = client.post(
        grid_url(option), posted(option) | {"action": "more", "through": "10"}
    ).content.decode()
    # then
    assert "Year 10</th>" in first and "Year 11</th>" not in first and 'value="more"' in first
    assert "Year 12</th>" in more and "Year 13</th>" not in more and 'value="more"' not in more


def test_values_land_on_the_row_they_were_typed_in_even_if_the_rows_moved(
    option: Option, tenant_a: Tenant
) -> None:
    # given: the grid as loaded, then a line sorted before Subscription added by someone else
    data = posted(option, **{"r0-c3": "333"})
    services.line_create(user=tenant_a.users["admin"], option=option, data={
        "kind": "cost", "category": "capital", "name": "Build", "year": 0, "amount": D(9)})  # fmt: skip
    # when
    grid = read_grid(data, grid=lines_grid(option), clean_key=clean_line_key)
    # then: row 0 is still Subscription (by its posted key), and the stale grid is refused on save
    assert grid.rows[0].key["name"] == "Subscription" and grid.rows[0].amounts[3] == D("333.00")
    with pytest.raises(ValidationError):
        lines_grid_save(user=tenant_a.users["editor"], option=option, grid=grid)
