"""Accessibility (WCAG 2.1 AA) in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

The crawl signs in to the demo municipality as its administrator and follows every link inside the
product from the navigation, so a new page joins the crawl as soon as something links to it. Each page is
checked as loaded, and again after the interactions that change it (a form with errors, an htmx swap).
"""

import json
import os
import shutil
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from civicadopt.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[3]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Addresses the crawl does not follow: signing out ends the crawl, the API's own pages are third-party
# (Swagger UI) and machine-readable, and downloads are not pages.
SKIP_PREFIXES = ("/account/logout/", "/api/", "/static/")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium package.")
    if not AXE.exists():
        pytest.fail("axe-core is not installed: `make test` runs npm ci.")
    # Playwright's sync API runs an event loop in this thread; Django's live server is in another.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def axe_violations(page: object, selector: str | None = None) -> list[dict[str, object]]:
    """Run axe-core on the page (or one region of it) and return its WCAG 2.1 A/AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        # Evaluated through the DevTools protocol, so our Content-Security-Policy does not block it.
        page.evaluate(AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    context = json.dumps(selector) if selector else "document"
    result = page.evaluate(  # type: ignore[attr-defined]
        f"async () => await axe.run({context}, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_AA)}}}}})"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def demo_password(summary: object) -> str:
    return next(login.password for login in summary.logins if login.username == "admin")  # type: ignore[attr-defined]


def sign_in(page: object, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/account/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


PAGES_PER_URL_NAME = 5


def crawl(page: object, base: str, start: str) -> dict[str, list[dict[str, object]]]:
    """Visit every page reachable from ``start`` inside the product; return axe's violations per page.

    Pages of one URL name (say the edit page of each of 100 plan tasks) share a template: the crawl
    checks the first ``PAGES_PER_URL_NAME`` of each, so every kind of page is covered in bounded time.
    """
    from django.urls import Resolver404, resolve

    per_name: Counter[str] = Counter()
    seen: set[str] = set()
    queue: deque[str] = deque([start])
    report: dict[str, list[dict[str, object]]] = {}
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        try:
            name = resolve(urlparse(path).path).view_name
        except Resolver404:
            name = path
        per_name[name] += 1
        if per_name[name] > PAGES_PER_URL_NAME:
            continue
        response = page.goto(base + path)  # type: ignore[attr-defined]
        assert response is not None and response.status == 200, (
            f"{path} answered {response and response.status}"
        )
        report[path] = axe_violations(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):  # type: ignore[attr-defined]
            url = urlparse(urldefrag(href)[0])
            target = url.path + (f"?{url.query}" if url.query else "")
            if (
                f"{url.scheme}://{url.netloc}" == base
                and not target.startswith(SKIP_PREFIXES)
                and "page=" not in target
                and "/report." not in target  # report downloads are files, checked in the reports tests
                and "." not in url.path.rsplit("/", 1)[-1]  # other downloads (.ics, export.xml) too
                and not url.path.endswith("/export/")  # exports (?fmt=csv) are downloads as well
                and target not in seen
            ):
                queue.append(target)
    return report


def test_every_page_of_the_demo_has_no_axe_violations(browser: object, live_server: object) -> None:
    # given
    summary = load_demo()
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, base, "admin", demo_password(summary))
    # when
    report = crawl(page, base, "/")
    # then
    print(f"axe-core crawl: {len(report)} pages, {sum(map(len, report.values()))} violations")
    assert len(report) >= 20, f"the crawl reached only {sorted(report)}"
    failing = {path: violations for path, violations in report.items() if violations}
    assert failing == {}


def test_sign_in_page_and_its_error_state_have_no_axe_violations(
    browser: object, live_server: object
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/account/login/")
    assert axe_violations(page) == []
    sign_in(page, base, "nobody", "wrong password")
    assert page.locator(".usa-alert--error").count() == 1
    assert axe_violations(page) == []


def test_forms_with_errors_and_htmx_swaps_have_no_axe_violations(
    browser: object, live_server: object
) -> None:
    # given
    summary = load_demo()
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, base, "admin", demo_password(summary))
    # when: a form sent empty shows field-level errors
    page.goto(f"{base}/o/riverton/initiatives/new/")
    page.fill("#id_title", "")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # then
    assert page.locator(".usa-error-message").count() >= 2
    assert page.get_attribute("#id_title", "aria-invalid") == "true"
    assert axe_violations(page) == []
    # when: filtering the list swaps the results in place with htmx
    page.goto(f"{base}/o/riverton/initiatives/")
    with page.expect_response(lambda response: "stage=delivering" in response.url):
        page.select_option("#id_stage", "delivering")
    page.wait_for_timeout(200)  # let htmx settle the swapped region
    # then
    assert "stage=delivering" in page.url
    assert axe_violations(page, "#results") == []
    assert axe_violations(page) == []


def test_the_stage_form_refusing_a_gate_has_no_axe_violations(browser: object, live_server: object) -> None:
    # given
    summary = load_demo()
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, base, "admin", demo_password(summary))
    from civicadopt.initiatives.models import Initiative

    idea = Initiative.objects.filter(organisation__slug="riverton", stage="idea").order_by("pk").first()
    assert idea is not None
    page.goto(f"{base}/o/riverton/initiatives/{idea.pk}/stage/")
    assert axe_violations(page) == []
    # when: "funded" without a business case is refused, each missing thing named
    page.select_option("#id_stage", "funded")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # then
    assert page.locator(".usa-error-message").count() >= 2
    assert axe_violations(page) == []


def test_the_api_docs_have_no_axe_violations(browser: object, live_server: object) -> None:
    """Swagger UI is third-party, so the crawl skips /api/; its page is checked here, as loaded and with
    an operation opened (parameters with lists of values, example bodies)."""
    summary = load_demo()
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, base, "admin", demo_password(summary))
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector("#operations-initiatives-initiative_list", timeout=15000)
    assert axe_violations(page) == []
    page.click("#operations-initiatives-initiative_list .opblock-summary-control")
    page.wait_for_selector("#operations-initiatives-initiative_list tr[data-param-name=stage] select")
    page.wait_for_timeout(200)  # let the accessible names be added
    assert axe_violations(page) == []


def test_the_axe_check_does_find_violations_when_there_are_some(browser: object) -> None:
    """Guards the guard: a page with known WCAG failures must fail the same check the crawl uses."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_content('<html><body><img src="chart.png"><input type="text"><a href="#"></a></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "label", "html-has-lang"} <= found


def test_plan_inline_editing_swaps_an_accessible_form_into_the_table(
    browser: object, live_server: object
) -> None:
    # given
    summary = load_demo()
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    sign_in(page, base, "admin", demo_password(summary))
    from civicadopt.planning.models import Plan

    plan = Plan.objects.select_related("initiative").order_by("pk").first()
    assert plan is not None
    page.goto(f"{base}/o/riverton/initiatives/{plan.initiative_id}/plan/")
    # when: Edit on the second row swaps a form into the table with htmx
    with page.expect_response(lambda response: "/tasks/" in response.url):
        page.locator("#task-2 a", has_text="Edit").click()
    page.wait_for_timeout(200)
    # then
    assert page.locator("#task-2 form #edit-name").count() == 1
    assert axe_violations(page, "#tasks-region") == []
    # when: saving a loop (row 2 after itself through row 3) shows the error in place
    page.fill("#task-2 #edit-predecessors", "2")
    with page.expect_response(lambda response: "/tasks/" in response.url):
        page.locator("#task-2 button[type=submit]").click()
    page.wait_for_timeout(200)
    # then
    assert page.locator("#tasks-region .usa-error-message").count() >= 1
    assert axe_violations(page) == []
