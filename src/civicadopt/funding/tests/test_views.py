"""Funding pages: the home page and navigation, the catalogue (search, htmx, pagination, read-only shared
programmes, forms with conflicts), the profile, applications with their checklist, deadlines as a page
and a calendar, funding sources, and what another organisation or hostile text cannot do."""

import re
import shutil
from datetime import timedelta
from decimal import Decimal as D

from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

import pytest

from civicadopt.conftest import Tenant
from civicadopt.funding.models import Application, FundingProfile, FundingSource, MatchFunds, Programme

from . import factories

pytestmark = pytest.mark.django_db


def url(name: str, tenant: Tenant, **kwargs: object) -> str:
    return reverse(f"funding:{name}", kwargs={"org": tenant.organisation.slug, **kwargs})


def initiative_url(name: str, tenant: Tenant, **kwargs: object) -> str:
    return url(name, tenant, pk=tenant.initiative.pk, **kwargs)


def as_user(client: Client, tenant: Tenant, role: str) -> Client:
    client.force_login(tenant.users[role])
    return client


@pytest.fixture
def editor(client: Client, tenant_a: Tenant) -> Client:
    return as_user(client, tenant_a, "editor")


def ids_are_unique(page: str) -> bool:
    ids = re.findall(r'\sid="([^"]+)"', page)
    return len(ids) == len(set(ids))


# Home and navigation


def test_the_funding_address_is_the_funding_home_not_the_placeholder(
    editor: Client, tenant_a: Tenant
) -> None:
    # given
    today = timezone.localdate()
    programme = factories.shared_programme(closes=today + timedelta(days=20))
    factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    factories.application(tenant_a.initiative, tenant_a.users["editor"], programme, stage="preparing")
    # when
    response = editor.get(f"/o/{tenant_a.organisation.slug}/funding/")
    # then
    page = response.content.decode()
    assert resolve(f"/o/{tenant_a.organisation.slug}/funding/").view_name == "funding:home"
    assert response.status_code == 200 and "Coming in a later release" not in page
    assert response.context["counts"]["shared"] == 1 and response.context["counts"]["own"] == 1
    assert response.context["deadline_count"] == 1 and programme.name in page
    assert 'aria-current="page"><span>Funding</span>' in page  # the header's Funding item is current
    assert (
        url("catalogue", tenant_a) in page
        and url("profile", tenant_a) in page
        and url("deadlines", tenant_a) in page
    )
    assert initiative_url("applications", tenant_a) in page and ids_are_unique(page)
    with pytest.raises(NoReverseMatch):
        reverse("areas:funding", kwargs={"org": tenant_a.organisation.slug})


def test_the_initiative_page_links_to_its_funding_applications(editor: Client, tenant_a: Tenant) -> None:
    page = editor.get(reverse("initiatives:detail", kwargs={"org": "riverton", "pk": tenant_a.initiative.pk}))
    assert initiative_url("applications", tenant_a) in page.content.decode()


# The catalogue


def test_the_catalogue_searches_with_a_get_form_and_htmx_answers_only_the_results(
    editor: Client, tenant_a: Tenant
) -> None:
    factories.shared_programme(name="Assistance to Firefighters Grants", funder="FEMA")
    factories.shared_programme(name="Brownfields Grants", funder="EPA")
    page = editor.get(url("catalogue", tenant_a), {"q": "fema"})
    assert [p.name for p in page.context["page"]] == ["Assistance to Firefighters Grants"]
    assert "Grants.gov (shared)" in page.content.decode() and ids_are_unique(page.content.decode())
    fragment = editor.get(
        url("catalogue", tenant_a), {"q": "epa", "kind": "nonsense"}, headers={"HX-Request": "true"}
    )
    assert [p.name for p in fragment.context["page"]] == ["Brownfields Grants"]  # unknown values ignored
    assert "<html" not in fragment.content.decode() and "HX-Request" in fragment["Vary"]
    assert 'name="q" value="epa"' in fragment.content.decode()  # the download carries the search


