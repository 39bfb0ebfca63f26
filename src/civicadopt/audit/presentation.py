"""The audit trail in words people use: field labels instead of field names, choice labels instead of codes."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist

from .models import AuditEntry


@dataclass(frozen=True)
class Change:
    label: str
    old: Any
    new: Any


def _display(field: Any, value: Any) -> Any:
    choices = dict(getattr(field, "flatchoices", None) or ())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or None
    return choices.get(value, value)


def readable_changes(entry: AuditEntry) -> list[Change]:
    """Return the entry's changes with each field's label and each coded value's label."""
    model = entry.content_type.model_class()
    changes = []
    for name, (old, new) in entry.changes.items():
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        label = (
            str(getattr(field, "verbose_name", name)) if field is not None else name
        )  # relations have none
        changes.append(
            Change(label=label[:1].upper() + label[1:], old=_display(field, old), new=_display(field, new))
        )
    return changes
