"""The Gantt and plan pages in a real Chromium: switching the zoom, the task table and the chart rows
staying aligned as the two scroll together, "Add below" swapped in by htmx, and axe-core (WCAG 2.1 A and
AA) with no violations and no CSP errors on each."""

import shutil
from typing import Any

from django.conf import settings
from django.urls import reverse

import pytest

from civicadopt.conftest import Tenant
from civicadopt.tests.test_accessibility import AXE, CHROMIUM_FLAGS, axe_violations

from .factories import add, make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium")

# For every task row of the table beside the chart: its vertical middle, and the middle of the bar,
# bracket or diamond drawn in the chart's row of the same index (the row's first shape after its title).
ROW_MIDDLES = """() => {
  const rows = [...document.querySelectorAll("[data-gantt-table] tbody tr")];
  const drawn = [...document.querySelectorAll("[data-gantt-chart] g.gantt-row")];
  return rows.map((row, i) => {
    const box = row.getBoundingClientRect();
    const shape = drawn[i].querySelector("rect.bar, rect.critical, path.summary, polygon.milestone");
    const mark = shape.getBoundingClientRect();
    return [box.top + box.height / 2, mark.top + mark.height / 2];
  });
}"""


def svg_width(page: Any) -> float:
    return float(page.locator("[data-gantt-chart] svg").get_attribute("width"))


@pytest.mark.skipif(CHROMIUM is None or not AXE.exists(), reason="needs Debian's chromium and npm's axe-core")
def test_zoom_scroll_together_and_no_axe_violations(
    live_server, tenant_a: Tenant, client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    # given a plan of 46 rows over about seven months, and its owner signed in
    made = make_plan(tenant_a)
    add(made["plan"], "Rollout to the departments", 0, outline_level=1)  # row 6, a phase
    for number in range(40):  # rows 7 to 46, one after the other
        add(made["plan"], f"Configure the permit workflow of department {number} with its staff", 3 + number % 5,
            predecessors="5" if number == 0 else str(6 + number), outline_level=2)  # fmt: skip
    client.force_login(tenant_a.users["contributor"])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    base = live_server.url
    kwargs = {"org": tenant_a.organisation.slug, "pk": tenant_a.initiative.pk}
    gantt = base + reverse("planning:gantt", kwargs=kwargs)
    found: dict[str, object] = {}
    csp: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
            page = context.new_page()
            page.on(
                "console",
                lambda m: m.type == "error" and "Content Security Policy" in m.text and csp.append(m.text),
            )
            # when the zoom is switched by its links (plain links: no JavaScript needed)
            assert page.goto(gantt + "?zoom=month").status == 200
            month = svg_width(page)
            found["Gantt by month"] = axe_violations(page)
            page.click("a[data-zoom=week]")
            page.wait_for_load_state()
            assert page.url.endswith("?zoom=week")
            assert page.locator("a[data-zoom=week]").get_attribute("aria-current") == "true"
            assert page.locator("a[data-zoom=month]").get_attribute("aria-current") is None
            week = svg_width(page)
            found["Gantt by week"] = axe_violations(page)
            page.click("a[data-zoom=quarter]")
            page.wait_for_load_state()
            quarter = svg_width(page)
            found["Gantt by quarter"] = axe_violations(page)
            # then the time scale changes with it
            assert week > 2 * month and month >= quarter

            # the table and the chart rows line up, and still do after scrolling their container
            page.goto(gantt + "?zoom=week")
            view = page.locator("[data-gantt-view]")
            middles = page.evaluate(ROW_MIDDLES)
            assert len(middles) == 46
            assert all(abs(table - chart) <= 1.5 for table, chart in middles), middles
            view.evaluate("element => { element.scrollTop = 500; element.scrollLeft = 900; }")
            page.wait_for_timeout(100)
            scrolled = page.evaluate(ROW_MIDDLES)
            assert scrolled[0][0] < middles[0][0] - 400  # it did scroll, the table with the chart
            assert all(abs(table - chart) <= 1.5 for table, chart in scrolled), scrolled
            table_left = page.locator("[data-gantt-table]").bounding_box()["x"]
            assert table_left == pytest.approx(view.bounding_box()["x"] + 1, abs=2)  # the names stay in view

            # the plan page, and "Add below" swapped in under a row by htmx
            plan = base + reverse("planning:plan", kwargs=kwargs)
            assert page.goto(plan).status == 200
            found["plan"] = axe_violations(page)
            with page.expect_response(lambda response: "add-below" in response.url):
                page.click(f"#task-2 a[href$='/{made['design'].pk}/add-below/']")
            page.wait_for_selector(f"#add-below-{made['design'].pk}")
            found["plan with an add-below row"] = axe_violations(page)
            below = reverse("planning:task-add-below", kwargs={**kwargs, "task_pk": made["design"].pk})
            assert page.goto(base + below).status == 200  # the same form as a page, without JavaScript
            page.click("main button[type=submit]")  # empty: every required field is named
            page.wait_for_load_state()
            assert page.locator("[data-error-summary]").is_visible()
            found["add below, with errors"] = axe_violations(page)
            progress = base + reverse("planning:progress", kwargs=kwargs)
            assert page.goto(progress).status == 200
            found["progress"] = axe_violations(page)
            page.fill(f"#id_t{made['design'].pk}-percent_complete", "150")
            page.click("main button[type=submit]:has-text('Save progress')")
            page.wait_for_load_state()
            assert page.locator("[data-error-summary]").is_visible()
            found["progress with errors"] = axe_violations(page)
        finally:
            browser.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert csp == []
