"""Stage gates: which gates a move must pass, refusals in plain words, overrides kept in the history and
the audit trail, and the same rules through the edit form's service and the API."""

from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
from rest_framework.test import APIClient

from civicadopt.api.services import token_create
from civicadopt.audit.models import AuditEntry
from civicadopt.conftest import Tenant
from civicadopt.initiatives import gates, services
from civicadopt.initiatives.models import Stage, StageChange

pytestmark = pytest.mark.django_db

NOTHING = gates.Readiness(
    has_owner=False,
    has_business_case=False,
    has_preferred_option=False,
    has_committed_funding=False,
    plan_tasks=0,
    has_baseline=False,
)
EVERYTHING = gates.Readiness(
    has_owner=True,
    has_business_case=True,
    has_preferred_option=True,
    has_committed_funding=True,
    plan_tasks=3,
    has_baseline=True,
)


@pytest.mark.parametrize(
    ("from_stage", "to_stage", "keys"),
    [
        (Stage.IDEA, Stage.BUSINESS_CASE, ["owner"]),
        (Stage.IDEA, Stage.FUNDED, ["owner", "business_case", "preferred_option", "committed_funding"]),
        (Stage.BUSINESS_CASE, Stage.FUNDED, ["business_case", "preferred_option", "committed_funding"]),
        (Stage.FUNDED, Stage.PLANNED, ["plan_tasks"]),
        (Stage.PLANNED, Stage.DELIVERING, ["baseline"]),
        (Stage.DELIVERING, Stage.ADOPTED, []),
        (Stage.PLANNED, Stage.IDEA, []),  # moving back needs nothing
        (Stage.FUNDED, Stage.STOPPED, []),  # stopping needs a note, not a gate
        (Stage.STOPPED, Stage.FUNDED, []),  # restarting is a manager's decision with the history to show
    ],
)
def test_a_forward_move_passes_every_gate_up_to_its_target(from_stage, to_stage, keys) -> None:
    assert [gate.key for gate in gates.gates_between(from_stage, to_stage)] == keys
    assert gates.unmet_gates(EVERYTHING, from_stage=from_stage, to_stage=to_stage) == []
    assert [g.key for g in gates.unmet_gates(NOTHING, from_stage=from_stage, to_stage=to_stage)] == keys


def test_next_stage_follows_the_road_and_ends_at_adopted() -> None:
    assert gates.next_stage(Stage.IDEA) == Stage.BUSINESS_CASE
    assert gates.next_stage(Stage.DELIVERING) == Stage.ADOPTED
    assert gates.next_stage(Stage.ADOPTED) is None
    assert gates.next_stage(Stage.STOPPED) is None


def test_funded_is_refused_without_a_preferred_option_and_nothing_is_written(tenant_a: Tenant) -> None:
    # given
    initiative, manager = tenant_a.initiative, tenant_a.users["manager"]
    entries = AuditEntry.objects.count()
    # when
    with pytest.raises(services.GateRefused) as refusal:
        services.initiative_change_stage(
            user=manager, initiative=initiative, expected_version=1, stage=Stage.FUNDED
        )
    # then: each unmet gate in plain words, under the stage field
    assert [gate.key for gate in refusal.value.unmet] == [
        "business_case",
        "preferred_option",
        "committed_funding",
    ]
    assert "Missing: A preferred option, chosen in the business case." in refusal.value.message_dict["stage"]
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.version) == (Stage.IDEA, 1)
    assert not StageChange.objects.filter(initiative=initiative).exists()
    assert AuditEntry.objects.count() == entries


def test_meeting_the_gates_lets_the_move_through_without_an_override(tenant_a: Tenant) -> None:
    # given: a business case with a preferred option, and committed money
    from civicadopt.business_cases import services as bc
    from civicadopt.funding.tests import factories as funding

    admin, manager = tenant_a.users["admin"], tenant_a.users["manager"]
    case = bc.business_case_create(
        user=admin, initiative=tenant_a.initiative, data={"price_base_year": 2026, "first_year": 2026}
    )
    option = bc.option_create(user=admin, case=case, data={"name": "Cloud"})
    bc.preferred_option_set(user=admin, case=case, option=option, rationale="Cheapest over ten years")
    readiness = gates.readiness_of(tenant_a.initiative)
    assert not readiness.has_committed_funding
    funding.source(tenant_a.initiative, admin, committed=False)  # planned, not approved: not enough
    assert not gates.readiness_of(tenant_a.initiative).has_committed_funding
    funding.source(tenant_a.initiative, admin, name="Capital budget", amount=Decimal(50_000))
    # when
    moved = services.initiative_change_stage(
        user=manager, initiative=tenant_a.initiative, expected_version=1, stage=Stage.FUNDED
    )
    # then
    assert moved.stage == Stage.FUNDED
    assert moved.stage_changes.get().overridden_gates == []


