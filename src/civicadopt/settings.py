"""Settings for Civic Adopt, read from the environment with safe defaults.

Every setting an operator may change is read here, from an environment variable, and documented in
``docs/operations/configuration.md``. With no environment at all the product runs as a single-town
install: SQLite under ``var/``, DEBUG off, a secret key generated on first run.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable ``name`` read as a yes/no flag."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Return the comma-separated environment variable ``name`` as a list."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# CIVICADOPT_VAR_DIR: where the SQLite database, the generated secret key and uploads live.
# Default: ``var/`` in the current working directory (the repository root for ``make run``).
VAR_DIR = Path(os.environ.get("CIVICADOPT_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    """Return CIVICADOPT_SECRET_KEY, or a key generated once into ``var/secret_key``.

    Generating the key on first run means no install ever runs on a key published in the source.
    """
    from_env = os.environ.get("CIVICADOPT_SECRET_KEY")
    if from_env:
        return from_env
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # O_EXCL: two processes starting at once must not write two different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()

# CIVICADOPT_DEBUG: never on a server reachable by others.
DEBUG = env_bool("CIVICADOPT_DEBUG")

# CIVICADOPT_ALLOWED_HOSTS: comma-separated host names the server answers to.
ALLOWED_HOSTS = env_list("CIVICADOPT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# CIVICADOPT_CSRF_TRUSTED_ORIGINS: e.g. https://adopt.example.gov when behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CIVICADOPT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "civicadopt.accounts",
    "civicadopt.audit",
    "civicadopt.initiatives",
    "civicadopt.areas",
    "civicadopt.business_cases",
    "civicadopt.planning",
    "civicadopt.risks",
    "civicadopt.funding",
    "civicadopt.reports",
    "civicadopt.api",
    "civicadopt.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "civicadopt.accounts.middleware.LoginRequiredMiddleware",
    # After authentication: an organisation's pages use its language and time zone.
    "civicadopt.accounts.middleware.OrganisationConventionsMiddleware",
    # Axes last, as its documentation asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicadopt.urls"
WSGI_APPLICATION = "civicadopt.wsgi.application"
ASGI_APPLICATION = "civicadopt.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "civicadopt.accounts.context_processors.organisation_context",
            ],
        },
    },
]

# Forms render through our own templates with USWDS markup (labels, hints, field-level errors
# linked by aria-describedby), so every form in the product is accessible the same way.
FORM_RENDERER = "civicadopt.forms.USWDSFormRenderer"

# DATABASE_URL: e.g. postgres://user:pass@127.0.0.1:5432/civicadopt. Default: SQLite under var/.
_database_url = os.environ.get("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "civicadopt.sqlite3",
            # Each server thread keeps its connection: opening one (and running the PRAGMAs below) took
            # about 2 ms of every request, more than serving a whole static file (bench/pages.py).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
                # start of a transaction, so two writers queue instead of failing with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Argon2 first: new and re-saved passwords use it; older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): after 5 failures for one user name from one address, that pair waits
# CIVICADOPT_LOGIN_COOLOFF_MINUTES (default 15). Never a permanent lockout: an attacker must not be
# able to lock the city's staff out of their own tool.
AXES_FAILURE_LIMIT = int(os.environ.get("CIVICADOPT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CIVICADOPT_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: 8 hours (a working day), renewed while the user is active, ended when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("CIVICADOPT_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# CIVICADOPT_HTTPS: set when the product is served over HTTPS (any install reachable by others).
# It turns on secure cookies, HSTS and the redirect to HTTPS.
HTTPS = env_bool("CIVICADOPT_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The preload directive only takes effect when the apex domain is submitted to browsers' preload list,
# which is the city's decision; sending it from this host is harmless. CIVICADOPT_HSTS_PRELOAD=false drops it.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("CIVICADOPT_HSTS_PRELOAD", True)
# CIVICADOPT_BEHIND_PROXY: a reverse proxy (nginx) terminates HTTPS in front of this server. `civicadopt
# serve` then makes waitress trust the X-Forwarded-* headers of CIVICADOPT_TRUSTED_PROXY only (see
# cli.waitress_proxy_options); this line covers other WSGI servers that pass the header through.
if env_bool("CIVICADOPT_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and styles only from our own origin, no inline script at all.
# The API docs pages (Swagger UI, Redoc) are served from our own static files, never a CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# American English is the default; British English is the language of the source strings. The en_US
# catalogue under locale/ is generated from them by `make messages` (scripts/make_messages.py). An
# organisation's pages use its own language and time zone (accounts.conventions); these are the
# defaults for pages outside an organisation (sign-in) when the browser asks for neither.
# CIVICADOPT_LANGUAGE: en-us or en-gb.
LANGUAGES = [("en-us", _("American English")), ("en-gb", _("British English"))]
# Dates on pages follow the language: "Dec 7, 2026" (US) or "7 Dec 2026" (UK); see civicadopt/formats/.
FORMAT_MODULE_PATH = ["civicadopt.formats"]
LANGUAGE_CODE = os.environ.get("CIVICADOPT_LANGUAGE", "en-us").strip().lower()
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"CIVICADOPT_LANGUAGE must be en-us or en-gb, not {LANGUAGE_CODE!r}")
LOCALE_PATHS = [BASE_DIR / "locale"]
# CIVICADOPT_TIME_ZONE: the time zone of pages outside an organisation and of organisations without one.
TIME_ZONE = os.environ.get("CIVICADOPT_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CIVICADOPT_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("CIVICADOPT_PLAIN_STATIC")
            else "civicadopt.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads larger than this are refused before they reach a form (imports state their own limits too).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civicadopt.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "civicadopt.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("CIVICADOPT_API_RATE", "600/minute")},
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Civic Adopt API",
    "DESCRIPTION": "Initiatives and organisations of the municipalities you belong to.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (nested controls fail WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# The cache holds the API rate counts. `civicadopt serve` runs several worker processes, so it lives in
# files that every process of this machine shares: in one process's memory, each worker would count
# separately and allow a user that many times CIVICADOPT_API_RATE.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_errors": {"()": "civicadopt.errors.ExpectedErrorsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CIVICADOPT_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Security events (API tokens created and revoked) are kept at INFO whatever the general level.
        "civicadopt.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # An expected 403 or 404 is one line ("Not Found: /path"), not a traceback; a 500 keeps its own.
        "django.request": {"filters": ["expected_errors"]},
    },
}
CSRF_FAILURE_VIEW = "civicadopt.errors.csrf_failure"

# CIVICADOPT_MAX_HORIZON_YEARS (default 60): the longest appraisal period a business case may have; a
# cost or benefit line after the case's own period is refused.
MAX_HORIZON_YEARS = int(os.environ.get("CIVICADOPT_MAX_HORIZON_YEARS", "60"))
