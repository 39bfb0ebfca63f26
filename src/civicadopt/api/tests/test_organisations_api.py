"""The organisations API: read-only, only the user's own organisations, with the user's role."""

from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role

from .factories import api_client, assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:api-organisation-list")


def detail(pk: int) -> str:
    return reverse("api:api-organisation-detail", kwargs={"pk": pk})


def test_list_shows_only_own_organisations_with_role(tenant_a, tenant_b):
    response = api_client(tenant_a.users[Role.EDITOR]).get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (organisation,) = body["results"]
    assert organisation["id"] == tenant_a.organisation.pk
    assert organisation["role"] == Role.EDITOR
    assert organisation["discount_rate"] == "0.0300"
    assert set(organisation) == {
        "id", "name", "slug", "country", "population", "fiscal_year_start_month", "currency",
        "discount_schedule", "discount_rate", "discount_rate_source", "role",
    }  # fmt: skip


def test_role_is_per_organisation(tenant_a, tenant_b):
    user = tenant_a.users[Role.VIEWER]
    tenant_b.organisation.memberships.create(user=user, role=Role.ADMIN)
    rows = api_client(user).get(LIST).json()["results"]
    assert {row["slug"]: row["role"] for row in rows} == {"riverton": Role.VIEWER, "millbrook": Role.ADMIN}


def test_retrieve_own(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).get(detail(tenant_a.organisation.pk))
    assert response.status_code == 200
    assert response.json()["slug"] == "riverton"


def test_another_organisation_is_not_found(tenant_a, tenant_b):
    client = api_client(tenant_a.users[Role.ADMIN])
    response = client.get(detail(tenant_b.organisation.pk))
    assert_error(response, 404, "not_found")
    assert client.get(detail(999999)).json() == response.json()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_organisations_are_read_only(tenant_a, method):
    client = api_client(tenant_a.users[Role.ADMIN])
    response = getattr(client, method)(detail(tenant_a.organisation.pk), {"name": "x"}, format="json")
    assert_error(response, 405, "method_not_allowed")


def test_invalid_page_is_in_the_error_shape(tenant_a):
    assert_error(api_client(tenant_a.users[Role.VIEWER]).get(LIST, {"page": 99}), 404, "not_found")
