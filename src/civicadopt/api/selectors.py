"""Reads for the API: API keys, and initiatives and organisations as the API lists them."""

import hmac

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from civicadopt.accounts.models import Membership, Organisation, User
from civicadopt.accounts.selectors import organisation_list
from civicadopt.initiatives.models import Initiative
from civicadopt.initiatives.selectors import initiative_api_list

from .keys import key_hash
from .models import ApiToken


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """Return ``user``'s own API keys, newest first."""
    return ApiToken.objects.filter(user=user)


def token_get(*, user: User, pk: int) -> ApiToken:
    """Return ``user``'s API key ``pk``; raise Http404 for anyone else's, exactly as for a missing one."""
    try:
        return token_list(user=user).get(pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc


def token_get_by_key(*, key: str) -> ApiToken | None:
    """Return the API key whose hash matches ``key`` (with its user), or None.

    The lookup is by the hash, so the database never compares the secret itself; the final comparison
    is constant-time all the same, so its duration says nothing about how much of a hash matched.
    """
    digest = key_hash(key)
    token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    return token


def organisation_api_list(*, user: User) -> QuerySet[Organisation]:
    """Return ``user``'s organisations, each annotated with ``role``: the user's role in it."""
    role = Membership.objects.filter(user=user, organisation=OuterRef("pk")).values("role")[:1]
    return organisation_list(user=user).annotate(role=Subquery(role)).order_by("name", "pk")


def organisation_api_get(*, user: User, pk: int) -> Organisation:
    """Return ``user``'s organisation ``pk`` with ``role``; raise Http404 when the user is not a member."""
    try:
        return organisation_api_list(user=user).get(pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc


def initiative_api_search(
    *,
    user: User,
    organisation_id: int | None = None,
    stage: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[Initiative]:
    """Return the initiatives ``user`` may see, narrowed by organisation, stage, status and a text search."""
    initiatives = initiative_api_list(user=user)
    if organisation_id is not None:
        initiatives = initiatives.filter(organisation_id=organisation_id)
    if stage:
        initiatives = initiatives.filter(stage=stage)
    if status:
        initiatives = initiatives.filter(status=status)
    if q:
        initiatives = initiatives.filter(Q(title__icontains=q) | Q(problem_statement__icontains=q))
    # The primary key last: page boundaries must not move when two titles are equal.
    return initiatives.order_by("organisation__name", "title", "pk")


def initiative_api_get(*, user: User, pk: int) -> Initiative:
    """Return initiative ``pk`` if ``user`` may see it; raise Http404 otherwise (existence must not leak)."""
    try:
        return initiative_api_list(user=user).get(pk=pk)
    except Initiative.DoesNotExist as exc:
        raise Http404 from exc
