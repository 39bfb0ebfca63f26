"""The "API tokens" pages: list, create (key shown once), revoke own only."""

from django.urls import reverse

import pytest

from civicadopt.accounts.roles import Role
from civicadopt.api.keys import key_hash
from civicadopt.api.models import ApiToken

from .factories import make_token

pytestmark = pytest.mark.django_db

LIST = reverse("api:token-list")


def revoke_url(token: ApiToken) -> str:
    return reverse("api:token-revoke", kwargs={"pk": token.pk})


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_shows_only_own_tokens(client, tenant_a):
    make_token(tenant_a.users[Role.VIEWER], name="Mine")
    make_token(tenant_a.users[Role.ADMIN], name="Someone else's")
    client.force_login(tenant_a.users[Role.VIEWER])
    html = client.get(LIST).content.decode()
    assert "Mine" in html
    assert "Someone else" not in html


def test_create_shows_the_key_once(client, tenant_a):
    user = tenant_a.users[Role.VIEWER]
    client.force_login(user)
    response = client.post(LIST, {"name": "Budget sync", "lifetime": "30"})
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == key_hash(key)
    assert token.expires_at is not None
    html = response.content.decode()
    assert key in html
    assert "will not be shown again" in html
    assert "no-store" in response["Cache-Control"]
    # Shown once: the list afterwards has the prefix only.
    later = client.get(LIST).content.decode()
    assert key not in later
    assert token.prefix in later


def test_create_without_expiry(client, tenant_a):
    client.force_login(tenant_a.users[Role.VIEWER])
    client.post(LIST, {"name": "Forever", "lifetime": "0"})
    assert ApiToken.objects.get().expires_at is None


def test_create_with_invalid_form_creates_nothing(client, tenant_a):
    client.force_login(tenant_a.users[Role.VIEWER])
    response = client.post(LIST, {"name": "", "lifetime": "12"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "lifetime"}
    assert not ApiToken.objects.exists()


def test_revoke_own(client, tenant_a):
    user = tenant_a.users[Role.VIEWER]
    token, _ = make_token(user)
    client.force_login(user)
    response = client.post(revoke_url(token))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_is_post_only(client, tenant_a):
    user = tenant_a.users[Role.VIEWER]
    token, _ = make_token(user)
    client.force_login(user)
    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_another_users_token_is_not_found(client, tenant_a):
    token, _ = make_token(tenant_a.users[Role.VIEWER])
    client.force_login(tenant_a.users[Role.ADMIN])
    assert client.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_page_has_no_inline_script_or_style(client, tenant_a):
    client.force_login(tenant_a.users[Role.VIEWER])
    html = client.get(LIST).content.decode()
    assert "style=" not in html
    assert "<script>" not in html
