from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def in_minutes(duration: timedelta | None) -> str:
    """Return ``duration`` in whole minutes, in words ("15 minutes"), rounding up."""
    if duration is None:
        return ""
    minutes = max(1, -(-int(duration.total_seconds()) // 60))
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
