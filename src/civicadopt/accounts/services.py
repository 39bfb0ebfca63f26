"""Writes to organisations, departments, goals and memberships, each with its audit entry."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from civicadopt.audit.services import (
    audit_created,
    audit_deleted,
    audit_record,
    changes_between,
    snapshot,
    update_with_audit,
)
from civicadopt.concurrency import claim_version

from . import conventions
from .models import Department, Membership, Organisation, StrategicGoal, User
from .roles import Role, role_at_least
from .selectors import membership_role


def _require_admin(user: User, organisation: Organisation) -> None:
    if not role_at_least(membership_role(user=user, organisation_id=organisation.pk), Role.ADMIN):
        raise PermissionDenied


@transaction.atomic
def organisation_update(
    *, user: User, organisation: Organisation, expected_version: int, data: dict[str, Any]
) -> Organisation:
    """Change the organisation's settings if nobody else did since ``expected_version``."""
    _require_admin(user, organisation)
    claim_version(organisation, expected_version)
    update_with_audit(
        actor=user,
        organisation=organisation,
        instance=organisation,
        fields=Organisation.SETTINGS_FIELDS,
        data=data,
    )
    return organisation


@transaction.atomic
def department_create(*, user: User, organisation: Organisation, name: str) -> Department:
    _require_admin(user, organisation)
    department = Department(organisation=organisation, name=name.strip())
    department.full_clean()
    department.save()
    audit_created(actor=user, organisation=organisation, instance=department)
    return department


@transaction.atomic
def department_delete(*, user: User, department: Department) -> None:
    """Delete a department; its initiatives keep existing without a department."""
    _require_admin(user, department.organisation)
    audit_deleted(actor=user, organisation=department.organisation, instance=department)
    department.delete()


@transaction.atomic
def goal_create(
    *, user: User, organisation: Organisation, title: str, description: str = ""
) -> StrategicGoal:
    _require_admin(user, organisation)
    position = organisation.goals.count() + 1
    goal = StrategicGoal(
        organisation=organisation, title=title.strip(), description=description, position=position
    )
    goal.full_clean()
    goal.save()
    audit_created(actor=user, organisation=organisation, instance=goal)
    return goal


@transaction.atomic
def goal_delete(*, user: User, goal: StrategicGoal) -> None:
    _require_admin(user, goal.organisation)
    audit_deleted(actor=user, organisation=goal.organisation, instance=goal)
    goal.delete()


def _set_role(*, actor: User | None, membership: Membership, role: str) -> Membership:
    """Give ``membership`` a new role with its audit entry; an organisation always keeps an administrator."""
    organisation = membership.organisation
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == membership.role:
        return membership
    if (
        membership.role == Role.ADMIN
        and not organisation.memberships.filter(role=Role.ADMIN).exclude(pk=membership.pk).exists()
    ):
        raise ValidationError({"role": _("The organisation needs at least one administrator.")})
    before = snapshot(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        organisation=organisation,
        instance=membership,
        action="update",
        changes=changes_between(before, snapshot(membership)),
    )
    return membership


@transaction.atomic
def membership_change_role(*, user: User, membership: Membership, role: str) -> Membership:
    """Give ``membership`` a new role, as an administrator of its organisation."""
    _require_admin(user, membership.organisation)
    return _set_role(actor=user, membership=membership, role=role)


@transaction.atomic
def membership_grant(*, actor: User | None, organisation: Organisation, user: User, role: str) -> Membership:
    """Make ``user`` a member of ``organisation`` with ``role`` (or change their role), with its audit entry.

    ``actor`` None means the server's operator at the console (``civicadopt createadmin``): the audit trail
    records "system". A signed-in actor must be an administrator of the organisation.
    """
    if actor is not None:
        _require_admin(actor, organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        audit_created(actor=actor, organisation=organisation, instance=membership)
        return membership
    return _set_role(actor=actor, membership=membership, role=role)


def country_defaults(country: str) -> dict[str, Any]:
    """Return the settings a new organisation of ``country`` starts with (none for an unknown country)."""
    defaults = conventions.defaults_for(country)
    if defaults is None:
        return {}
    return {
        "currency": defaults.currency,
        "fiscal_year_start_month": defaults.fiscal_year_start_month,
        "discount_schedule": defaults.discount_schedule,
        "discount_rate": defaults.discount_rate,
        "discount_rate_source": defaults.discount_rate_source,
    }


@transaction.atomic
def organisation_create(*, slug: str, data: dict[str, Any]) -> Organisation:
    """Create an organisation (a new municipality on this server) from the server's console.

    Only the operator at the console creates organisations (``civicadopt createorg``): on a shared server,
    no organisation's administrator may create others. The audit trail records "system". What ``data``
    leaves out (or gives as None) comes from the country's defaults (``conventions.COUNTRY_DEFAULTS``:
    currency, fiscal year, discount rate and its source).
    """
    given = {name: data[name] for name in Organisation.SETTINGS_FIELDS if data.get(name) is not None}
    organisation = Organisation(slug=slug, **{**country_defaults(given.get("country", "US")), **given})
    organisation.full_clean()
    organisation.save()
    audit_created(actor=None, organisation=organisation, instance=organisation)
    return organisation
