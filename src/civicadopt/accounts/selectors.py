"""Reads of organisations and memberships, always from the requesting user's point of view."""

from django.db.models import QuerySet
from django.http import Http404

from .models import Membership, Organisation, User


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """Return the organisations ``user`` is a member of."""
    return Organisation.objects.filter(memberships__user=user).distinct()


def membership_get(*, user: User, organisation_slug: str) -> Membership:
    """Return ``user``'s membership of the organisation with ``organisation_slug``.

    Raise Http404 when the user is not a member: whether the organisation exists must not leak.
    """
    try:
        return Membership.objects.select_related("organisation").get(
            user=user, organisation__slug=organisation_slug
        )
    except Membership.DoesNotExist as exc:
        raise Http404 from exc


def membership_role(*, user: User, organisation_id: int) -> str | None:
    """Return ``user``'s role in the organisation, or None when not a member."""
    return (
        Membership.objects.filter(user=user, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def member_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user")
