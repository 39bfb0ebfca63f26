"""Writing the audit trail. Call these from inside the service's own transaction."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from civicadopt.accounts.models import Organisation, User

from .models import Action, AuditEntry

Snapshot = dict[str, Any]
ModelT = TypeVar("ModelT", bound=models.Model)


def _json_value(value: Any) -> Any:
    """Return ``value`` in a form JSON keeps without losing meaning (Decimal as exact text)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ("version",)) -> Snapshot:
    """Return the audited field values of ``instance``, many-to-many fields as sorted lists of names."""
    values: Snapshot = {}
    for field in instance._meta.get_fields():
        if field.name in exclude or field.auto_created or not field.concrete:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue  # the entry's own time says when; a timestamp diff on every edit is noise
        if field.many_to_many:
            if instance.pk is None:
                values[field.name] = []
            else:
                values[field.name] = sorted(str(item) for item in getattr(instance, field.name).all())
        elif field.is_relation:
            related = getattr(instance, field.name)
            values[field.name] = None if related is None else str(related)
        else:
            values[field.name] = _json_value(getattr(instance, field.attname))
    return values


def changes_between(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for each field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    actor: User | None,
    organisation: Organisation,
    instance: models.Model,
    action: str,
    changes: dict[str, list[Any]],
    initiative_id: int | None = None,
) -> AuditEntry | None:
    """Write one audit entry for a change to ``instance``; return None for an update that changed nothing.

    Must run inside the transaction that makes the change, so the two stand or fall together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that makes the change.")
    if action == Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        actor_name=actor.display_name if actor is not None else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        initiative_id=initiative_id,
        changes=changes,
    )


def update_with_audit(
    *,
    actor: User | None,
    organisation: Organisation,
    instance: ModelT,
    fields: tuple[str, ...],
    data: dict[str, Any],
    initiative_id: int | None = None,
) -> ModelT:
    """Set ``instance``'s ``fields`` that ``data`` names, validate, save, and audit the changed values.

    The one way services apply a plain edit to a record; call it inside the service's transaction.
    """
    before = snapshot(instance)
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean()
    instance.save()
    audit_record(
        actor=actor,
        organisation=organisation,
        instance=instance,
        action=Action.UPDATE,
        changes=changes_between(before, snapshot(instance)),
        initiative_id=initiative_id,
    )
    return instance


def _audit_whole_record(
    *,
    action: str,
    actor: User | None,
    organisation: Organisation,
    instance: models.Model,
    initiative_id: int | None,
) -> AuditEntry | None:
    values = {name: value for name, value in snapshot(instance).items() if value not in (None, "", [])}
    if action == Action.CREATE:
        changes = {name: [None, value] for name, value in values.items()}
    else:
        changes = {name: [value, None] for name, value in values.items()}
    return audit_record(
        actor=actor,
        organisation=organisation,
        instance=instance,
        action=action,
        changes=changes,
        initiative_id=initiative_id,
    )


def audit_created(
    *,
    actor: User | None,
    organisation: Organisation,
    instance: models.Model,
    initiative_id: int | None = None,
) -> AuditEntry | None:
    """Record that ``instance`` was created, with every audited value as new."""
    return _audit_whole_record(
        action=Action.CREATE,
        actor=actor,
        organisation=organisation,
        instance=instance,
        initiative_id=initiative_id,
    )


def audit_deleted(
    *,
    actor: User | None,
    organisation: Organisation,
    instance: models.Model,
    initiative_id: int | None = None,
) -> AuditEntry | None:
    """Record that ``instance`` is about to be deleted, keeping its last values. Call before deleting."""
    return _audit_whole_record(
        action=Action.DELETE,
        actor=actor,
        organisation=organisation,
        instance=instance,
        initiative_id=initiative_id,
    )
