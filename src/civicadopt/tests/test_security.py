"""Security defaults: production settings, CSP, CSRF, Argon2, login throttling with a cooloff, sessions."""

import importlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

import pytest

from civicadopt.conftest import Tenant

REPO = Path(__file__).resolve().parents[3]


def _production_env(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CIVICADOPT_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="civicadopt.settings",
        CIVICADOPT_VAR_DIR=str(tmp_path),
        CIVICADOPT_HTTPS="true",
        CIVICADOPT_ALLOWED_HOSTS="adopt.riverton.example",
        CIVICADOPT_SECRET_KEY="k" * 20 + "-" + "x7Q" * 20,
    )
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    # when
    result = subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_hash_passwords_with_argon2_and_keep_debug_off(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.contrib.auth.hashers import make_password; "
        "print(s.PASSWORD_HASHERS[0], s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "make_password('x').split('$')[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "False",
        "True",
        "True",
        "argon2",
    ]


def test_a_secret_key_is_generated_once_per_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    monkeypatch.delenv("CIVICADOPT_SECRET_KEY", raising=False)
    monkeypatch.setenv("CIVICADOPT_VAR_DIR", str(tmp_path))
    import civicadopt.settings as production

    # when
    first = importlib.reload(production).SECRET_KEY
    second = importlib.reload(production).SECRET_KEY
    # then
    assert first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # readable by its owner only


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CIVICADOPT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://city:pw@127.0.0.1:5432/adopt")
    import civicadopt.settings as production

    database = importlib.reload(production).DATABASES["default"]
    assert (database["ENGINE"], database["NAME"], database["HOST"]) == (
        "django.db.backends.postgresql",
        "adopt",
        "127.0.0.1",
    )
    monkeypatch.delenv("DATABASE_URL")
    assert importlib.reload(production).DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


@pytest.mark.django_db
def test_every_page_sends_a_strict_content_security_policy(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # no inline script for the policy to allow
    assert " style=" not in response.content.decode()


@pytest.mark.django_db
def test_forms_need_a_csrf_token(tenant_a: Tenant) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant_a.users["admin"])
    response = client.post(reverse("initiatives:create", kwargs={"org": "riverton"}), {"title": "x"})
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()


@pytest.mark.django_db
def test_five_wrong_passwords_pause_sign_in_and_the_pause_ends(tenant_a: Tenant, client: Client) -> None:
    # given
    from axes.models import AccessAttempt

    url = reverse("accounts:login")
    user = tenant_a.users["viewer"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": user.username, "password": "wrong"})
    # when: even the right password is refused while paused
    locked = client.post(url, {"username": user.username, "password": "correct horse battery"})
    # then
    assert locked.status_code == 429
    assert "Signing in is paused" in locked.content.decode()
    assert "Wait 15 minutes and try again" in locked.content.decode()
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    # when the cooloff has passed
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    response = client.post(url, {"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 302


def test_sessions_expire_after_a_working_day_and_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_unknown_addresses_answer_a_plain_404_page(client: Client, tenant_a: Tenant) -> None:
    client.force_login(tenant_a.users["viewer"])
    response = client.get("/o/riverton/initiatives/999999/")
    assert response.status_code == 404
    assert "organisation you are not a member of" in response.content.decode()
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
