"""API authentication by a personal API key sent as ``Authorization: Bearer <key>``."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from civicadopt.accounts.models import User

from .models import ApiToken, TokenStatus
from .selectors import token_get_by_key

# "Token" is accepted too, because it is what Django REST framework's own token scheme uses and what
# many client libraries send by default.
KEYWORDS = (b"bearer", b"token")

# Recording every use would turn each read into a write; once a minute is precise enough to tell
# whether a key is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class HashedTokenAuthentication(BaseAuthentication):
    """Authenticate a request by an API key, which is looked up by its SHA-256 hash."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        """Return ``(user, token)`` for a valid key, None when no key was sent.

        Raise AuthenticationFailed for a malformed header, an unknown, revoked or expired key, or a
        deactivated account.
        """
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Send the token as 'Authorization: Bearer <token>', with no spaces in the token.")
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("This API token is not valid.")) from exc
        return self._authenticate_key(key)

    def _authenticate_key(self, key: str) -> tuple[User, ApiToken]:
        token = token_get_by_key(key=key)
        if token is None:
            raise AuthenticationFailed(_("This API token is not valid."))
        now = timezone.now()
        status = token.status_at(now)
        if status == TokenStatus.REVOKED:
            raise AuthenticationFailed(_("This API token has been revoked."))
        if status == TokenStatus.EXPIRED:
            raise AuthenticationFailed(_("This API token has expired."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("The account this API token belongs to is deactivated."))
        self._record_use(token, now)
        return token.user, token

    @staticmethod
    def _record_use(token: ApiToken, now: datetime) -> None:
        if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
            return
        # A queryset update writes the one column without touching the rest of the row.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

    def authenticate_header(self, request: Request) -> str:
        """Return the WWW-Authenticate challenge; having one makes DRF answer 401 rather than 403."""
        return "Bearer"
