"""Writes to risk registers: each in one transaction with its audit entry, permissions checked here.

Who may edit a risk is who may edit its initiative (``initiatives.permissions.can_edit``); who may change
the organisation's matrix is a manager or admin (``permissions.can_edit_matrix``). Every save scores the
risk on the organisation's matrix (``Risk.apply_assessment``); a change of the matrix rescores them all.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
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
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.permissions import require_edit
from civicadopt.planning.models import Task

from . import permissions
from .models import ASSESSMENT_FIELDS, Risk, RiskMatrix
from .selectors import matrix_for

__all__ = ["VersionConflict"]  # re-exported: callers catch services.VersionConflict

RISK_FIELDS = (
    "title", "category", "cause", "event", "effect", "owner", "owner_name", "probability",
    "cost_low", "cost_most_likely", "cost_high", "schedule_low", "schedule_most_likely", "schedule_high",
    "response", "mitigation", "mitigation_cost", "residual_probability", "residual_cost",
    "residual_schedule", "trigger", "contingency_plan", "status", "review_date",
)  # fmt: skip
M2M_FIELDS = ("tasks",)
MATRIX_FIELDS = ("size", "probability_limits", "cost_limits", "schedule_limits", "rating_limits")


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - set(RISK_FIELDS) - set(M2M_FIELDS)
    if unknown:
        raise ValueError(f"Unknown risk fields: {sorted(unknown)}")


def _check_references(initiative: Initiative, data: dict[str, Any]) -> None:
    """Refuse an owner from outside the organisation and tasks of another initiative's plan."""
    errors: dict[str, str] = {}
    owner = data.get("owner")
    if owner is not None and membership_role(user=owner, organisation_id=initiative.organisation_id) is None:
        errors["owner"] = _("The owner must be a member of this organisation.")
    tasks = list(data.get("tasks") or [])
    if tasks:
        ids = {task.pk for task in tasks}
        ours = Task.objects.filter(pk__in=ids, plan__initiative=initiative).count()
        if ours != len(ids):
            errors["tasks"] = _("Choose tasks of this initiative's plan.")
    if errors:
        raise ValidationError(errors)


def _score_and_save(risk: Risk) -> None:
    risk.full_clean()
    risk.apply_assessment(matrix_for(organisation=risk.initiative.organisation).to_core())
    risk.save()


def _next_number(initiative: Initiative) -> int:
    # Lock the initiative so that two risks added at once cannot both take the same number.
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    highest = Risk.objects.filter(initiative=initiative).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


@transaction.atomic
def risk_create(*, user: User, initiative: Initiative, data: dict[str, Any]) -> Risk:
    """Add a risk to ``initiative``'s register from validated ``data``; it gets the next number."""
    require_edit(user, initiative)
    _check_fields(data)
    _check_references(initiative, data)
    risk = Risk(initiative=initiative, **{name: data[name] for name in RISK_FIELDS if name in data})
    risk.number = _next_number(initiative)
    _score_and_save(risk)
    if data.get("tasks"):
        risk.tasks.set(data["tasks"])
    audit_created(
        actor=user, organisation=initiative.organisation, instance=risk, initiative_id=initiative.pk
    )
    return risk


@transaction.atomic
def risk_update(*, user: User, risk: Risk, expected_version: int, data: dict[str, Any]) -> Risk:
    """Apply validated ``data`` to ``risk`` if nobody changed it since ``expected_version``."""
    initiative = risk.initiative
    require_edit(user, initiative)
    _check_fields(data)
    _check_references(initiative, data)
    before = snapshot(risk)
    claim_version(risk, expected_version)
    for name in RISK_FIELDS:
        if name in data:
            setattr(risk, name, data[name])
    _score_and_save(risk)
    if "tasks" in data:
        risk.tasks.set(data["tasks"])
    audit_record(
        actor=user,
        organisation=initiative.organisation,
        instance=risk,
        action="update",
        changes=changes_between(before, snapshot(risk)),
        initiative_id=initiative.pk,
    )
    return risk


@transaction.atomic
def risk_delete(*, user: User, risk: Risk, expected_version: int) -> None:
    """Remove ``risk`` if it is still as the person confirming saw it; the audit trail keeps its values."""
    initiative = risk.initiative
    require_edit(user, initiative)
    claim_version(risk, expected_version)
    audit_deleted(
        actor=user, organisation=initiative.organisation, instance=risk, initiative_id=initiative.pk
    )
    risk.delete()


def risks_rescore(*, organisation: Organisation, matrix: RiskMatrix) -> int:
    """Score every risk of ``organisation`` again on ``matrix``; return how many. Call inside the
    transaction that changed the matrix (the scores are derived, so no audit entry per risk)."""
    core_matrix = matrix.to_core()
    risks = list(Risk.objects.filter(initiative__organisation=organisation))
    for risk in risks:
        risk.apply_assessment(core_matrix)
    Risk.objects.bulk_update(risks, ASSESSMENT_FIELDS, batch_size=500)
    return len(risks)


@transaction.atomic
def matrix_update(
    *, user: User, organisation: Organisation, expected_version: int, data: dict[str, Any]
) -> RiskMatrix:
    """Change the organisation's risk matrix (creating it from the defaults the first time) and rescore
    every risk of the organisation."""
    if not permissions.can_edit_matrix(membership_role(user=user, organisation_id=organisation.pk)):
        raise PermissionDenied
    matrix, created = RiskMatrix.objects.get_or_create(organisation=organisation)
    if created:
        audit_created(actor=user, organisation=organisation, instance=matrix)
    claim_version(matrix, expected_version)
    matrix = update_with_audit(
        actor=user, organisation=organisation, instance=matrix, fields=MATRIX_FIELDS, data=data
    )
    risks_rescore(organisation=organisation, matrix=matrix)
    return matrix
