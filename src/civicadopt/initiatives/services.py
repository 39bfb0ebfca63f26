"""Writes to initiatives, their stage and phases. Each runs in one transaction with its audit entry."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.accounts.models import Organisation, User
from civicadopt.accounts.selectors import membership_role
from civicadopt.audit.services import (
    audit_created,
    audit_deleted,
    audit_record,
    changes_between,
    snapshot,
    update_with_audit,
)
from civicadopt.concurrency import VersionConflict, claim_version

from . import gates, permissions
from .models import Initiative, Phase, Stage, StageChange, Tag

__all__ = ["VersionConflict"]  # re-exported: callers catch services.VersionConflict

# Fields a create or update may set; anything else in ``data`` is refused loudly, not ignored.
EDITABLE_FIELDS = ("title", "problem_statement", "owner", "department", "stage", "status")
M2M_FIELDS = ("goals", "tags")
MAX_TAGS = 20


def _role(user: User, organisation_id: int) -> str | None:
    return membership_role(user=user, organisation_id=organisation_id)


def _check_same_organisation(organisation: Organisation, data: dict[str, Any]) -> None:
    """Refuse references to another organisation's department, owner or goals."""
    errors: dict[str, str] = {}
    department = data.get("department")
    if department is not None and department.organisation_id != organisation.pk:
        errors["department"] = _("Choose a department of this organisation.")
    owner = data.get("owner")
    if owner is not None and _role(owner, organisation.pk) is None:
        errors["owner"] = _("The owner must be a member of this organisation.")
    goals = data.get("goals") or []
    if any(goal.organisation_id != organisation.pk for goal in goals):
        errors["goals"] = _("Choose goals of this organisation.")
    if errors:
        raise ValidationError(errors)


def normalise_tags(names: Iterable[str]) -> list[str]:
    """Return the tag names trimmed, lower-cased, de-duplicated and in order."""
    seen: list[str] = []
    for name in names:
        cleaned = " ".join(name.split()).lower()[:50]
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def _check_stage_move(*, from_stage: str, to_stage: str, note: str) -> None:
    """Apply the rules for every stage move, whichever page or API call makes it."""
    if to_stage == from_stage:
        return
    if to_stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    if to_stage == Stage.STOPPED and not note.strip():
        raise ValidationError(
            {"stage": _("Stopping an initiative needs a reason: use 'Change stage' and say why.")}
        )


class GateRefused(ValidationError):
    """A forward stage move refused because gates are unmet; ``unmet`` lists them, in order."""

    def __init__(self, unmet: list[gates.Gate]) -> None:
        self.unmet = unmet
        super().__init__(
            {"stage": [_("Missing: %(requirement)s") % {"requirement": gate.requirement} for gate in unmet]}
        )


def _check_gates(
    initiative: Initiative, *, to_stage: str, override: bool, note: str, note_field: str = "note"
) -> list[str]:
    """Refuse a forward move past unmet gates unless overridden with a note; return the keys overridden."""
    if not gates.gates_between(initiative.stage, to_stage):
        return []
    unmet = gates.unmet_gates(gates.readiness_of(initiative), from_stage=initiative.stage, to_stage=to_stage)
    if not unmet:
        return []
    if not override:
        raise GateRefused(unmet)
    if not note.strip():
        raise ValidationError({note_field: _("Say why the initiative moves on without meeting every gate.")})
    return [gate.key for gate in unmet]


def _set_relations(initiative: Initiative, data: dict[str, Any]) -> None:
    if "goals" in data:
        initiative.goals.set(data["goals"])
    if "tags" in data:
        names = normalise_tags(data["tags"])
        if len(names) > MAX_TAGS:
            raise ValidationError({"tags": _("Use at most %(n)d tags.") % {"n": MAX_TAGS}})
        tags = [
            Tag.objects.get_or_create(organisation=initiative.organisation, name=name)[0] for name in names
        ]
        initiative.tags.set(tags)


