"""Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; TLS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, MIDDLEWARE, REDIS_URL, SITE_URL, STORAGES, VAR_DIR
from .env import env_bool, env_int, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in env_required("ALLOWED_HOSTS").split(",") if host.strip()]
env_required("DATABASE_URL")  # base.py already parsed it; here it is mandatory, not defaulted.

if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long and random.")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("SITE_URL must be the public https:// address of the site in production.")

CSRF_TRUSTED_ORIGINS = [SITE_URL]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
# TLS only: an http:// address in content is fetched over https:// (docs/decisions/*-security-headers.md).
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},
}
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# WhiteNoise serves the collected static files (run `manage.py collectstatic` at deploy time).
_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE = [
    *MIDDLEWARE[: _SECURITY + 1],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_SECURITY + 1 :],
]
# Media and certificate files stay where base.py put them (the disk, or S3 with S3_BUCKET: ADR 0020).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not REDIS_URL:
    # One host: files under var/ are shared by its processes. Several nodes need REDIS_URL (ADR 0020).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        # Counters rewritten in place under a lock: atomic, and no file replaced per request (ADR 0024).
        "ratelimit": {
            "BACKEND": "base.filecache.CountingFileCache",
            "LOCATION": str(VAR_DIR / "cache-ratelimit"),
        },
    }
    RATELIMIT_USE_CACHE = "ratelimit"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
DEMO_CONTENT_ALLOWED = False
CERTIFICATE_KEY_AUTOCREATE = False
