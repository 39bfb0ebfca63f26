"""Swagger UI really runs under the production Content-Security-Policy (a real Chromium)."""

import shutil

from django.conf import settings
from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
# Without the network flags Chromium floods the closed network with calls that are refused.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.mark.skipif(CHROMIUM is None, reason="needs the Debian chromium package")
def test_swagger_ui_renders_without_csp_violations(live_server, tenant_a, client, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    # given a signed-in session
    client.force_login(tenant_a.users[Role.VIEWER])
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context()
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
            page = context.new_page()
            page.on("console", lambda message: message.type == "error" and problems.append(message.text))
            page.on("pageerror", lambda error: problems.append(str(error)))
            # when
            page.goto(live_server.url + reverse("api:api-docs"))
            # then the operations from the schema are on the page
            page.wait_for_selector("#operations-initiatives-initiative_list", timeout=15000)
        finally:
            browser.close()
    csp = [problem for problem in problems if "Content Security Policy" in problem]
    assert not csp, csp
