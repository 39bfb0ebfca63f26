"""The initiatives API: scoped to the user's organisations, written through the services only."""

from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role
from civicadopt.audit.models import AuditEntry
from civicadopt.initiatives.models import Initiative, Stage

from .factories import api_client, assert_error

pytestmark = pytest.mark.django_db

LIST = reverse("api:api-initiative-list")


def detail(initiative: Initiative | int) -> str:
    pk = initiative if isinstance(initiative, int) else initiative.pk
    return reverse("api:api-initiative-detail", kwargs={"pk": pk})


def new_initiative(organisation, /, **overrides):
    return {
        "organisation": organisation.pk,
        "title": "Online building permits",
        "problem_statement": "Permits take six weeks on paper.",
        **overrides,
    }


# Reading


def test_list_shows_only_the_users_organisations(tenant_a, tenant_b):
    response = api_client(tenant_a.users[Role.VIEWER]).get(LIST)
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [tenant_a.initiative.pk]


def test_list_filters(tenant_a):
    client = api_client(tenant_a.users[Role.VIEWER])
    org = tenant_a.organisation.pk
    assert client.get(LIST, {"organisation": org}).json()["count"] == 1
    assert client.get(LIST, {"stage": Stage.FUNDED}).json()["count"] == 0
    assert client.get(LIST, {"status": "on_track"}).json()["count"] == 1
    assert client.get(LIST, {"q": "PERMITTING"}).json()["count"] == 1
    assert client.get(LIST, {"q": "nothing like this"}).json()["count"] == 0


def test_list_filter_by_another_organisation_is_empty(tenant_a, tenant_b):
    client = api_client(tenant_a.users[Role.ADMIN])
    assert client.get(LIST, {"organisation": tenant_b.organisation.pk}).json()["count"] == 0


@pytest.mark.parametrize("params", [{"organisation": "abc"}, {"stage": "nope"}, {"q": "x" * 201}])
def test_invalid_filters_answer_400(tenant_a, params):
    error = assert_error(api_client(tenant_a.users[Role.VIEWER]).get(LIST, params), 400, "invalid")
    assert set(error["fields"]) == set(params)


def test_retrieve_shows_every_field(tenant_a):
    initiative = tenant_a.initiative
    response = api_client(tenant_a.users[Role.VIEWER]).get(detail(initiative))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == initiative.pk
    assert body["organisation"] == tenant_a.organisation.pk
    assert body["url"].endswith(detail(initiative))
    assert body["owner"] == tenant_a.users[Role.CONTRIBUTOR].pk
    assert body["department"] == initiative.department_id
    assert body["goals"] == [goal.pk for goal in initiative.goals.all()]
    assert body["version"] == 1
    assert {"title", "problem_statement", "stage", "status", "tags", "created_at", "updated_at"} <= set(body)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_another_organisations_initiative_is_not_found(tenant_a, tenant_b, method):
    # given an administrator of A, who may do everything in A
    client = api_client(tenant_a.users[Role.ADMIN])
    other = tenant_b.initiative
    # when
    response = getattr(client, method)(
        detail(other), {"title": "Taken over", "problem_statement": "x", "version": 1}, format="json"
    )
    # then it looks exactly like a missing initiative, and nothing changed
    assert_error(response, 404, "not_found")
    missing = getattr(client, method)(detail(999999), {"version": 1}, format="json")
    assert missing.json() == response.json()
    other.refresh_from_db()
    assert other.title == "Millbrook e-permitting" and other.version == 1


# Creating


