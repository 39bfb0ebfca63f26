"""The OpenAPI schema and the Swagger UI page: served locally, no external scripts."""

import re

from django.core.management import call_command
from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role

from .factories import api_client, assert_error

pytestmark = pytest.mark.django_db

SCHEMA = reverse("api:api-schema")
DOCS = reverse("api:api-docs")


def test_schema_is_openapi_3_json(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/initiatives/", "/api/v1/initiatives/{id}/", "/api/v1/organisations/"} <= set(
        schema["paths"]
    )
    assert schema["components"]["securitySchemes"]["bearerToken"] == {"type": "http", "scheme": "bearer"}
    operations = {
        operation["operationId"]
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    assert {"initiative_create", "initiative_destroy", "organisation_list"} <= operations


def test_version_is_required_in_every_change(tenant_a):
    schemas = api_client(tenant_a.users[Role.VIEWER]).get(SCHEMA).json()["components"]["schemas"]
    assert "version" in schemas["InitiativeUpdateRequest"]["required"]
    assert schemas["PatchedInitiativeUpdateRequest"]["required"] == ["version"]


def test_schema_is_valid_and_generates_without_warnings(tmp_path):
    # --validate checks the schema against the OpenAPI 3 specification; --fail-on-warn catches
    # anything drf-spectacular had to guess (an untyped field, an unknown authentication class).
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


@pytest.mark.parametrize("params", [{}, {"format": "json"}, {"format": "yaml"}])
def test_schema_needs_authentication_and_answers_json_errors(db, params):
    assert_error(api_client().get(SCHEMA, params), 401, "not_authenticated")


def test_schema_as_yaml(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).get(SCHEMA, {"format": "yaml"})
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_docs_page_loads_only_local_scripts(tenant_a, client):
    client.force_login(tenant_a.users[Role.VIEWER])
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, html
    assert all(re.search(r'src="/', tag) for tag in scripts), scripts
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    assert all(not body.strip() for body in bodies), "inline script"
    assert "<style" not in html


def test_docs_start_up_script_is_served_as_javascript(tenant_a, client):
    client.force_login(tenant_a.users[Role.VIEWER])
    response = client.get(DOCS, {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api:api-schema") in response.content.decode()


def test_docs_send_anonymous_visitors_to_sign_in(db, client):
    response = client.get(DOCS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("query", "content_type"),
    [({}, "application/vnd.oai.openapi+json"), ({"format": "yaml"}, "application/vnd.oai.openapi")],
)
def test_a_browser_opening_the_schema_gets_the_schema_not_a_page(client, tenant_a, query, content_type):
    # given: a signed-in person opens /api/schema/ in a browser, which asks for HTML first
    client.force_login(tenant_a.users[Role.VIEWER])
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    # when
    response = client.get(SCHEMA, query, headers={"Accept": accept})
    # then: the schema with its own media type, never text/html
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert b"<html" not in response.content


def test_the_docs_page_loads_our_contrast_fixes_and_names_its_controls(client, tenant_a):
    client.force_login(tenant_a.users[Role.VIEWER])
    page = client.get(DOCS).content.decode()
    assert "/static/civicadopt/swagger-ui.css" in page
    assert re.search(r'<script src="/static/civicadopt/swagger-a11y\.js" defer>', page)
