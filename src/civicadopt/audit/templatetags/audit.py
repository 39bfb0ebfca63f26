from django import template

from civicadopt.audit.models import AuditEntry
from civicadopt.audit.presentation import Change, readable_changes

register = template.Library()


@register.filter
def changes(entry: AuditEntry) -> list[Change]:
    """Return ``entry``'s changes with readable labels (see ``audit.presentation``)."""
    return readable_changes(entry)
