"""The risk pages in a real Chromium, checked by axe-core (WCAG 2.1 A and AA) and for CSP errors: as
loaded, with form errors, and after htmx swaps the filtered register in place."""

import shutil
from datetime import timedelta
from decimal import Decimal as D

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

import pytest

from civicadopt.conftest import Tenant
from civicadopt.tests.test_accessibility import AXE, CHROMIUM_FLAGS, axe_violations

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium")


@pytest.mark.skipif(CHROMIUM is None or not AXE.exists(), reason="needs Debian's chromium and npm's axe-core")
def test_the_risk_pages_have_no_axe_violations(live_server, tenant_a: Tenant, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    # given a register with every kind of risk, and a signed-in admin
    admin, today = tenant_a.users["admin"], timezone.localdate()
    tasks = factories.tasks(tenant_a.initiative, 1, 2)
    risk = factories.risk(tenant_a.initiative, admin, review_date=today - timedelta(days=2), tasks=[tasks[1]],
                          owner=tenant_a.users["editor"], residual_probability=D("0.1"), mitigation_cost=D(900))  # fmt: skip
    factories.risk(tenant_a.initiative, admin, title="Vendor late", probability=D("0.9"), cost_most_likely=D(10**6),
                   owner_name="Vendor PM", status="occurred")  # fmt: skip
    factories.risk(tenant_a.initiative, admin, title="Flood", probability=D("0.05"), status="closed")
    client.force_login(admin)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    base = live_server.url
    kwargs = {"org": tenant_a.organisation.slug, "pk": tenant_a.initiative.pk}
    pages = [reverse(f"risks:{name}", kwargs=kwargs) for name in ("register", "create", "import", "matrix")]
    pages += [
        reverse(f"risks:{name}", kwargs={**kwargs, "risk_pk": risk.pk})
        for name in ("detail", "update", "delete")
    ]
    found: dict[str, object] = {}
    csp: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context()
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
            page = context.new_page()
            page.on(
                "console",
                lambda m: m.type == "error" and "Content Security Policy" in m.text and csp.append(m.text),
            )
            # when: each page as loaded
            for path in pages:
                assert page.goto(base + path).status == 200, path
                found[path] = axe_violations(page)
            # a form sent with errors
            page.goto(base + pages[1])
            page.fill("#id_probability", "150")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            assert page.locator(".usa-error-message").count() >= 2
            found["create with errors"] = axe_violations(page)
            # the register filtered in place by htmx
            page.goto(base + pages[0])
            with page.expect_response(lambda response: "status=open" in response.url):
                page.select_option("#id_status", "open")
            page.wait_for_timeout(200)
            assert "status=open" in page.url
            found["register after htmx"] = axe_violations(page)
        finally:
            browser.close()
    # then
    assert {path: v for path, v in found.items() if v} == {}
    assert csp == []