def test_the_catalogue_is_paginated_with_a_window_of_page_numbers(editor: Client, tenant_a: Tenant) -> None:
    Programme.objects.bulk_create(
        [Programme(funder="Agency", name=f"Programme {n:03d}", source="grants.gov", opportunity_id=str(n))
         for n in range(260)]
    )  # fmt: skip
    response = editor.get(url("catalogue", tenant_a), {"order": "name", "page": 6})
    page = response.content.decode()
    assert response.context["page"][0].name == "Programme 125"
    assert 'aria-label="Page 11"' in page and 'aria-label="Page 9"' not in page and "Pages not shown" in page
    assert "order=name&amp;page=7" in page
    assert editor.get(url("catalogue", tenant_a), {"page": "999"}).context["page"].number == 11


def test_a_shared_programme_is_read_only_with_a_clear_page(editor: Client, tenant_a: Tenant) -> None:
    shared = factories.shared_programme()
    detail = editor.get(url("programme", tenant_a, programme_pk=shared.pk)).content.decode()
    assert (
        "Shared from Grants.gov" in detail
        and url("programme-update", tenant_a, programme_pk=shared.pk) not in detail
    )
    for name in ("programme-update", "programme-delete"):
        for method in (editor.get, editor.post):
            response = method(url(name, tenant_a, programme_pk=shared.pk))
            assert (
                response.status_code == 403 and "Shared programmes are read-only" in response.content.decode()
            )
    assert Programme.objects.get(pk=shared.pk).name == shared.name


def test_adding_an_own_programme_from_the_form(editor: Client, tenant_a: Tenant) -> None:
    response = editor.post(url("programme-create", tenant_a), {
        "funder": " Ohio   Department of Development ", "name": "Ohio Broadband Grant", "kind": "grant",
        "applicant_types": ["02", "99"], "categories": ["ST"], "geography": "us-oh", "award_floor": "10000",
        "award_ceiling": "500000", "match_percent": "25", "closes": "2026-09-30",
        "assistance_listings": "11.307; 97.067", "url": "https://development.ohio.gov/",
    })  # fmt: skip
    programme = Programme.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "programme", tenant_a, programme_pk=programme.pk
    )
    assert (programme.funder, programme.geography, programme.organisation) == (
        "Ohio Department of Development", "US-OH", tenant_a.organisation)  # fmt: skip
    assert programme.applicant_types == ["02", "99"] and programme.assistance_listings == ["11.307", "97.067"]
    assert programme.cost_sharing is True  # a required match is cost sharing
    page = editor.get(url("programme", tenant_a, programme_pk=programme.pk)).content.decode()
    assert (
        "City or township governments" in page
        and "25% of the project" in page
        and "Our own programme" in page
    )


def test_bad_programme_input_gets_field_errors(editor: Client, tenant_a: Tenant) -> None:
    response = editor.post(url("programme-create", tenant_a), {
        "funder": "", "name": "X", "kind": "grant", "award_floor": "10", "award_ceiling": "5",
        "assistance_listings": "ten", "geography": "Ohio", "applicant_types": ["77"], "opens": "2026-05-01",
        "closes": "2026-04-01",
    })  # fmt: skip
    errors = response.context["form"].errors
    assert {"funder", "assistance_listings", "geography", "applicant_types"} <= set(errors)
    assert not Programme.objects.exists() and ids_are_unique(response.content.decode())
    response = editor.post(url("programme-create", tenant_a), {
        "funder": "F", "name": "X", "kind": "grant", "award_floor": "10", "award_ceiling": "5"})  # fmt: skip
    assert "award_ceiling" in response.context["form"].errors


def test_a_stale_programme_edit_keeps_what_was_typed_and_shows_the_saved_version(
    editor: Client, tenant_a: Tenant
) -> None:
    programme = factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    data = {"funder": "Ohio", "name": "Mine", "kind": "grant", "version": 1}
    assert (
        editor.post(
            url("programme-update", tenant_a, programme_pk=programme.pk), {**data, "name": "Theirs"}
        ).status_code
        == 302
    )
    response = editor.post(url("programme-update", tenant_a, programme_pk=programme.pk), data)
    page = response.content.decode()
    assert "Someone else saved this programme" in page and 'value="Mine"' in page and "Theirs" in page
    assert 'name="version" value="2"' in page and Programme.objects.get().name == "Theirs"


