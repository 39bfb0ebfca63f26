"""The "Web page (HTML)" report opens in the browser, so it is a page: axe-core finds no WCAG 2.1 AA
violation in it (the crawl of the application skips downloads and leaves them to this test)."""

import pytest

from civicadopt.reports.registry import render
from civicadopt.tests.test_accessibility import axe_violations, browser  # noqa: F401 - the fixture

from .factories import sample_report
from .test_layout import money_table, report

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "make", [sample_report, lambda: report(money_table(3), money_table(14, "Split"))], ids=["sample", "wide"]
)
def test_the_html_report_has_no_wcag_aa_violations(browser, make) -> None:  # noqa: F811
    page = browser.new_page()
    try:
        page.set_content(render(make(), "html").content.decode("utf-8"))
        assert axe_violations(page) == []
    finally:
        page.close()
