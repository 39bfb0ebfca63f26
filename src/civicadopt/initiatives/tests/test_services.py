"""Initiative services: permissions, optimistic concurrency, stage history and the audit trail."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest

from civicadopt.audit.models import AuditEntry, AuditTrailIsAppendOnly
from civicadopt.conftest import Tenant
from civicadopt.initiatives import services
from civicadopt.initiatives.models import Initiative, Stage

pytestmark = pytest.mark.django_db


def test_create_records_the_first_stage_and_an_audit_entry(tenant_a: Tenant) -> None:
    # given
    editor = tenant_a.users["editor"]
    # when
    initiative = services.initiative_create(
        user=editor,
        organisation=tenant_a.organisation,
        data={
            "title": "311 requests",
            "problem_statement": "Calls get lost.",
            "tags": ["Residents", "residents "],
        },
    )
    # then
    assert initiative.owner == editor
    assert [tag.name for tag in initiative.tags.all()] == ["residents"]
    assert list(initiative.stage_changes.values_list("from_stage", "to_stage")) == [("", Stage.IDEA)]
    entry = AuditEntry.objects.get(initiative_id=initiative.pk)
    assert (entry.action, entry.actor, entry.organisation) == ("create", editor, tenant_a.organisation)
    assert entry.changes["title"] == [None, "311 requests"]


def test_update_writes_old_and_new_values_of_changed_fields_only(tenant_a: Tenant) -> None:
    # given
    initiative = tenant_a.initiative
    # when
    services.initiative_update(
        user=tenant_a.users["editor"],
        initiative=initiative,
        expected_version=initiative.version,
        data={
            "title": "E-permitting",
            "status": "at_risk",
            "problem_statement": initiative.problem_statement,
        },
    )
    # then
    entry = AuditEntry.objects.filter(initiative_id=initiative.pk).latest("id")
    assert entry.changes == {
        "status": ["on_track", "at_risk"],
        "title": ["Riverton e-permitting", "E-permitting"],
    }
    assert Initiative.objects.get(pk=initiative.pk).version == 2


def test_an_edit_based_on_a_stale_version_is_refused_and_changes_nothing(tenant_a: Tenant) -> None:
    # given: two people opened version 1; the first one saves
    first = Initiative.objects.get(pk=tenant_a.initiative.pk)
    second = Initiative.objects.get(pk=tenant_a.initiative.pk)
    services.initiative_update(
        user=tenant_a.users["editor"], initiative=first, expected_version=1, data={"title": "First"}
    )
    # when
    with pytest.raises(services.VersionConflict) as conflict:
        services.initiative_update(
            user=tenant_a.users["manager"], initiative=second, expected_version=1, data={"title": "Second"}
        )
    # then
    assert conflict.value.current.title == "First"
    assert conflict.value.current.version == 2
    assert Initiative.objects.get(pk=first.pk).title == "First"
    assert AuditEntry.objects.filter(initiative_id=first.pk, action="update").count() == 1


def test_contributors_edit_only_what_they_own(tenant_a: Tenant) -> None:
    other = services.initiative_create(
        user=tenant_a.users["editor"],
        organisation=tenant_a.organisation,
        data={"title": "Cloud", "problem_statement": "Old servers."},
    )
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            user=tenant_a.users["contributor"],
            initiative=other,
            expected_version=other.version,
            data={"title": "Mine now"},
        )


def test_only_managers_change_the_stage_even_through_an_edit(tenant_a: Tenant) -> None:
    initiative = tenant_a.initiative
    with pytest.raises(PermissionDenied):
        services.initiative_update(
            user=tenant_a.users["editor"],
            initiative=initiative,
            expected_version=initiative.version,
            data={"stage": Stage.FUNDED},
        )


def test_stopping_needs_a_reason_and_history_keeps_every_move(tenant_a: Tenant) -> None:
    # given
    initiative, manager = tenant_a.initiative, tenant_a.users["manager"]
    # when / then
    with pytest.raises(ValidationError) as error:
        services.initiative_change_stage(
            user=manager, initiative=initiative, expected_version=1, stage=Stage.STOPPED
        )
    assert "note" in error.value.message_dict
    services.initiative_change_stage(
        user=manager, initiative=initiative, expected_version=1, stage=Stage.BUSINESS_CASE
    )
    services.initiative_change_stage(
        user=manager, initiative=initiative, expected_version=2, stage=Stage.STOPPED, note="Grant refused"
    )
    assert list(initiative.stage_changes.values_list("to_stage", "note")) == [
        (Stage.BUSINESS_CASE, ""),
        (Stage.STOPPED, "Grant refused"),
    ]


def test_references_to_another_organisation_are_refused(tenant_a: Tenant, tenant_b: Tenant) -> None:
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            user=tenant_a.users["editor"],
            organisation=tenant_a.organisation,
            data={
                "title": "Leak",
                "problem_statement": "x",
                "department": tenant_b.organisation.departments.first(),
                "owner": tenant_b.users["admin"],
                "goals": list(tenant_b.organisation.goals.all()),
            },
        )
    assert set(error.value.message_dict) == {"department", "owner", "goals"}
    assert not Initiative.objects.filter(title="Leak").exists()


def test_a_failed_write_leaves_no_audit_entry(tenant_a: Tenant) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.initiative_create(
            user=tenant_a.users["editor"],
            organisation=tenant_a.organisation,
            data={"title": "", "problem_statement": ""},
        )
    assert AuditEntry.objects.count() == before


def test_delete_keeps_the_last_values_in_the_audit_trail(tenant_a: Tenant) -> None:
    initiative = tenant_a.initiative
    pk = initiative.pk
    services.initiative_delete(user=tenant_a.users["manager"], initiative=initiative, expected_version=1)
    assert not Initiative.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(pk), content_type__model="initiative")
    assert entry.changes["title"] == ["Riverton e-permitting", None]


def test_the_audit_trail_cannot_be_changed_or_deleted(tenant_a: Tenant) -> None:
    services.initiative_update(
        user=tenant_a.users["editor"],
        initiative=tenant_a.initiative,
        expected_version=1,
        data={"title": "Changed"},
    )
    entry = AuditEntry.objects.latest("id")
    entry.object_repr = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEntry.objects.update(actor_name="someone else")


def test_phases_are_audited_under_their_initiative(tenant_a: Tenant) -> None:
    phase = services.phase_create(
        user=tenant_a.users["editor"],
        initiative=tenant_a.initiative,
        data={"name": "Wave 1", "kind": "rollout", "position": 2},
    )
    services.phase_update(user=tenant_a.users["editor"], phase=phase, data={"name": "Wave 1: inspections"})
    services.phase_delete(user=tenant_a.users["editor"], phase=phase)
    actions = list(
        AuditEntry.objects.filter(initiative_id=tenant_a.initiative.pk, content_type__model="phase")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "delete"]


def test_only_managers_create_an_initiative_past_the_idea_stage(tenant_a: Tenant) -> None:
    data = {"title": "Skip the gates", "problem_statement": "x", "stage": Stage.BUSINESS_CASE}
    with pytest.raises(PermissionDenied):
        services.initiative_create(
            user=tenant_a.users["editor"], organisation=tenant_a.organisation, data=data
        )
    created = services.initiative_create(
        user=tenant_a.users["manager"], organisation=tenant_a.organisation, data=data
    )
    assert created.stage == Stage.BUSINESS_CASE