def test_a_programme_that_applications_name_is_not_deleted(editor: Client, tenant_a: Tenant) -> None:
    programme = factories.own_programme(tenant_a.organisation, tenant_a.users["editor"])
    confirm = editor.get(url("programme-delete", tenant_a, programme_pk=programme.pk)).content.decode()
    assert 'name="version" value="1"' in confirm
    factories.application(tenant_a.initiative, tenant_a.users["editor"], programme)
    response = editor.post(
        url("programme-delete", tenant_a, programme_pk=programme.pk), {"version": 1}, follow=True
    )
    assert "Applications name this programme" in response.content.decode() and Programme.objects.exists()
    Application.objects.all().delete()
    response = editor.post(url("programme-delete", tenant_a, programme_pk=programme.pk), {"version": 1})
    assert response["Location"] == url("catalogue", tenant_a) and not Programme.objects.exists()


def test_the_programme_page_offers_to_apply_for_the_initiatives_one_may_edit(
    client: Client, tenant_a: Tenant
) -> None:
    programme = factories.shared_programme()
    start = initiative_url("application-create", tenant_a) + f"?programme={programme.pk}"
    assert (
        start
        in as_user(client, tenant_a, "contributor")
        .get(url("programme", tenant_a, programme_pk=programme.pk))
        .content.decode()
    )
    assert (
        start
        not in as_user(client, tenant_a, "viewer")
        .get(url("programme", tenant_a, programme_pk=programme.pk))
        .content.decode()
    )


# The profile


def test_every_member_reads_the_profile_and_managers_change_it(client: Client, tenant_a: Tenant) -> None:
    tenant_a.organisation.population = 48_200
    tenant_a.organisation.save()
    viewer_page = as_user(client, tenant_a, "viewer").get(url("profile", tenant_a)).content.decode()
    assert (
        "48,200" in viewer_page
        and "City or township governments" in viewer_page
        and "<form" not in viewer_page.split("</header>")[1]
    )
    manager = as_user(client, tenant_a, "manager")
    bad = manager.post(url("profile", tenant_a), {"applicant_type": "02", "region": "Ohio", "version": 1})
    assert "region" in bad.context["form"].errors
    response = manager.post(
        url("profile", tenant_a), {"applicant_type": "01", "region": "us-oh", "rural": "on", "version": 1}
    )
    assert response.status_code == 302
    assert FundingProfile.objects.values_list("applicant_type", "region", "rural").get() == (
        "01",
        "US-OH",
        True,
    )
    stale = manager.post(url("profile", tenant_a), {"applicant_type": "02", "version": 1})
    assert "Someone else changed the profile" in stale.content.decode()


def test_match_funds_rows_are_added_replaced_and_removed(client: Client, tenant_a: Tenant) -> None:
    manager = as_user(client, tenant_a, "manager")
    manager.post(url("match-funds", tenant_a), {"match-fiscal_year": 2027, "match-amount": "50000"})
    manager.post(url("match-funds", tenant_a), {"match-fiscal_year": 2027, "match-amount": "65000"})
    manager.post(url("match-funds", tenant_a), {"match-fiscal_year": 2028, "match-amount": "10000"})
    assert list(MatchFunds.objects.values_list("fiscal_year", "amount")) == [
        (2027, D(65_000)),
        (2028, D(10_000)),
    ]
    bad = manager.post(url("match-funds", tenant_a), {"match-fiscal_year": 1800, "match-amount": "-1"})
    assert set(bad.context["match_form"].errors) == {"fiscal_year", "amount"} and ids_are_unique(
        bad.content.decode()
    )
    row = MatchFunds.objects.get(fiscal_year=2028)
    assert manager.post(url("match-funds-delete", tenant_a, match_pk=row.pk)).status_code == 302
    assert list(MatchFunds.objects.values_list("fiscal_year", flat=True)) == [2027]