def test_a_manager_overrides_with_a_note_kept_in_the_history_and_the_audit_trail(tenant_a: Tenant) -> None:
    initiative, manager = tenant_a.initiative, tenant_a.users["manager"]
    # an override without a note is refused
    with pytest.raises(ValidationError) as error:
        services.initiative_change_stage(
            user=manager, initiative=initiative, expected_version=1, stage=Stage.FUNDED, override=True
        )
    assert "note" in error.value.message_dict
    # when
    services.initiative_change_stage(
        user=manager,
        initiative=initiative,
        expected_version=1,
        stage=Stage.FUNDED,
        note="Council approved the budget on 3 March; the case follows.",
        override=True,
    )
    # then
    change = initiative.stage_changes.get()
    assert change.overridden_gates == ["business_case", "preferred_option", "committed_funding"]
    assert change.note.startswith("Council approved")
    entry = AuditEntry.objects.filter(initiative_id=initiative.pk).latest("id")
    assert entry.changes["stage"] == ["idea", "funded"]
    assert entry.changes["gates_overridden"][1].startswith("business_case, preferred_option")


def test_an_edit_cannot_skip_the_gates(tenant_a: Tenant) -> None:
    with pytest.raises(services.GateRefused):
        services.initiative_update(
            user=tenant_a.users["manager"],
            initiative=tenant_a.initiative,
            expected_version=1,
            data={"stage": Stage.PLANNED},
        )
    tenant_a.initiative.refresh_from_db()
    assert tenant_a.initiative.stage == Stage.IDEA


def test_a_new_initiative_cannot_start_past_the_gates(tenant_a: Tenant) -> None:
    data = {"title": "Straight to funded", "problem_statement": "x", "stage": Stage.FUNDED}
    with pytest.raises(services.GateRefused):
        services.initiative_create(
            user=tenant_a.users["manager"], organisation=tenant_a.organisation, data=data
        )


def test_the_api_refuses_a_stage_past_unmet_gates_with_each_one_named(tenant_a: Tenant) -> None:
    # given
    client = APIClient()
    key = token_create(user=tenant_a.users["manager"], name="test")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    # when
    response = client.patch(
        f"/api/v1/initiatives/{tenant_a.initiative.pk}/", {"stage": "planned", "version": 1}, format="json"
    )
    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert "Missing: Tasks in the implementation plan." in error["fields"]["stage"]
    tenant_a.initiative.refresh_from_db()
    assert tenant_a.initiative.stage == Stage.IDEA


def test_through_the_api_a_manager_overrides_with_a_stage_note(tenant_a: Tenant) -> None:
    # given
    client = APIClient()
    key = token_create(user=tenant_a.users["manager"], name="test")[1]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/initiatives/{tenant_a.initiative.pk}/"
    # when: an override without a note
    response = client.patch(url, {"stage": "planned", "version": 1, "override_gates": True}, format="json")
    # then: refused, the missing note named
    assert response.status_code == 400
    assert "stage_note" in response.json()["error"]["fields"]
    # when: with the note
    body = {
        "stage": "planned",
        "version": 1,
        "override_gates": True,
        "stage_note": "Pilot approved by council",
    }
    response = client.patch(url, body, format="json")
    # then
    assert response.status_code == 200 and response.json()["stage"] == "planned"
    change = tenant_a.initiative.stage_changes.get()
    assert change.note == "Pilot approved by council"
    assert change.overridden_gates == ["business_case", "preferred_option", "committed_funding", "plan_tasks"]
    entry = AuditEntry.objects.filter(initiative_id=tenant_a.initiative.pk).latest("id")
    assert entry.changes["gates_overridden"][1].endswith("Pilot approved by council")
