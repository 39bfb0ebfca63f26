"""Settings for the test suite: the production settings with changes that speed tests up, and the
source strings' language (British English) as the default.

Everything else (CSP, CSRF, Argon2 as the production hasher, throttling) is exactly as in production,
and ``tests/test_settings.py`` checks the production module itself.
"""

from .settings import *  # noqa: F403
from .settings import STORAGES

# Argon2 costs ~0.35 s a check here; tests log in hundreds of times. Production keeps Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The manifest needs collectstatic; tests serve static files straight from the app folders.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# Tests make many requests from one address and user; the API rate limit is tested on its own.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "100000/minute"}}  # noqa: F405
# Each test process keeps its cache in memory: nothing carries over between test runs or processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tests compare messages with the source strings as written (British English); the American English
# catalogue, the default in production, has its own tests in accounts/tests.
LANGUAGE_CODE = "en-gb"

# WhiteNoise warns when its folder is missing; collectstatic is not run for tests.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
