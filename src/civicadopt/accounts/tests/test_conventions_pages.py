"""The demo's US city reads American English and US names; the UK council reads British English and the
Green Book's names; each sees times in its own time zone."""

from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.accounts.models import Organisation, User
from civicadopt.accounts.spelling import BRITISH_PATTERN
from civicadopt.demo.loader import load_demo
from civicadopt.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

CASE_PAGES = ("initiatives:detail", "business_cases:overview", "business_cases:settings",
              "business_cases:results", "planning:plan", "risks:register")  # fmt: skip


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text and the labelling attributes, no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in {"aria-label", "title", "alt"} and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(content: bytes) -> str:
    parser = VisibleText()
    parser.feed(content.decode())
    return " ".join(" ".join(parser.parts).split())


def pages(slug: str) -> dict[str, str]:
    """Return the visible text of an organisation's main pages, by address, read as its admin."""
    organisation = Organisation.objects.get(slug=slug)
    admin = User.objects.get(memberships__organisation=organisation, memberships__role="admin")
    client = Client()
    client.force_login(admin)
    initiative = Initiative.objects.filter(organisation=organisation, business_case__isnull=False).first()
    assert initiative is not None
    org, case = {"org": slug}, {"org": slug, "pk": initiative.pk}
    urls = [
        reverse(name, kwargs=org)
        for name in (
            "accounts:dashboard",
            "initiatives:list",
            "accounts:org-settings",
            "funding:home",
            "funding:catalogue",
        )
    ]
    urls += [reverse(name, kwargs=case) for name in CASE_PAGES]
    urls.append(reverse("business_cases:report", kwargs={**case, "fmt": "html"}))
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = visible(response.content)
    return texts  # fmt: skip


@pytest.fixture
def demo() -> None:
    load_demo()


def test_no_british_spelling_reaches_a_page_of_the_us_city(demo):
    # when
    texts = pages("riverton")

    # then
    found = {url: sorted({m.group(0) for m in BRITISH_PATTERN.finditer(text)}) for url, text in texts.items()}
    assert {url: words for url, words in found.items() if words} == {}
    everything = " ".join(texts.values())
    assert "Organization settings" in everything
    # the report's sections and the case's stage carry the US names
    report = next(text for url, text in texts.items() if url.endswith("report.html"))
    assert "Purpose and need" in report and "Benefit-cost analysis" in report
    assert "Strategic case" not in report and "Economic case" not in report


def test_the_uk_council_reads_british_english_and_the_green_book(demo):
    # when
    texts = pages("kestrel-vale")

    # then
    everything = " ".join(texts.values())
    assert "Organisation settings" in everything and "Organization" not in everything
    assert "Green Book" in everything
    report = next(text for url, text in texts.items() if url.endswith("report.html"))
    assert "Strategic case" in report and "Economic case" in report
    assert "Purpose and need" not in report


def test_each_organisation_sees_times_in_its_own_time_zone(demo, client):
    # given the same stored moment, 1 July 2026 at 12:00 UTC (summer time on both sides)
    from datetime import UTC, datetime

    moment = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    for slug in ("riverton", "kestrel-vale"):
        Initiative.objects.filter(organisation__slug=slug).update(updated_at=moment)

    # when each admin reads the dashboard's "recently changed" list
    shown = {}
    for slug in ("riverton", "kestrel-vale"):
        organisation = Organisation.objects.get(slug=slug)
        client.force_login(
            User.objects.get(memberships__organisation=organisation, memberships__role="admin")
        )
        shown[slug] = visible(client.get(reverse("accounts:dashboard", kwargs={"org": slug})).content)

    # then Riverton (America/Chicago) sees 7:00 AM written the American way, Kestrel Vale (Europe/London)
    # 13:00 the British way
    assert "Jul 1, 2026, 7:00 AM" in shown["riverton"], shown["riverton"]
    assert "1 Jul 2026 13:00" in shown["kestrel-vale"], shown["kestrel-vale"]
