"""Writes of API keys: creating one (the only moment its secret exists in the clear) and revoking one."""

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicadopt.accounts.models import User

from .keys import key_generate, key_hash, key_prefix
from .models import ApiToken

# API keys belong to a person, not to an organisation, so they have no place in an organisation's
# audit trail; the security log records them instead.
logger = logging.getLogger("civicadopt.security")


@transaction.atomic
def token_create(*, user: User, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create an API key for ``user``; return the stored token and the key, which is never kept.

    Raise ValidationError for an empty name or an expiry that is not in the future.
    """
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Choose an expiry in the future.")})
    key = key_generate()
    token = ApiToken(
        user=user, name=name.strip(), prefix=key_prefix(key), key_hash=key_hash(key), expires_at=expires_at
    )
    token.full_clean()
    token.save()
    logger.info("API key %s (%s) created for user %s", token.pk, token.prefix, user.pk)
    return token, key


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` so it is refused from now on; revoking a revoked key keeps the first date.

    Raise PermissionDenied when ``token`` is not ``user``'s own.
    """
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API key %s (%s) revoked by user %s", token.pk, token.prefix, user.pk)
    return token