def _record_stage(
    initiative: Initiative,
    *,
    user: User,
    from_stage: str,
    note: str = "",
    overridden: list[str] | None = None,
) -> None:
    StageChange.objects.create(
        initiative=initiative,
        from_stage=from_stage,
        to_stage=initiative.stage,
        changed_by=user,
        note=note,
        overridden_gates=overridden or [],
    )


@transaction.atomic
def initiative_create(*, user: User, organisation: Organisation, data: dict[str, Any]) -> Initiative:
    """Create an initiative in ``organisation`` from validated ``data`` and record it in the audit trail."""
    role = _role(user, organisation.pk)
    if not permissions.can_create(role):
        raise PermissionDenied
    if data.get("stage", Stage.IDEA) != Stage.IDEA and not permissions.can_change_stage(role):
        # Only managers place an initiative past "idea"; otherwise a proposal could skip the council's gates.
        raise PermissionDenied
    unknown = set(data) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"Unknown initiative fields: {sorted(unknown)}")
    _check_same_organisation(organisation, data)
    _check_stage_move(from_stage=Stage.IDEA, to_stage=data.get("stage", Stage.IDEA), note="")
    # A new initiative has no business case, funding or plan yet: only the gates those do not need pass.
    nothing_yet = gates.Readiness(
        has_owner=True,  # the creator owns it when no owner is named
        has_business_case=False,
        has_preferred_option=False,
        has_committed_funding=False,
        plan_tasks=0,
        has_baseline=False,
    )
    unmet = gates.unmet_gates(nothing_yet, from_stage=Stage.IDEA, to_stage=data.get("stage", Stage.IDEA))
    if unmet:
        raise GateRefused(unmet)
    initiative = Initiative(
        organisation=organisation,
        created_by=user,
        **{name: data[name] for name in EDITABLE_FIELDS if name in data},
    )
    if initiative.owner is None:
        initiative.owner = user
    initiative.full_clean()
    initiative.save()
    _set_relations(initiative, data)
    _record_stage(initiative, user=user, from_stage="")
    audit_created(actor=user, organisation=organisation, instance=initiative, initiative_id=initiative.pk)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    user: User,
    initiative: Initiative,
    expected_version: int,
    data: dict[str, Any],
    stage_note: str = "",
    override: bool = False,
) -> Initiative:
    """Apply validated ``data`` to ``initiative`` if nobody changed it since ``expected_version``.

    A stage in ``data`` follows the rules of :func:`initiative_change_stage`: ``stage_note`` goes into
    the stage history, and with ``override`` and a note a manager moves past unmet gates (the API's way;
    the edit page offers no override).
    """
    role = _role(user, initiative.organisation_id)
    if not permissions.can_edit(role, user=user, initiative=initiative):
        raise PermissionDenied
    unknown = set(data) - set(EDITABLE_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"Unknown initiative fields: {sorted(unknown)}")
    if "stage" in data and data["stage"] != initiative.stage and not permissions.can_change_stage(role):
        raise PermissionDenied
    _check_same_organisation(initiative.organisation, data)
    overridden: list[str] = []
    if "stage" in data:
        _check_stage_move(from_stage=initiative.stage, to_stage=data["stage"], note=stage_note)
        overridden = _check_gates(
            initiative, to_stage=data["stage"], override=override, note=stage_note, note_field="stage_note"
        )
    before = snapshot(initiative)
    claim_version(initiative, expected_version)
    from_stage = initiative.stage
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(initiative, name, data[name])
    initiative.full_clean()
    initiative.save()
    _set_relations(initiative, data)
    if initiative.stage != from_stage:
        _record_stage(initiative, user=user, from_stage=from_stage, note=stage_note, overridden=overridden)
    changes = changes_between(before, snapshot(initiative))
    if overridden:
        changes["gates_overridden"] = [None, f"{', '.join(overridden)}: {stage_note.strip()}"]
    audit_record(
        actor=user,
        organisation=initiative.organisation,
        instance=initiative,
        action="update",
        changes=changes,
        initiative_id=initiative.pk,
    )
    return initiative


