"""Forms that show their errors, and the amount grids, in a real browser (Debian's Chromium, Playwright).

A failed form moves focus to its error summary and brings it into view, even at the foot of the demo's
47-task plan; the grids move with the arrow keys, take a block pasted from a spreadsheet, fill a
recurring amount, keep their totals live and save in one go. axe-core checks each state.
"""

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from civicadopt.demo.loader import load_demo

from .test_accessibility import CHROMIUM_FLAGS, axe_violations, demo_password, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched as for the accessibility crawl (test_accessibility.py)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def signed_in(browser: Any, live_server: Any) -> Any:
    summary = load_demo()
    page = browser.new_page(viewport=VIEWPORT)
    sign_in(page, live_server.url, "admin", demo_password(summary))
    return page


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= -1 and box["y"] + min(box["height"], 200) <= size["height"]


def focused_is(page: Any, selector: str) -> bool:
    return bool(page.evaluate(f"document.activeElement.matches({selector!r})"))


def e_permitting_plan_url() -> str:
    from django.db.models import Count

    from civicadopt.planning.models import Plan

    plan = (
        Plan.objects.annotate(n=Count("tasks"))
        .filter(initiative__organisation__slug="riverton")
        .order_by("-n")
        .select_related("initiative")
        .first()
    )
    assert plan is not None and plan.n == 47, "the demo's e-permitting plan has 47 tasks"
    return f"/o/riverton/initiatives/{plan.initiative_id}/plan/"


def test_a_failed_add_task_on_the_47_task_plan_puts_the_error_summary_in_view_and_focused(
    chromium: Any, live_server: Any
) -> None:
    # given: the foot of a long plan page, where "Add a task" sits
    page = signed_in(chromium, live_server)
    page.goto(live_server.url + e_permitting_plan_url())
    summary = "[data-error-summary]:visible"
    # when: a task without a name is added (htmx swaps the table region)
    page.fill("#id_name", "")
    page.fill("#id_duration", "3")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("#tasks-region button[type=submit]", has_text="Add task").click()
    page.wait_for_selector(summary)
    page.wait_for_timeout(300)  # htmx settles, then the summary takes focus
    # then
    assert page.evaluate("window.scrollY") > 2000, "the form is far down the page"
    assert in_viewport(page, summary)
    assert focused_is(page, "[data-error-summary]")
    assert page.locator(summary).locator("a[href='#id_name']").count() == 1
    assert axe_violations(page) == []
    # when: a named task with two predecessors that do not exist
    page.fill("#id_name", "Extra check")
    page.fill("#id_duration", "3")
    page.fill("#id_predecessors", "99; 1; 98")
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("#tasks-region button[type=submit]", has_text="Add task").click()
    page.wait_for_timeout(500)
    # then: both are listed, not only the last one
    text = page.locator(summary).inner_text()
    assert "There is no task 99 in this plan." in text and "There is no task 98 in this plan." in text
    assert in_viewport(page, summary) and focused_is(page, "[data-error-summary]")
    # when: the summary's link is followed, the field takes focus
    page.locator(summary).locator("a[href='#id_predecessors']").click()
    assert focused_is(page, "#id_predecessors")


def grid_url() -> str:
    from civicadopt.business_cases.models import Option

    option = Option.objects.filter(
        business_case__initiative__organisation__slug="riverton", name__startswith="Cloud e-permitting"
    ).get()
    return f"/o/riverton/initiatives/{option.business_case.initiative_id}/business-case/options/{option.pk}/grid/"