# Applications


def test_adding_an_application_starts_from_the_catalogue(
    editor: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    # given: a programme closing 30 June 2026 and an organisation whose fiscal year starts in July
    programme = factories.shared_programme()
    theirs = factories.own_programme(tenant_b.organisation, tenant_b.users["editor"])
    # when: no programme chosen yet, the page searches the catalogue
    choose = editor.get(initiative_url("application-create", tenant_a), {"q": "block grant"})
    assert [p.pk for p in choose.context["results"]] == [programme.pk]
    assert f"?programme={programme.pk}" in choose.content.decode()
    assert (
        "results"
        in editor.get(initiative_url("application-create", tenant_a), {"programme": theirs.pk}).context
    )
    # then: with one chosen, the form starts from its closing date and that date's fiscal year
    form = editor.get(initiative_url("application-create", tenant_a), {"programme": programme.pk}).context[
        "form"
    ]
    assert form.initial["deadline"].isoformat() == "2026-06-30" and form.initial["fiscal_year"] == 2026
    assert 'value="30"' in str(form["probability"])
    response = editor.post(initiative_url("application-create", tenant_a), {
        "programme": programme.pk, "stage": "preparing", "requested": "250000", "match_committed": "25000",
        "probability": "35", "fiscal_year": 2027,
    })  # fmt: skip
    application = Application.objects.get()
    assert response.status_code == 302 and application.probability == D("0.35")
    assert application.deadline.isoformat() == "2026-06-30"  # left empty: the programme's closing date


def test_another_organisations_programme_cannot_be_smuggled_into_an_application(
    editor: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    theirs = factories.own_programme(tenant_b.organisation, tenant_b.users["editor"])
    for programme in (theirs.pk, "99999999999999999999"):
        response = editor.post(initiative_url("application-create", tenant_a), {
            "programme": programme, "stage": "identified", "requested": "1", "probability": "10",
            "fiscal_year": 2027,
        })  # fmt: skip
        assert (
            response.status_code == 200
            and "Choose a programme from the catalogue" in response.content.decode()
        )
    assert not Application.objects.exists()


def test_the_pipeline_groups_applications_by_stage_with_expected_values(
    editor: Client, tenant_a: Tenant
) -> None:
    editor_user, programme = tenant_a.users["editor"], factories.shared_programme()
    factories.application(tenant_a.initiative, editor_user, programme)  # 200,000 x 40% = 80,000
    factories.application(tenant_a.initiative, editor_user, programme, stage="awarded", requested=D(60_000))
    factories.application(tenant_a.initiative, editor_user, programme, stage="declined")
    factories.source(tenant_a.initiative, editor_user)
    response = editor.get(initiative_url("applications", tenant_a))
    page = response.content.decode()
    assert [stage.value for stage, _ in response.context["groups"]] == ["identified", "awarded", "declined"]
    assert response.context["expected"] == D("140000.00") and response.context["requested"] == D(460_000)
    assert "80,000" in page and "40%" in page and "Applications at stage: Awarded" in page
    assert "120,000" in page and initiative_url("sources", tenant_a) in page and ids_are_unique(page)


def test_a_stale_application_edit_shows_the_saved_version(editor: Client, tenant_a: Tenant) -> None:
    application = factories.application(
        tenant_a.initiative, tenant_a.users["editor"], factories.shared_programme()
    )
    data = {"stage": "preparing", "requested": "100000", "match_committed": "0", "probability": "50",
            "fiscal_year": 2027, "version": 1}  # fmt: skip
    edit = initiative_url("application-update", tenant_a, application_pk=application.pk)
    assert editor.post(edit, {**data, "stage": "submitted"}).status_code == 302
    page = editor.post(edit, {**data, "notes": "Mine"}).content.decode()
    assert "Someone else saved this application" in page and "Mine" in page and "Submitted" in page
    assert Application.objects.get().stage == "submitted"


def test_the_checklist_adds_ticks_and_removes_items_with_or_without_htmx(
    editor: Client, tenant_a: Tenant
) -> None:
    application = factories.application(
        tenant_a.initiative, tenant_a.users["editor"], factories.shared_programme()
    )
    post = initiative_url("application-checklist", tenant_a, application_pk=application.pk)
    assert editor.post(post, {"new_item": "SAM.gov registration", "version": 1}).status_code == 302
    editor.post(post, {"new_item": "Budget narrative", "version": 2})
    fragment = editor.post(
        post, {"done": ["1"], "new_item": "Letter of support", "version": 3}, headers={"HX-Request": "true"}
    )
    text = fragment.content.decode()
    assert "<html" not in text and "Checklist saved." in text and "1 of 3 items done." in text
    assert Application.objects.get().checklist[1] == {"item": "Budget narrative", "done": True}
    editor.post(post, {"done": ["1"], "remove": "0", "version": 4})
    assert [item["item"] for item in Application.objects.get().checklist] == [
        "Budget narrative",
        "Letter of support",
    ]
    stale = editor.post(
        post, {"new_item": "Late", "version": 1}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Someone else changed this application" in stale and len(Application.objects.get().checklist) == 2
    detail = editor.get(
        initiative_url("application", tenant_a, application_pk=application.pk)
    ).content.decode()
    assert 'id="checklist-done-0"' in detail and ids_are_unique(detail)


def test_a_viewer_reads_the_checklist_without_a_form(client: Client, tenant_a: Tenant) -> None:
    editor = tenant_a.users["editor"]
    application = factories.application(tenant_a.initiative, editor, factories.shared_programme())
    from civicadopt.funding import services

    services.application_checklist_set(user=editor, application=application, expected_version=1,
                                       checklist=[{"item": "Budget", "done": True}])  # fmt: skip
    page = as_user(client, tenant_a, "viewer").get(
        initiative_url("application", tenant_a, application_pk=application.pk)
    )
    text = page.content.decode()
    assert "Done: Budget" in text and "checklist-done-0" not in text


def test_deleting_an_application_asks_first(editor: Client, tenant_a: Tenant) -> None:
    application = factories.application(
        tenant_a.initiative, tenant_a.users["editor"], factories.shared_programme()
    )
    delete = initiative_url("application-delete", tenant_a, application_pk=application.pk)
    assert 'name="version" value="1"' in editor.get(delete).content.decode()
    assert editor.post(delete, {"version": 9}).status_code == 302 and Application.objects.exists()
    assert editor.post(delete, {"version": 1})["Location"] == initiative_url("applications", tenant_a)
    assert not Application.objects.exists()


# Deadlines


def test_deadlines_page_and_calendar_list_the_unsent_applications_of_the_next_90_days(
    editor: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    today, user = timezone.localdate(), tenant_a.users["editor"]
    programme = factories.shared_programme(name="Smart; City, Grant")
    soon = factories.application(tenant_a.initiative, user, programme, deadline=today + timedelta(days=12))
    factories.application(tenant_a.initiative, user, programme, deadline=today + timedelta(days=120))
    factories.application(
        tenant_a.initiative, user, programme, deadline=today + timedelta(days=5), stage="submitted"
    )
    late = factories.application(tenant_a.initiative, user, programme, deadline=today - timedelta(days=3))
    factories.application(
        tenant_b.initiative, tenant_b.users["editor"], programme, deadline=today + timedelta(days=1)
    )
    page = editor.get(url("deadlines", tenant_a))
    assert list(page.context["deadlines"]) == [soon] and list(page.context["overdue"]) == [late]
    calendar = editor.get(url("deadlines-ics", tenant_a))
    body = calendar.content.decode()
    assert (
        calendar["Content-Type"].startswith("text/calendar")
        and "attachment" in calendar["Content-Disposition"]
    )
    assert body.count("BEGIN:VEVENT") == 1 and f"UID:funding-application-{soon.pk}@testserver" in body
    assert "SUMMARY:Deadline: Smart\\; City\\, Grant (Riverton e-permitting)" in body
    assert f"DTSTART;VALUE=DATE:{soon.deadline:%Y%m%d}" in body


# Funding sources


def test_funding_sources_are_added_edited_and_removed(editor: Client, tenant_a: Tenant) -> None:
    add = {"kind": "partner", "name": "County", "fiscal_year": 2027, "amount": "40000"}
    assert editor.post(initiative_url("sources", tenant_a), add).status_code == 302
    editor.post(initiative_url("sources", tenant_a), {**add, "name": "General fund", "kind": "own_budget",
                                                      "amount": "60000", "committed": "on"})  # fmt: skip
    page = editor.get(initiative_url("sources", tenant_a))
    assert page.context["years"] == [{"fiscal_year": 2027, "total": D(100_000), "committed": D(60_000)}]
    assert "Not yet" in page.content.decode() and ids_are_unique(page.content.decode())
    source = FundingSource.objects.get(name="County")
    edit = initiative_url("source-update", tenant_a, source_pk=source.pk)
    assert editor.post(edit, {**add, "amount": "45000", "committed": "on"}).status_code == 302
    assert FundingSource.objects.get(pk=source.pk).amount == D(45_000)
    bad = editor.post(edit, {**add, "fiscal_year": 1900})
    assert "fiscal_year" in bad.context["form"].errors
    assert editor.post(initiative_url("source-delete", tenant_a, source_pk=source.pk)).status_code == 302
    assert list(FundingSource.objects.values_list("name", flat=True)) == ["General fund"]


# Isolation and hostile text


def test_another_organisations_records_are_404_in_your_own_address(
    client: Client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    b_editor = tenant_b.users["editor"]
    programme = factories.own_programme(tenant_b.organisation, b_editor)
    application = factories.application(tenant_b.initiative, b_editor, programme)
    source = factories.source(tenant_b.initiative, b_editor)
    client.force_login(tenant_a.users["admin"])
    for address in (
        url("programme", tenant_a, programme_pk=programme.pk),
        url("programme-update", tenant_a, programme_pk=programme.pk),
        url("applications", tenant_a, pk=tenant_b.initiative.pk),
        url("application", tenant_a, pk=tenant_a.initiative.pk, application_pk=application.pk),
        url("source-update", tenant_a, pk=tenant_a.initiative.pk, source_pk=source.pk),
        url("catalogue", tenant_b),
    ):
        assert client.get(address).status_code == 404, address
    catalogue = client.get(url("catalogue", tenant_a), {"q": "broadband"})
    assert not catalogue.context["page"].object_list


def test_hostile_text_is_escaped_and_only_web_addresses_become_links(
    editor: Client, tenant_a: Tenant
) -> None:
    hostile = "<script>alert(1)</script>"
    programme = factories.shared_programme(
        name=hostile, funder='"><img src=x onerror=alert(2)>', description=hostile, url="javascript:alert(3)",
        closes=timezone.localdate() + timedelta(days=3),
    )  # fmt: skip
    user = tenant_a.users["editor"]
    application = factories.application(tenant_a.initiative, user, programme, notes=hostile)
    factories.source(tenant_a.initiative, user, name=hostile)
    from civicadopt.funding import services

    services.application_checklist_set(user=user, application=application, expected_version=1,
                                       checklist=[{"item": hostile}])  # fmt: skip
    pages = [
        url("catalogue", tenant_a), url("programme", tenant_a, programme_pk=programme.pk), url("home", tenant_a),
        url("deadlines", tenant_a), initiative_url("applications", tenant_a), initiative_url("sources", tenant_a),
        initiative_url("application", tenant_a, application_pk=application.pk),
    ]  # fmt: skip
    for address in pages:
        text = editor.get(address).content.decode()
        assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text, address
        assert "<img src=x" not in text and 'href="javascript:' not in text, address


# Accessibility in a real browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium and npm's axe-core")
def test_the_funding_pages_have_no_axe_violations(
    live_server, tenant_a: Tenant, client: Client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Every funding page with data in it, a form with errors and the checklist after an htmx swap,
    checked by axe-core (WCAG 2.1 A and AA) with no Content-Security-Policy error."""
    from django.conf import settings

    from civicadopt.funding import services
    from civicadopt.tests.test_accessibility import AXE, CHROMIUM_FLAGS, axe_violations

    if not AXE.exists():
        pytest.skip("needs npm's axe-core")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    # given: a catalogue of two pages, applications at several stages, a checklist, sources, match funds
    admin, today = tenant_a.users["admin"], timezone.localdate()
    Programme.objects.bulk_create(
        [Programme(funder="Agency", name=f"Programme {n}", source="grants.gov", opportunity_id=str(n),
                   closes=today + timedelta(days=n)) for n in range(30)]
    )  # fmt: skip
    shared = factories.shared_programme(closes=today - timedelta(days=1), url="https://www.grants.gov/")
    own = factories.own_programme(tenant_a.organisation, admin, closes=today + timedelta(days=20))
    application = factories.application(tenant_a.initiative, admin, own, stage="preparing")
    factories.application(
        tenant_a.initiative, admin, shared, stage="awarded", deadline=today - timedelta(days=9)
    )
    services.application_checklist_set(user=admin, application=application, expected_version=1,
                                       checklist=[{"item": "Budget", "done": True}, {"item": "Letter"}])  # fmt: skip
    source = factories.source(tenant_a.initiative, admin)
    services.match_funds_set(user=admin, organisation=tenant_a.organisation, fiscal_year=2027, amount=D(5000))
    client.force_login(admin)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    base = live_server.url
    pages = [url(name, tenant_a) for name in ("home", "catalogue", "programme-create", "catalogue-import", "profile",
                                              "deadlines")]  # fmt: skip
    pages += [
        url(name, tenant_a, programme_pk=own.pk)
        for name in ("programme", "programme-update", "programme-delete")
    ]
    pages += [url("programme-update", tenant_a, programme_pk=shared.pk)]  # the read-only page (403)
    pages += [initiative_url(name, tenant_a) for name in ("applications", "application-create", "sources")]
    pages += [initiative_url("application-create", tenant_a) + "?q=programme",
              initiative_url("application-create", tenant_a) + f"?programme={own.pk}",
              initiative_url("source-update", tenant_a, source_pk=source.pk)]  # fmt: skip
    pages += [initiative_url(name, tenant_a, application_pk=application.pk)
              for name in ("application", "application-update", "application-delete")]  # fmt: skip
    found: dict[str, object] = {}
    csp: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS)
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
                page.goto(base + path)
                found[path] = axe_violations(page)
            # a form sent with errors
            page.goto(base + url("programme-create", tenant_a))
            page.fill("#id_award_floor", "10")
            page.fill("#id_award_ceiling", "5")
            page.click("main form button[type=submit]")
            page.wait_for_load_state()
            assert page.locator(".usa-error-message").count() >= 1
            found["programme form with errors"] = axe_violations(page)
            # the catalogue filtered in place, and the checklist after an htmx swap
            page.goto(base + url("catalogue", tenant_a))
            with page.expect_response(lambda response: "kind=grant" in response.url):
                page.select_option("#id_kind", "grant")
            page.wait_for_timeout(200)
            found["catalogue after htmx"] = axe_violations(page)
            page.goto(base + initiative_url("application", tenant_a, application_pk=application.pk))
            page.fill("#id_new_item", "Maps")
            with page.expect_response(lambda response: "checklist" in response.url):
                page.click("#checklist-panel button:has-text('Save the checklist')")
            page.wait_for_timeout(200)
            assert "Checklist saved." in page.inner_text("#checklist-panel")
            found["checklist after htmx"] = axe_violations(page)
        finally:
            browser.close()
    # then
    assert {path: v for path, v in found.items() if v} == {}
    assert csp == []
