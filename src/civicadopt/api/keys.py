"""Making API keys and the hash that is stored in their place."""

import hashlib
import secrets

from .models import PREFIX_LENGTH

# 32 random bytes: 256 bits, far beyond guessing, so a fast unsalted hash is safe to store (see models).
KEY_BYTES = 32


def key_generate() -> str:
    """Return a new random API key (43 URL-safe characters)."""
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key: str) -> str:
    """Return the SHA-256 hex digest of ``key``: the only form of the key that is stored."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_prefix(key: str) -> str:
    """Return the first characters of ``key``, shown to people so they can tell their keys apart."""
    return key[:PREFIX_LENGTH]