def paste(page: Any, selector: str, text: str) -> None:
    """Paste ``text`` into the cell as the clipboard would (a real paste needs clipboard permissions)."""
    page.focus(selector)
    page.evaluate(
        """([selector, text]) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            document.querySelector(selector).dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [selector, text],
    )


def total(page: Any, label: str, column: int) -> str:
    row = page.locator("tfoot tr", has=page.locator("th", has_text=label)).first
    return row.locator("td").nth(column).inner_text()


def test_the_cost_grid_moves_with_arrows_takes_a_paste_fills_a_recurring_amount_and_saves(
    chromium: Any, live_server: Any
) -> None:
    # given
    page = signed_in(chromium, live_server)
    page.goto(live_server.url + grid_url())
    assert axe_violations(page) == []
    first_name = page.locator("tbody tr").first.locator("th").inner_text().split("\n")[0].strip()
    assert page.get_attribute("#cell-0-3", "aria-label") == f"{first_name}, Year 3"
    # when: arrow keys
    page.focus("#cell-0-1")
    page.keyboard.press("ArrowDown")
    # then
    assert focused_is(page, "#cell-1-1")
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    assert focused_is(page, "#cell-1-2")
    page.keyboard.press("ArrowUp")
    assert focused_is(page, "#cell-0-2")
    # when: a 2 x 3 block from Excel is pasted into a new row's year 4 (with thousands separators)
    new_row = page.locator("tbody tr[data-grid-row]").count() - 3  # the first blank row
    page.fill(f"#id_r{new_row}-name", "Staff time")
    page.select_option(f"#id_r{new_row}-kind", "cost")
    page.select_option(f"#id_r{new_row}-category", "staff_time")
    costs_year_4_before = total(page, "Total costs", 4)
    paste(page, f"#cell-{new_row}-4", "1,000\t2,000\t3,000\r\n10\t20\t30\r\n")
    # then: the block spreads over this row and the next, and the totals follow
    assert [page.input_value(f"#cell-{new_row}-{y}") for y in (4, 5, 6)] == ["1,000", "2,000", "3,000"]
    assert [page.input_value(f"#cell-{new_row + 1}-{y}") for y in (4, 5, 6)] == ["10", "20", "30"]
    before = float(costs_year_4_before.replace(",", ""))
    assert float(total(page, "Total costs", 4).replace(",", "")) == before + 1000
    # when: the second pasted row (no name yet) is cleared, and a recurring amount fills the first
    for year in (4, 5, 6):
        page.fill(f"#cell-{new_row + 1}-{year}", "")
    page.locator(f"tr[data-grid-row='{new_row}'] [data-fill-row]").click()
    assert focused_is(page, "#id_fill-amount")
    page.fill("#id_fill-amount", "20000")
    page.fill("#id_fill-growth", "3")
    page.select_option("#id_fill-first", "1")
    page.select_option("#id_fill-last", "10")
    page.click("[data-fill-submit]")
    # then: year 1 to 10 compounded at 3%, filled without a round trip
    assert page.input_value(f"#cell-{new_row}-1") == "20000"
    assert page.input_value(f"#cell-{new_row}-3") == "21218"
    assert page.input_value(f"#cell-{new_row}-10") == "26095.46"
    assert page.input_value(f"#cell-{new_row}-0") == ""
    assert axe_violations(page) == []
    # when: saved
    page.click("button[name=action][value=save]")
    page.wait_for_load_state()
    # then: the saved grid shows the row and the server's totals
    assert "Grid saved" in page.locator("main").inner_text()
    row = page.locator("tbody tr", has=page.locator("th", has_text="Staff time")).first
    assert row.locator("input[aria-label='Staff time, Year 10']").input_value() == "26095.46"


def test_a_grid_with_a_bad_cell_shows_the_summary_in_view_and_its_link_reaches_the_cell(
    chromium: Any, live_server: Any
) -> None:
    # given
    page = signed_in(chromium, live_server)
    page.goto(live_server.url + grid_url())
    # when
    page.fill("#cell-0-5", "12O00")
    page.fill("#cell-1-6", "-4")
    page.click("button[name=action][value=save]")
    page.wait_for_load_state()
    page.wait_for_timeout(200)
    # then
    summary = "[data-error-summary]:visible"
    assert in_viewport(page, summary) and focused_is(page, "[data-error-summary]")
    links = page.locator(summary).locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#cell-0-5", "#cell-1-6"]
    assert page.get_attribute("#cell-0-5", "aria-invalid") == "true"
    assert axe_violations(page) == []
    # when
    links.nth(1).click()
    # then
    assert focused_is(page, "#cell-1-6")
    assert in_viewport(page, "#cell-1-6")


def test_the_funding_grid_has_no_axe_violations_and_live_totals(chromium: Any, live_server: Any) -> None:
    from civicadopt.business_cases.models import Option

    page = signed_in(chromium, live_server)
    initiative = (
        Option.objects.filter(name__startswith="Cloud e-permitting").get().business_case.initiative_id
    )
    page.goto(f"{live_server.url}/o/riverton/funding/initiatives/{initiative}/sources/grid/")
    assert axe_violations(page) == []
    before = float(total(page, "Total funding", 0).replace(",", ""))
    page.locator("tbody tr").first.locator("input[data-cell]").first.fill("")
    after = float(total(page, "Total funding", 0).replace(",", ""))
    assert after < before
