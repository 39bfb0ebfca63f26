"""Optimistic concurrency for records people edit in forms (initiatives, organisation settings).

Each such record carries a ``version``. An edit names the version it started from; one conditional
``UPDATE ... WHERE version = expected`` is the gate, so of two edits based on the same version exactly one
passes, on SQLite and PostgreSQL alike, without holding a lock while a person types.
"""

from typing import Any

from django.db import models
from django.db.models import F
from django.http import Http404


class VersionConflict(Exception):
    """The record changed since the editor loaded it; their edit was not applied."""

    def __init__(self, current: Any) -> None:
        super().__init__(f"{current} was changed by someone else (now version {current.version}).")
        self.current = current


def claim_version(instance: models.Model, expected_version: int) -> None:
    """Move the stored version of ``instance`` from ``expected_version`` to the next, or raise VersionConflict.

    Call inside the transaction that then saves the edit; ``instance.version`` is updated to match.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model._default_manager.filter(pk=instance.pk).first()
        if current is None:
            raise Http404  # deleted by someone else since it was loaded
        raise VersionConflict(current)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