def test_contributor_creates_and_it_is_audited(tenant_a):
    user = tenant_a.users[Role.CONTRIBUTOR]
    payload = new_initiative(tenant_a.organisation, tags=["Permits", " permits ", "GIS"])
    response = api_client(user).post(LIST, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["owner"] == user.pk
    assert body["stage"] == Stage.IDEA
    assert body["tags"] == ["gis", "permits"]
    created = Initiative.objects.get(pk=body["id"])
    assert created.organisation == tenant_a.organisation
    entry = AuditEntry.objects.get(object_id=str(created.pk), action="create")
    assert entry.actor == user


def test_viewer_may_not_create(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).post(
        LIST, new_initiative(tenant_a.organisation), format="json"
    )
    assert_error(response, 403, "permission_denied")
    assert Initiative.objects.count() == 1


def test_contributor_may_not_create_past_the_idea_stage(tenant_a):
    payload = new_initiative(tenant_a.organisation, stage=Stage.FUNDED)
    response = api_client(tenant_a.users[Role.CONTRIBUTOR]).post(LIST, payload, format="json")
    assert_error(response, 403, "permission_denied")


def test_manager_may_create_past_idea_as_far_as_the_stage_gates_allow(tenant_a):
    payload = new_initiative(tenant_a.organisation, stage=Stage.BUSINESS_CASE)
    response = api_client(tenant_a.users[Role.MANAGER]).post(LIST, payload, format="json")
    assert response.status_code == 201
    assert response.json()["stage"] == Stage.BUSINESS_CASE
    # "funded" needs a preferred option and committed funding, which a new initiative cannot have
    payload = new_initiative(tenant_a.organisation, title="Straight to funded", stage=Stage.FUNDED)
    response = api_client(tenant_a.users[Role.MANAGER]).post(LIST, payload, format="json")
    error = assert_error(response, 400, "invalid")
    assert "Missing: A preferred option, chosen in the business case." in error["fields"]["stage"]


def test_create_in_another_organisation_is_a_field_error(tenant_a, tenant_b):
    client = api_client(tenant_a.users[Role.ADMIN])
    response = client.post(LIST, new_initiative(tenant_b.organisation), format="json")
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"organisation": ["Unknown organisation."]}
    # The same answer as for an organisation that does not exist: existence does not leak.
    missing = client.post(
        LIST, {**new_initiative(tenant_b.organisation), "organisation": 999999}, format="json"
    )
    assert missing.json() == response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("department", "other-department"),
        ("goals", "other-goals"),
        ("owner", "other-owner"),
    ],
)
def test_references_to_another_organisation_are_field_errors(tenant_a, tenant_b, field, value):
    values = {
        "other-department": tenant_b.initiative.department_id,
        "other-goals": [goal.pk for goal in tenant_b.initiative.goals.all()],
        "other-owner": tenant_b.users[Role.VIEWER].pk,
    }
    payload = new_initiative(tenant_a.organisation, **{field: values[value]})
    error = assert_error(
        api_client(tenant_a.users[Role.ADMIN]).post(LIST, payload, format="json"), 400, "invalid"
    )
    assert list(error["fields"]) in ([field], [f"{field}.0"])


def test_department_of_another_of_the_users_organisations_is_a_field_error(tenant_a, tenant_b):
    # given a person who belongs to both organisations
    user = tenant_a.users[Role.ADMIN]
    tenant_b.organisation.memberships.create(user=user, role=Role.ADMIN)
    payload = new_initiative(tenant_a.organisation, department=tenant_b.initiative.department_id)
    # when / then: the service's same-organisation rule answers as a field error
    error = assert_error(api_client(user).post(LIST, payload, format="json"), 400, "invalid")
    assert list(error["fields"]) == ["department"]


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"title": ""}, {"title"}),
        ({"title": "x" * 201}, {"title"}),
        ({"title": None}, {"title"}),
        ({"title": {"nested": "object"}}, {"title"}),
        ({"title": "ok\x00null"}, {"title"}),
        ({"problem_statement": "x" * 10001}, {"problem_statement"}),
        ({"organisation": "abc"}, {"organisation"}),
        ({"organisation": 1.5}, {"organisation"}),
        ({"organisation": True}, {"organisation"}),
        ({"organisation": 10**30}, {"organisation"}),
        ({"stage": "launched"}, {"stage"}),
        ({"status": 3}, {"status"}),
        ({"goals": "1"}, {"goals"}),
        ({"goals": [None]}, {"goals"}),
        ({"tags": "not-a-list"}, {"tags"}),
        ({"tags": ["ok", {"a": 1}]}, {"tags.1"}),
        ({"tags": ["t"] * 31}, {"tags"}),
        ({"owner": -1}, {"owner"}),
    ],
)
def test_invalid_values_answer_400_with_fields(tenant_a, overrides, fields):
    payload = new_initiative(tenant_a.organisation, **overrides)
    response = api_client(tenant_a.users[Role.EDITOR]).post(LIST, payload, format="json")
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == fields, error


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ('["a", "list"]', "application/json"),
        ("", "application/json"),
        ("title=x", "text/plain"),
    ],
)
def test_malformed_bodies_never_answer_500(tenant_a, body, content_type):
    response = api_client(tenant_a.users[Role.EDITOR]).generic("POST", LIST, body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code, response.json()["error"]["code"])


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "'; DROP TABLE initiatives_initiative; --", "Zoë 🚲 Ångström", "{{ 7*7 }}"],
)
def test_hostile_text_is_stored_verbatim_and_returned_as_json(tenant_a, text):
    payload = new_initiative(tenant_a.organisation, title=text, problem_statement=text, tags=[text[:50]])
    response = api_client(tenant_a.users[Role.EDITOR]).post(LIST, payload, format="json")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"] == text
    assert Initiative.objects.get(pk=response.json()["id"]).problem_statement == text


