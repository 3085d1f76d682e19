"""Fast settings for the test suite: MD5 hashing, in-memory cache and email, immediate tasks."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

import os  # noqa: E402
import tempfile  # noqa: E402

# A signing key per test run, outside the project. The folder is passed on in the environment to the
# pytest-xdist workers (started after the controller read these settings): they share the test database
# the first of them built (tests/database_template.py), whose demo certificates that key signed.
_KEYS = os.environ.get("CART_TEST_KEYS_DIR") or tempfile.mkdtemp(prefix="cart-test-keys-")
os.environ["CART_TEST_KEYS_DIR"] = _KEYS
CERTIFICATE_SIGNING_KEY_FILE = str(Path(_KEYS) / "signing.pem")
PRIVATE_STORAGE_IN_MEMORY = True
# A two-factor code a test computes just before a period ends is still accepted just after (allauth checks
# one period either side), so no test depends on when in the 30 seconds it runs.
MFA_TOTP_TOLERANCE = 1
