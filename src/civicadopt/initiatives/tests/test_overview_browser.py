"""The initiative page in a real Chromium: headline figures first with working links to each area, the
stage change refused at a gate and then overridden with a note, and a 200-letter name (the longest title) that wraps
instead of widening the page. Checked by axe-core (WCAG 2.1 A and AA) on the way."""

import os
import shutil
from collections.abc import Iterator

import pytest

from civicadopt.demo.loader import load_demo
from civicadopt.initiatives.models import Initiative, Stage
from civicadopt.tests.test_accessibility import AXE, CHROMIUM_FLAGS, axe_violations, demo_password, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium")


@pytest.fixture
def page(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    if CHROMIUM is None or not AXE.exists():
        pytest.skip("needs Debian's chromium and npm's axe-core")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    summary = load_demo()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in(page, live_server.url, "admin", demo_password(summary))
        yield page
        browser.close()


def riverton(stage: str) -> Initiative:
    initiative = Initiative.objects.filter(organisation__slug="riverton", stage=stage).order_by("pk").first()
    assert initiative is not None, f"the demo has no {stage} initiative"
    return initiative


def test_the_overview_shows_headline_figures_first_and_each_links_to_its_area(page, live_server) -> None:  # type: ignore[no-untyped-def]
    # given: the demo's e-permitting initiative has a calculated case, funding, a simulated plan and risks
    initiative = Initiative.objects.get(organisation__slug="riverton", title__startswith="Replace the 1990s")
    url = f"{live_server.url}/o/riverton/initiatives/{initiative.pk}/"
    # when
    page.goto(url)
    # then: the figures come before the stage form's button and the problem statement
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "At a glance"
    figures = {
        name: page.locator(f"#figure-{name}").inner_text()
        for name in ("stage", "case", "funding", "schedule", "risks", "milestones")
    }
    assert "Delivering" in figures["stage"]
    assert "Net present value (NPV)" in figures["case"] and "$" in figures["case"]
    assert "Benefit-cost ratio" in figures["case"]
    assert "Still to find after committed money" in figures["funding"]
    assert (
        "(P50)" in figures["schedule"]
        and "(P80)" in figures["schedule"]
        and "Reserve at P" in figures["schedule"]
    )
    assert figures["risks"].count("after response") >= 3
    assert page.locator("#figure-milestones li").count() >= 1
    assert axe_violations(page) == []
    # and every figure's link opens its page
    for name in ("case", "funding", "schedule", "risks", "milestones"):
        page.goto(url)
        link = page.locator(f"#figure-{name} a.usa-link").last
        with page.expect_navigation():
            link.click()
        assert page.locator("h1").count() == 1, f"{name}: {page.url}"
        assert f"initiatives/{initiative.pk}/" in page.url and page.url != url


def test_a_stage_change_is_refused_at_a_gate_then_overridden_with_a_note(page, live_server) -> None:  # type: ignore[no-untyped-def]
    # given: an initiative at the idea stage, with no business case
    initiative = riverton(Stage.IDEA)
    page.goto(f"{live_server.url}/o/riverton/initiatives/{initiative.pk}/")
    # when: the manager asks to move it straight to "funded"
    with page.expect_navigation():
        page.click("#stage-panel a:has-text('Change stage')")
    page.select_option("#id_stage", "funded")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # then: refused, each missing thing in plain words, nothing changed
    errors = page.locator("#id_stage-error, .usa-error-message").all_inner_texts()
    assert any("preferred option" in text for text in errors), errors
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IDEA
    # when: they tick the override and say why
    page.select_option("#id_stage", "funded")
    page.click("label[for=id_override]")  # USWDS draws the box on the label; the input is off-screen
    page.fill("#id_note", "Council voted the money on 3 March; the business case follows.")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    # then: the overview shows the new stage, and the history the override and its reason
    assert page.locator("[aria-current=step]").inner_text().startswith("Funded")
    page.click("#stage-panel summary")
    history = page.locator("#stage-panel details").inner_text()
    assert "moved on without meeting every gate" in history and "Council voted the money" in history
    initiative.refresh_from_db()
    assert initiative.stage == Stage.FUNDED
    assert initiative.stage_changes.last().overridden_gates


def test_a_200_letter_name_wraps_instead_of_widening_the_page(page, live_server) -> None:  # type: ignore[no-untyped-def]
    # given
    initiative = riverton(Stage.IDEA)
    Initiative.objects.filter(pk=initiative.pk).update(
        title="Opendataportal" * 14 + "xxxx"
    )  # 200 letters, the longest title
    for path in (
        f"/o/riverton/initiatives/{initiative.pk}/",
        "/o/riverton/initiatives/",
        "/o/riverton/reports/",
    ):
        # when
        page.goto(live_server.url + path)
        # then
        width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= viewport, f"{path} is {width}px wide in a {viewport}px window"