def test_lone_surrogate_is_refused_not_a_500(tenant_a):
    pk = tenant_a.organisation.pk
    body = f'{{"organisation": {pk}, "title": "\\ud800", "problem_statement": "x"}}'
    response = api_client(tenant_a.users[Role.EDITOR]).generic(
        "POST", LIST, body, content_type="application/json"
    )
    assert_error(response, 400, "invalid")


# Updating


def test_contributor_edits_own_and_it_is_audited(tenant_a):
    # given the contributor owns tenant A's initiative
    user = tenant_a.users[Role.CONTRIBUTOR]
    initiative = tenant_a.initiative
    # when
    response = api_client(user).patch(detail(initiative), {"title": "Renamed", "version": 1}, format="json")
    # then
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renamed"
    assert response.json()["version"] == 2
    entry = AuditEntry.objects.get(object_id=str(initiative.pk), action="update")
    assert entry.changes["title"] == ["Riverton e-permitting", "Renamed"]
    assert entry.actor == user


def test_contributor_may_not_edit_others(tenant_a):
    other = tenant_a.users[Role.CONTRIBUTOR]
    response = api_client(tenant_a.users[Role.MANAGER]).post(
        LIST, new_initiative(tenant_a.organisation, owner=tenant_a.users[Role.MANAGER].pk), format="json"
    )
    managers = response.json()
    response = api_client(other).patch(
        detail(managers["id"]), {"title": "Mine now", "version": 1}, format="json"
    )
    assert_error(response, 403, "permission_denied")


def test_viewer_may_not_edit(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).patch(
        detail(tenant_a.initiative), {"title": "x", "version": 1}, format="json"
    )
    assert_error(response, 403, "permission_denied")


def test_put_replaces_fields(tenant_a):
    client = api_client(tenant_a.users[Role.EDITOR])
    payload = {"title": "New title", "problem_statement": "New problem", "version": 1, "status": "at_risk"}
    response = client.put(detail(tenant_a.initiative), payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["title"], body["problem_statement"], body["status"]) == (
        "New title",
        "New problem",
        "at_risk",
    )


def test_put_needs_the_required_fields(tenant_a):
    response = api_client(tenant_a.users[Role.EDITOR]).put(detail(tenant_a.initiative), {}, format="json")
    error = assert_error(response, 400, "invalid")
    assert {"title", "problem_statement", "version"} <= set(error["fields"])


