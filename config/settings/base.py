"""Settings shared by every environment. The environment is read here, once."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import scaleout
from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Site-wide templates, static files, locale and fonts. Not a Python package: the stdlib owns `site`.
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# The public address in links, QR codes, PDFs and emails. Unset, it is where `runserver` listens
# (HOST/PORT, as `make run` passes them); production requires an explicit https:// address.
SITE_URL = env_str("SITE_URL", f"http://{env_str('HOST', '127.0.0.1')}:{env_str('PORT', '8000')}").rstrip("/")
SITE_NAME = "CAR-T Academy"
# load_demo creates accounts with known passwords; production turns this off.
DEMO_CONTENT_ALLOWED = True

INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "base",
    "audit",
    "people.apps.PeopleConfig",
    "people.apps.PeopleUsersAppConfig",  # replaces wagtail.users with a viewset for our user model
    "courses",
    "assessments",
    "learning",
    "certificates",
    "employers",
    "demo",
    "scheduler",  # periodic jobs: a row per job with its next run, claimed once (ADR "periodic jobs")
    # Wagtail
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.forms",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",  # the database task backend and its `db_worker` command
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    # First: a repeated GET /api/v1/certificates/<code> is answered from the answer this process built, with
    # the headers the whole stack wrote on it, unless a request-dependent decision could differ (ADR 0024).
    "certificates.middleware.VerificationAnswerMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "base.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "base.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "base.pagecache.CachedSiteMiddleware",  # Wagtail's site for the host, kept per publish (ADR 0018)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in the person's chosen language (or Russian), never the browser's.
    "people.admin_language.AdminLanguageMiddleware",
    "audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "courses.middleware.AdminScopeMiddleware",  # admin views held to what the editor may see
    # Above XFrameOptionsMiddleware, so it sees the final X-Frame-Options and mirrors it (frame-ancestors).
    "base.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Privileged people reach the admin and organisation screens only with two-factor on (ADR 0013).
    "people.mfa.MFARequiredMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so every middleware above still runs on a stored answer (ADR 0018): signed-out visitors' public
    # pages come from the cache, keyed by the publish generation.
    "base.pagecache.AnonymousPageCacheMiddleware",
    # Signed-in people's course pages, kept per person and learning state (ADR 0023).
    "people.personal_cache.PersonalPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "base.context_processors.site_chrome",
                # The CSRF token as a placeholder on a page rendered for the personal page cache (ADR 0023).
                "people.personal_cache.csrf_placeholder",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several people at once, so writers queue instead of failing with
    # "database is locked": WAL lets readers go on while one transaction writes, IMMEDIATE takes the write
    # lock when a transaction starts (never halfway through it), and a busy writer is waited for up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id first (OWASP's minimum: 19 MiB, 2 passes, 1 lane; people/hashers.py, ADR 0025); the PBKDF2 and
# other Django hashers after it so that older hashes still verify and are rehashed to Argon2id at sign-in.
PASSWORD_HASHERS = [
    "people.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:profile"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up signs the person in and takes them on to where the
# sign-up was leading (its `next`); a link opened anywhere else still asks for the password (allauth's rule).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and tested. A failed-login limit answers with a
    # form error; the others answer 429 (site/templates/429.html).
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_ADAPTER = "people.mfa.MFAAdapter"  # the last authenticator app of someone who needs it stays on
# Two-factor is required of superusers, staff, anyone who may open the Wagtail admin, and members holding
# one of these organisation roles (people.mfa.requires_mfa; ADR 0013).
MFA_REQUIRED_ROLES = ["admin", "reviewer"]

# Internationalisation -----------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# Named in the reader's language in the admin («Английский»); the site's switcher keeps LANGUAGES' own names.
WAGTAIL_CONTENT_LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "cart_language"

# Static and media ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files only the app may hand out (certificate PDFs), never served directly by a web server.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email --------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CAR-T Academy <noreply@cart-academy.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background tasks (Django's task API through django_tasks, as Wagtail uses it) --------------------
# TASKS_BACKEND picks where tasks run: "database" (default: rows in the database, run by
# `manage.py db_worker`, which `make run` starts) or "immediate" (inside the request; no worker needed).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
# Redis (ADR 0020): with REDIS_URL set, tasks go to RQ by default (`manage.py rqworker default
# --job-class django_tasks_rq.Job` runs them); TASKS_BACKEND=database keeps them in the database instead.
REDIS_URL = env_str("REDIS_URL")
TASK_BACKENDS["rq"] = "django_tasks_rq.RQBackend"
TASKS_BACKEND = env_str("TASKS_BACKEND", "rq" if REDIS_URL else "database")
if TASKS_BACKEND == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {sorted(TASK_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = scaleout.rq_queues(REDIS_URL)
    # Jobs run in the worker process itself, not in a process forked per job: a fork re-imports the PDF,
    # signing and JSON-LD libraries and opens a new database connection for every job (ADR 0025). The
    # connection is checked between jobs as between requests (scheduler/apps.py).
    RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}
    RQ_SHOW_ADMIN_LINK = False

# Periodic jobs, run by `manage.py scheduler` (started beside the worker): each enqueues its task once per
# slot, however many schedulers run. "every": seconds; or "at": "HH:MM" in TIME_ZONE, daily, or on
# "weekday" (0 = Monday) only.
CERTIFICATE_REMINDER_DAYS = (90, 60, 30)  # holders hear this many days before their certificate expires
EMPLOYER_DIGEST_WEEKDAY = env_int("EMPLOYER_DIGEST_WEEKDAY", 0)  # HR's weekly list of expiring certificates
EMPLOYER_DIGEST_DAYS = 30  # the digest lists certificates that expire within this many days
SCHEDULED_TASKS = {
    "finish-overdue-attempts": {"task": "assessments.tasks.finish_overdue_attempts_task", "every": 60},
    "certificate-renewal-reminders": {
        "task": "certificates.tasks.send_renewal_reminders_task",
        "at": "09:00",
    },
    "employer-expiry-digest": {
        "task": "employers.tasks.send_expiry_digests_task",
        "at": "09:00",
        "weekday": EMPLOYER_DIGEST_WEEKDAY,
    },
}

# Certificates ------------------------------------------------------------------------------------
CERTIFICATE_SIGNING_KEY = env_str("CERTIFICATE_SIGNING_KEY")  # PEM text; wins over the file
CERTIFICATE_SIGNING_KEY_FILE = env_str(
    "CERTIFICATE_SIGNING_KEY_FILE", str(VAR_DIR / "keys" / "certificate-signing.pem")
)
CERTIFICATE_KEY_AUTOCREATE = True  # development creates the key on first use; production does not
VERIFY_RATE_LIMIT = env_str("VERIFY_RATE_LIMIT", "60/m")  # per client address, on /verify/ and the API
# The certificate PDF's PAdES signing key (ECDSA P-256) and its self-issued X.509 certificate, PEM (ADR 0022).
CERTIFICATE_PDF_SIGNING_KEY = env_str(
    "CERTIFICATE_PDF_SIGNING_KEY"
)  # key + certificate PEM; wins over the file
# Empty: pdf-signing.pem beside CERTIFICATE_SIGNING_KEY_FILE.
CERTIFICATE_PDF_SIGNING_KEY_FILE = env_str("CERTIFICATE_PDF_SIGNING_KEY_FILE")
VERIFY_UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # /verify/upload/: larger files are refused before being read
VERIFY_UPLOAD_RATE_LIMIT = env_str("VERIFY_UPLOAD_RATE_LIMIT", "10/m")  # uploads checked per client address
# How long the verification API and page keep a verified record per code (ADR 0019); 0 turns it off.
VERIFY_CACHE_SECONDS = env_int("VERIFY_CACHE_SECONDS", 3600)

# Cache (allauth's rate limits and the verification cache live in "default") ---------------------------
# django-ratelimit counts in "ratelimit" (atomic add/incr): in memory for the embedded single process;
# production maps both aliases to a shared cache (ADR 0019, ADR 0020).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    },
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"},
}
RATELIMIT_USE_CACHE = "ratelimit"

# Page cache (ADR 0018): signed-out visitors' public pages, and the navigation, outlines and catalog
# facets every request needs, are kept per publish generation. Saving, publishing, unpublishing, moving or
# deleting any page starts a new generation, and so does saving or deleting a record of these models
# (what public pages show besides the pages themselves).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)  # seconds; a publish ends it sooner
PAGE_CACHE_DEPENDENCIES = [
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "base.SiteSettings",
    "people.Organization",
    "courses.Topic",
    "courses.JobRole",
    "courses.LearningPathCourse",
    "assessments.Assessment",
]
# Whole pages kept per signed-in person (ADR 0023): the course page, keyed by the publish generation, the
# header version and the person's learning-state version, which a save or deletion of a record of these
# models bumps for the person the attribute names (QuerySet.update() call sites bump it themselves).
PERSONAL_PAGE_TIMEOUT = env_int("PERSONAL_PAGE_TIMEOUT", 5 * 60)  # seconds; a safety net, not the rule
PERSONAL_CACHE_DEPENDENCIES = {
    "people.User": "pk",
    "people.Membership": "user_id",
    "people.Signature": "signer_id",
    "people.PersonalDataConsent": "user_id",
    "learning.Enrolment": "user_id",
    "learning.LessonOpening": "user_id",
    "learning.LessonCompletion": "user_id",
    "learning.Retraining": "user_id",
    "assessments.Attempt": "user_id",
    "assessments.TimeAccommodation": "user_id",
    "certificates.Certificate": "holder_id",
    "employers.EmployerConsent": "user_id",
    "employers.StaffRoleAssignment": "user_id",
}

# Several nodes (ADR 0020): one Redis holds the cache, the rate-limit counters (allauth's and
# django-ratelimit's) and the sessions' cache; the sessions themselves stay in the database (cached_db), so
# a Redis restart signs nobody out.
if REDIS_URL:
    CACHES = scaleout.redis_caches(REDIS_URL)
    RATELIMIT_USE_CACHE = scaleout.RATELIMIT_CACHE_ALIAS
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Behind a proxy: the request header that carries the client address, for every rate limit (django-ratelimit
# reads the META key, allauth the header name). Empty: REMOTE_ADDR. deploy/nginx.conf sets X-Real-IP.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY") or None
if RATELIMIT_IP_META_KEY:
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = RATELIMIT_IP_META_KEY.removeprefix("HTTP_").replace("_", "-").title()

# S3-compatible object storage (ADR 0020): media and the private certificate files in one bucket, under
# media/ and private/. Unset, files stay under MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES = scaleout.s3_storages(
        bucket=S3_BUCKET,
        endpoint_url=env_str("S3_ENDPOINT_URL"),
        region=env_str("S3_REGION"),
        access_key=env_str("S3_ACCESS_KEY_ID"),
        secret_key=env_str("S3_SECRET_ACCESS_KEY"),
        site_url=SITE_URL,
        private_url_expire=env_int("S3_PRIVATE_URL_EXPIRE", 300),
        staticfiles_backend=STORAGES["staticfiles"]["BACKEND"],
    )
    # Documents are streamed by Wagtail's view (which applies collection privacy), never a bucket redirect.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Wagtail ------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = _("CAR-T Academy")  # SITE_NAME in the admin's language (titles, emails)
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Search: PostgreSQL's full-text backend on PostgreSQL, the database (SQLite FTS5) backend otherwise.
# One index serves Russian and English: PostgreSQL's "russian" configuration stems Cyrillic words with the
# Russian Snowball stemmer and Latin words with the English one; on SQLite the pages index Snowball stems
# themselves (base/stemming.py). After changing SEARCH_CONFIG, run `manage.py update_index` (ADR 0014).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database.postgres.postgres",
            "SEARCH_CONFIG": "russian",
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_FINDERS = []  # embeds fetch from outside hosts; courses add an explicit allow-list
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# No request to any outside host: no Gravatar avatars, no release check, no "what's new" banner.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Security defaults that hold everywhere; production adds TLS-only settings.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp; docs/decisions/*-security-headers.md): everything from this origin, no
# inline script anywhere. The one allowance is inline style for the Wagtail admin's own markup (see the ADR);
# base.middleware.ContentSecurityPolicyMiddleware adds it under /admin/ only and turns frame-ancestors into
# 'self' for the responses that allow same-origin framing (Wagtail's preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features nobody on the site uses are switched off for every page and frame
# (base.middleware.PermissionsPolicyMiddleware; `feature: []` is `feature=()`).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
}

LANGUAGE_NAMES = {"ru": _("Russian"), "en": _("English")}
