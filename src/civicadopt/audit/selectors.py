"""Reads of the audit trail. Callers check that the user is an administrator of ``organisation``."""

from django.db.models import QuerySet

from civicadopt.accounts.models import Organisation

from .models import AuditEntry


def audit_list(*, organisation: Organisation, initiative_id: int | None = None) -> QuerySet[AuditEntry]:
    """Return the organisation's audit entries, newest first; only one initiative's when given."""
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("content_type")
    if initiative_id is not None:
        entries = entries.filter(initiative_id=initiative_id)
    return entries
