"""API tokens: stored only as a hash, accepted while valid, refused with a 401 in the error shape."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

import pytest

from civicadopt.accounts.roles import Role
from civicadopt.api.keys import key_hash
from civicadopt.api.models import ApiToken, TokenStatus
from civicadopt.api.services import token_revoke

from .factories import api_client, assert_error, make_token

pytestmark = pytest.mark.django_db

LIST = reverse("api:api-initiative-list")


def test_token_is_stored_only_as_a_hash(tenant_a):
    # given
    user = tenant_a.users[Role.VIEWER]
    # when
    token, key = make_token(user)
    # then
    assert len(key) >= 43
    assert token.key_hash == key_hash(key) != key
    assert token.prefix == key[:8]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        rows = cursor.fetchall()
    assert rows and not any(key in str(value) for row in rows for value in row)


def test_each_token_is_different(tenant_a):
    user = tenant_a.users[Role.VIEWER]
    keys = {make_token(user)[1] for _ in range(5)}
    assert len(keys) == 5


def test_valid_token_authenticates_and_records_last_use(tenant_a):
    token, key = make_token(tenant_a.users[Role.VIEWER])
    response = api_client(key=key).get(LIST)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(tenant_a):
    token, key = make_token(tenant_a.users[Role.VIEWER])
    recent = timezone.now() - timedelta(seconds=10)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    api_client(key=key).get(LIST)
    token.refresh_from_db()
    assert token.last_used_at == recent


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_both_keywords_are_accepted(tenant_a, keyword):
    _, key = make_token(tenant_a.users[Role.VIEWER])
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    assert client.get(LIST).status_code == 200


def test_revoked_token_is_refused(tenant_a):
    user = tenant_a.users[Role.VIEWER]
    token, key = make_token(user)
    token_revoke(user=user, token=token)
    error = assert_error(api_client(key=key).get(LIST), 401, "authentication_failed")
    assert "revoked" in error["message"]


def test_expired_token_is_refused(tenant_a):
    token, key = make_token(tenant_a.users[Role.VIEWER])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    error = assert_error(api_client(key=key).get(LIST), 401, "authentication_failed")
    assert "expired" in error["message"]


def test_token_of_a_deactivated_account_is_refused(tenant_a):
    user = tenant_a.users[Role.VIEWER]
    _, key = make_token(user)
    user.is_active = False
    user.save()
    assert_error(api_client(key=key).get(LIST), 401, "authentication_failed")


@pytest.mark.parametrize(
    "header",
    ["Bearer not-a-real-token", "Bearer", "Bearer two parts", "Token ", "Bearer \u00e9t\u00e9"],
)
def test_malformed_or_unknown_token_is_refused(db, header):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(LIST)
    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Bearer"


def test_no_credentials_answers_401_not_403(db):
    response = api_client().get(LIST)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_hash_of_a_token_is_not_a_token(tenant_a):
    token, _ = make_token(tenant_a.users[Role.VIEWER])
    assert_error(api_client(key=token.key_hash).get(LIST), 401, "authentication_failed")


def test_status_revoked_wins_over_expired(tenant_a):
    token, _ = make_token(tenant_a.users[Role.VIEWER])
    now = timezone.now()
    token.expires_at = now - timedelta(days=1)
    assert token.status_at(now) == TokenStatus.EXPIRED
    token.revoked_at = now
    assert token.status_at(now) == TokenStatus.REVOKED


def test_expiry_must_be_in_the_future(tenant_a):
    with pytest.raises(ValidationError):
        make_token(tenant_a.users[Role.VIEWER], expires_at=timezone.now() - timedelta(days=1))


def test_empty_name_is_refused(tenant_a):
    with pytest.raises(ValidationError):
        make_token(tenant_a.users[Role.VIEWER], name="   ")


def test_only_the_owner_may_revoke(tenant_a):
    token, _ = make_token(tenant_a.users[Role.VIEWER])
    with pytest.raises(PermissionDenied):
        token_revoke(user=tenant_a.users[Role.ADMIN], token=token)


def test_revoking_twice_keeps_the_first_date(tenant_a):
    user = tenant_a.users[Role.VIEWER]
    token, _ = make_token(user)
    first = token_revoke(user=user, token=token).revoked_at
    assert token_revoke(user=user, token=token).revoked_at == first