def test_a_read_record_can_be_sent_back(tenant_a):
    client = api_client(tenant_a.users[Role.EDITOR])
    record = client.get(detail(tenant_a.initiative)).json()
    response = client.put(detail(tenant_a.initiative), {**record, "title": "Round trip"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Round trip"


def test_an_initiative_cannot_move_organisation(tenant_a, tenant_b):
    response = api_client(tenant_a.users[Role.ADMIN]).patch(
        detail(tenant_a.initiative), {"organisation": tenant_b.organisation.pk, "version": 1}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert list(error["fields"]) == ["organisation"]


def test_patch_needs_a_version(tenant_a):
    response = api_client(tenant_a.users[Role.EDITOR]).patch(
        detail(tenant_a.initiative), {"title": "x"}, format="json"
    )
    error = assert_error(response, 400, "invalid")
    assert list(error["fields"]) == ["version"]


def test_stale_version_answers_409_and_changes_nothing(tenant_a):
    client = api_client(tenant_a.users[Role.EDITOR])
    assert (
        client.patch(detail(tenant_a.initiative), {"title": "First", "version": 1}, format="json").status_code
        == 200
    )
    response = client.patch(detail(tenant_a.initiative), {"title": "Second", "version": 1}, format="json")
    error = assert_error(response, 409, "conflict")
    assert error["current_version"] == 2
    tenant_a.initiative.refresh_from_db()
    assert tenant_a.initiative.title == "First"


@pytest.mark.parametrize(("role", "expected"), [(Role.EDITOR, 403), (Role.MANAGER, 200), (Role.ADMIN, 200)])
def test_changing_stage_needs_a_manager(tenant_a, role, expected):
    response = api_client(tenant_a.users[role]).patch(
        detail(tenant_a.initiative), {"stage": Stage.BUSINESS_CASE, "version": 1}, format="json"
    )
    assert response.status_code == expected
    if expected == 200:
        assert tenant_a.initiative.stage_changes.filter(to_stage=Stage.BUSINESS_CASE).exists()


def test_same_stage_is_not_a_stage_change(tenant_a):
    response = api_client(tenant_a.users[Role.CONTRIBUTOR]).patch(
        detail(tenant_a.initiative), {"stage": Stage.IDEA, "version": 1}, format="json"
    )
    assert response.status_code == 200


# Deleting


def test_manager_deletes_with_version_and_it_is_audited(tenant_a):
    initiative = tenant_a.initiative
    response = api_client(tenant_a.users[Role.MANAGER]).delete(f"{detail(initiative)}?version=1")
    assert response.status_code == 204
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(initiative.pk), action="delete").exists()


def test_delete_takes_the_version_from_the_body(tenant_a):
    response = api_client(tenant_a.users[Role.MANAGER]).delete(
        detail(tenant_a.initiative), {"version": 1}, format="json"
    )
    assert response.status_code == 204


@pytest.mark.parametrize("query", ["", "?version=abc", "?version=0"])
def test_delete_needs_a_valid_version(tenant_a, query):
    response = api_client(tenant_a.users[Role.MANAGER]).delete(f"{detail(tenant_a.initiative)}{query}")
    error = assert_error(response, 400, "invalid")
    assert list(error["fields"]) == ["version"]


def test_delete_with_stale_version_answers_409(tenant_a):
    response = api_client(tenant_a.users[Role.MANAGER]).delete(f"{detail(tenant_a.initiative)}?version=7")
    assert assert_error(response, 409, "conflict")["current_version"] == 1
    assert Initiative.objects.filter(pk=tenant_a.initiative.pk).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR, Role.EDITOR])
def test_below_manager_may_not_delete(tenant_a, role):
    response = api_client(tenant_a.users[role]).delete(f"{detail(tenant_a.initiative)}?version=1")
    assert_error(response, 403, "permission_denied")
    assert Initiative.objects.filter(pk=tenant_a.initiative.pk).exists()


def test_method_not_allowed_is_in_the_error_shape(tenant_a):
    response = api_client(tenant_a.users[Role.VIEWER]).delete(LIST)
    assert_error(response, 405, "method_not_allowed")


def test_session_login_works_and_needs_csrf_for_writes(tenant_a):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(tenant_a.users[Role.EDITOR])
    assert client.get(LIST).status_code == 200
    response = client.post(LIST, new_initiative(tenant_a.organisation), format="json")
    assert_error(response, 403, "permission_denied")


# Found in review: the stopping rule and numbers too large for the database


def test_stopping_through_patch_needs_the_stage_change_with_a_reason(tenant_a):
    client = api_client(tenant_a.users[Role.MANAGER])
    response = client.patch(detail(tenant_a.initiative), {"stage": "stopped", "version": 1}, format="json")
    error = assert_error(response, 400, "invalid")
    assert "stage" in error["fields"]
    assert Initiative.objects.get(pk=tenant_a.initiative.pk).stage == Stage.IDEA


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("get", {"organisation": "99999999999999999999999"}),
        ("patch", {"version": 2**70, "title": "x"}),
        ("patch", {"version": 1, "department": 2**70}),
        ("patch", {"version": 1, "goals": [2**70]}),
    ],
)
def test_numbers_too_large_for_the_database_answer_400(tenant_a, method, params):
    client = api_client(tenant_a.users[Role.MANAGER])
    if method == "get":
        response = client.get(LIST, params)
    else:
        response = client.patch(detail(tenant_a.initiative), params, format="json")
    assert_error(response, 400, "invalid")
