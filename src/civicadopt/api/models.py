"""API keys: a person's long-lived credentials for scripts and other systems calling the REST API.

Only a SHA-256 hash of each key is stored. The key itself is shown once, when it is created; a copy of the
database is therefore not a copy of anyone's keys. SHA-256 without a salt or a slow hash is enough here
because the key is 256 bits of randomness (``secrets.token_urlsafe(32)``), not a password a person chose:
there is nothing to guess from a dictionary.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    """One API key of one person; it acts with exactly that person's memberships and roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'Budget spreadsheet sync'.")
    )
    # The first characters of the key, shown in lists so a person can tell their keys apart.
    prefix = models.CharField(_("token starts with"), max_length=PREFIX_LENGTH, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status_at(self, moment: datetime) -> str:
        """Return the key's status (active, expired or revoked) at ``moment``; revoked wins over expired."""
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= moment:
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    @property
    def status(self) -> str:
        """Return the key's status now."""
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return str(TokenStatus(self.status).label)
