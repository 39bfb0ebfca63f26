"""Organisation administration: roles, settings, departments and goals, each audited."""

from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.accounts.models import Membership, Organisation
from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client, tenant_a: Tenant) -> Client:
    client.force_login(tenant_a.users["admin"])
    return client


def role_url(membership: Membership) -> str:
    return reverse("accounts:org-member-role", kwargs={"org": "riverton", "pk": membership.pk})


def test_changing_a_role_is_saved_and_audited_with_old_and_new_role(admin: Client, tenant_a: Tenant) -> None:
    # given
    membership = tenant_a.users["viewer"].memberships.get()
    # when
    admin.post(role_url(membership), {f"m{membership.pk}-role": "editor"})
    # then
    assert Membership.objects.get(pk=membership.pk).role == "editor"
    entry = AuditEntry.objects.get(content_type__model="membership", object_id=str(membership.pk))
    assert entry.changes == {"role": ["viewer", "editor"]}


def test_the_last_administrator_cannot_step_down(admin: Client, tenant_a: Tenant) -> None:
    # given: the admin is the organisation's only administrator
    membership = tenant_a.users["admin"].memberships.get()
    # when
    response = admin.post(role_url(membership), {f"m{membership.pk}-role": "viewer"}, follow=True)
    # then
    assert Membership.objects.get(pk=membership.pk).role == "admin"
    assert "at least one administrator" in response.content.decode()
    assert not AuditEntry.objects.filter(content_type__model="membership").exists()


def test_settings_are_saved_audited_and_a_stale_form_is_refused(admin: Client, tenant_a: Tenant) -> None:
    url = reverse("accounts:org-settings", kwargs={"org": "riverton"})
    data = {
        "name": "City of Riverton",
        "country": "us",
        "fiscal_year_start_month": 10,
        "currency": "usd",
        "discount_schedule": "green-book",
        "discount_rate": "3.5",  # in percent: people type percentages, 0.035 is stored
        "discount_rate_source": "HM Treasury Green Book 2022",
        "version": 1,
    }
    assert admin.post(url, data).status_code == 302
    organisation = Organisation.objects.get(slug="riverton")
    assert (organisation.country, organisation.currency, organisation.fiscal_year_start_month) == (
        "US",
        "USD",
        10,
    )
    entry = AuditEntry.objects.get(content_type__model="organisation")
    assert entry.changes["fiscal_year_start_month"] == [7, 10]
    # the same form sent again is now stale
    response = admin.post(url, {**data, "name": "Lost update"})
    assert response.status_code == 200 and "Someone else changed these settings" in response.content.decode()
    assert Organisation.objects.get(slug="riverton").name == "City of Riverton"


@pytest.mark.parametrize(
    ("field", "value"),
    [("fiscal_year_start_month", 13), ("discount_rate", "abc"), ("country", "USA"), ("version", 2**70)],
)
def test_bad_settings_get_a_field_error(admin: Client, field: str, value: object) -> None:
    url = reverse("accounts:org-settings", kwargs={"org": "riverton"})
    data = {
        "name": "X",
        "country": "US",
        "fiscal_year_start_month": 7,
        "currency": "USD",
        "discount_schedule": "flat",
        "discount_rate": "3",
        "version": 1,
    }
    response = admin.post(url, {**data, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_departments_and_goals_are_added_once_and_removed_with_an_audit_entry(
    admin: Client, tenant_a: Tenant
) -> None:
    departments = reverse("accounts:org-departments", kwargs={"org": "riverton"})
    assert admin.post(departments, {"name": "Parks"}).status_code == 302
    duplicate = admin.post(departments, {"name": "parks"})
    assert "already a department" in duplicate.content.decode()
    goals = reverse("accounts:org-goals", kwargs={"org": "riverton"})
    assert admin.post(goals, {"title": "Open data", "description": ""}).status_code == 302
    goal = tenant_a.organisation.goals.get(title="Open data")
    admin.post(reverse("accounts:org-goal-delete", kwargs={"org": "riverton", "pk": goal.pk}))
    actions = list(AuditEntry.objects.order_by("id").values_list("content_type__model", "action"))
    assert actions == [("department", "create"), ("strategicgoal", "create"), ("strategicgoal", "delete")]


def test_the_lockout_page_and_dashboard_show_only_what_the_role_allows(
    client: Client, tenant_a: Tenant
) -> None:
    tenant_a.initiative.delete()
    client.force_login(tenant_a.users["viewer"])
    page = client.get(reverse("accounts:dashboard", kwargs={"org": "riverton"})).content.decode()
    assert "Propose the first initiative" not in page
    assert ">Admin<" not in page
