"""Test helpers for the API: tokens and clients that send them.

Organisations and users of every role come from the project fixtures ``tenant_a`` and ``tenant_b``
(``civicadopt/conftest.py``).
"""

from datetime import datetime
from typing import Any

from rest_framework.test import APIClient

from civicadopt.accounts.models import User
from civicadopt.api.models import ApiToken
from civicadopt.api.services import token_create


def make_token(
    user: User, *, name: str = "Sync script", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    return token_create(user=user, name=name, expires_at=expires_at)


def api_client(user: User | None = None, *, key: str | None = None) -> APIClient:
    """Return an API client that sends ``key``, or a new token of ``user``, as a bearer token."""
    client = APIClient()
    if key is None and user is not None:
        key = make_token(user)[1]
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """Assert ``response`` is an error in the API's one shape; return its ``error`` object."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error