@transaction.atomic
def initiative_change_stage(
    *,
    user: User,
    initiative: Initiative,
    expected_version: int,
    stage: str,
    note: str = "",
    override: bool = False,
) -> Initiative:
    """Move ``initiative`` to ``stage``, keeping the move and its note in the stage history.

    A forward move must pass the stage gates (``initiatives.gates``); with ``override`` and a note, a
    manager moves past the unmet ones and the history and audit trail record which.
    Raise :class:`GateRefused` when gates are unmet and not overridden.
    """
    if not permissions.can_change_stage(_role(user, initiative.organisation_id)):
        raise PermissionDenied
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    if stage == initiative.stage:
        raise ValidationError({"stage": _("The initiative is already at this stage.")})
    if stage == Stage.STOPPED and not note.strip():
        raise ValidationError({"note": _("Say why the initiative is stopped, for the record.")})
    before = snapshot(initiative)
    claim_version(initiative, expected_version)
    # After the version check, so a stale page hears about the other change first; a refusal here
    # rolls the claimed version back with the rest of the transaction.
    try:
        overridden = _check_gates(initiative, to_stage=stage, override=override, note=note)
    except ValidationError:
        initiative.version = expected_version  # the claimed version is rolled back with the transaction
        raise
    from_stage = initiative.stage
    initiative.stage = stage
    initiative.save(update_fields=["stage", "updated_at"])
    _record_stage(initiative, user=user, from_stage=from_stage, note=note, overridden=overridden)
    changes = changes_between(before, snapshot(initiative))
    if overridden:
        changes["gates_overridden"] = [None, f"{', '.join(overridden)}: {note.strip()}"]
    audit_record(
        actor=user,
        organisation=initiative.organisation,
        instance=initiative,
        action="update",
        changes=changes,
        initiative_id=initiative.pk,
    )
    return initiative


@transaction.atomic
def initiative_delete(*, user: User, initiative: Initiative, expected_version: int) -> None:
    """Delete ``initiative`` (and its phases and history); the audit trail keeps its last values."""
    if not permissions.can_delete(_role(user, initiative.organisation_id)):
        raise PermissionDenied
    claim_version(initiative, expected_version)
    audit_deleted(
        actor=user, organisation=initiative.organisation, instance=initiative, initiative_id=initiative.pk
    )
    initiative.delete()


def _check_phase_permission(user: User, initiative: Initiative) -> None:
    if not permissions.can_edit(_role(user, initiative.organisation_id), user=user, initiative=initiative):
        raise PermissionDenied


PHASE_FIELDS = ("kind", "name", "scope", "start", "finish", "position")


@transaction.atomic
def phase_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> Phase:
    _check_phase_permission(user, initiative)
    phase = Phase(initiative=initiative, **{name: data[name] for name in PHASE_FIELDS if name in data})
    phase.full_clean()
    phase.save()
    audit_created(
        actor=user, organisation=initiative.organisation, instance=phase, initiative_id=initiative.pk
    )
    return phase


@transaction.atomic
def phase_update(*, user: User, phase: Phase, data: dict[str, Any]) -> Phase:
    initiative = phase.initiative
    _check_phase_permission(user, initiative)
    update_with_audit(
        actor=user,
        organisation=initiative.organisation,
        instance=phase,
        fields=PHASE_FIELDS,
        data=data,
        initiative_id=initiative.pk,
    )
    return phase


@transaction.atomic
def phase_delete(*, user: User, phase: Phase) -> None:
    initiative = phase.initiative
    _check_phase_permission(user, initiative)
    audit_deleted(
        actor=user, organisation=initiative.organisation, instance=phase, initiative_id=initiative.pk
    )
    phase.delete()
