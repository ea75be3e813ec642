"""Settings shared by every environment, read from the environment (django-environ).

`development.py`, `test.py` and `production.py` start from these and set what differs: the secret, the
allowed hosts, DEBUG, static-file storage and the HTTPS settings. `lms/settings/__init__.py` picks one.
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()


def env_flag(name: str, default: bool) -> bool:
    """A boolean variable where an empty value counts as unset (`DEBUG= manage.py ...` keeps the default)."""
    return env.bool(name) if os.environ.get(name, "").strip() else default


def env_text(name: str, default: str = "") -> str:
    """A string variable where an empty value counts as unset."""
    return os.environ.get(name, "").strip() or default


DEBUG = False
TESTING = False
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnop"  # noqa: S105 (never production)
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's assets as static files: /api/docs/ works without internet
    "django_htmx",
    "django_celery_beat",
    "lms",
    "people",
    "competency_framework",
    "courses",
    "media",
    "media.tracking",
    "enrollment",
    "compliance",
    "notifications",
    "conferences",
    "certificates",
    "scholarships",
    "assessments",
    "development",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy (django-csp; docs/security.md): scripts only from this site (the vendored htmx,
# hls.js, trix and chart code, and our static files: no inline script, no eval). Styles allow inline
# attributes (bar widths are computed on the server). hls.js plays from blob: URLs and may run a blob: worker.
# CSP_EXTRA_MEDIA_ORIGINS: e.g. the S3/MinIO origin if media are ever served from there directly.
_CSP_MEDIA = ["'self'", "blob:", "data:", *env.list("CSP_EXTRA_MEDIA_ORIGINS", default=[])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": _CSP_MEDIA,
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # No form-action: joining a session posts to us and is redirected to the conferencing server (BBB, Zoom,
        # Jitsi), and browsers apply form-action to that redirect.
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- database: SQLite unless DATABASE_URL is set (tests, CI and production use PostgreSQL)
DATABASES = {"default": env.db_url_config(env_text("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded first-look database lacks covering indexes and NULLS NOT DISTINCT; PostgreSQL enforces them.
    SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]

# --- Redis: cache, Celery broker. No Redis -> local cache and eager tasks.
REDIS_URL = env_text("REDIS_URL")


def redis_settings(redis_url: str, cache_key_prefix: str = "") -> dict:
    """Cache and Celery settings for one Redis URL (test.py calls it again with a per-worker database)."""
    if redis_url:
        cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        if cache_key_prefix:
            cache["KEY_PREFIX"] = cache_key_prefix
    else:
        cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"CACHES": {"default": cache}, "CELERY_BROKER_URL": redis_url or "memory://",
            "CELERY_RESULT_BACKEND": redis_url or "cache+memory://"}


vars().update(redis_settings(REDIS_URL))
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60
# At-least-once delivery (tests/faults/): a task is acknowledged after it ran, so a worker killed mid-task
# (SIGKILL, OOM, a lost child process) leaves it to be delivered again; every task is idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers a message not acknowledged within the visibility timeout: longer than the longest task
# (media processing: 6 h + 5 min hard limit), or a running task would be delivered twice.
# The fault tests shorten both to see redelivery within seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=7 * 3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1 if env_text("CELERY_UNACKED_RESTORE_INTERVAL") else 10,
    # The restore scan runs under a Redis lock that outlives a worker killed while holding it (or a broker
    # restarted under it) by this many seconds; until then nobody restores. kombu's 300 s suits production's
    # 7 h timeout; the fault tests shorten it with the rest.
    "unacked_mutex_expire": env.int("CELERY_UNACKED_MUTEX_EXPIRE", default=300),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "Asia/Almaty"

# --- auth
AUTHENTICATION_BACKENDS = ["people.backends.UserWithProfilesBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per (username) and per (client IP) in LOGIN_RATE_WINDOW seconds.
LOGIN_RATE_LIMIT = env.int("LOGIN_RATE_LIMIT", default=5)
LOGIN_RATE_LIMIT_PER_IP = env.int("LOGIN_RATE_LIMIT_PER_IP", default=30)
LOGIN_RATE_WINDOW = env.int("LOGIN_RATE_WINDOW", default=15 * 60)
# Reverse proxies (addresses or CIDRs) whose X-Forwarded-For / X-Real-IP are believed (lms.client_ip); empty:
# the direct peer is the client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# --- i18n: Kazakh, Russian, English. Content names are explicit name_kk/name_ru/name_en columns.
LANGUAGE_CODE = env("LANGUAGE_CODE", default="ru")
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lms.formats"]  # Kazakh date/time/number formats (Django ships none for kk)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"  # UTC+5 for all of Kazakhstan since 1 March 2024

# --- static and media files (Django storages API: local by default, S3-compatible when configured)
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_text("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media-files/"
MEDIA_ROOT = Path(env_text("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    # production.py switches to whitenoise's manifest storage (needs `collectstatic` first)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3 / MinIO through django-storages (installed in the production image).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "querystring_auth": True,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
EKYZMET_UPLOAD_MAX_BYTES = env.int("EKYZMET_UPLOAD_MAX_BYTES", default=200 * 1024 * 1024)
# Largest GIFT / Moodle XML question file the bank page and API accept (5 MB: ~20,000 questions of the sample
# GIFT, half that in Cyrillic; within FILE_UPLOAD_MAX_MEMORY_SIZE). Past it the file is refused at the form (page
# and API), before it is read or queued.
QUESTION_UPLOAD_MAX_BYTES = env.int("QUESTION_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# File imports (docs/imports.md): a file above either threshold is imported by a worker as an ImportJob with a
# progress page; smaller ones stay inside the request. Past IMPORT_MAX_ROWS data rows (or IMPORT_MAX_XML_BYTES
# of worksheet XML once decompressed) a file is refused at upload, before any parser sees it.
IMPORT_JOB_MIN_ROWS = env.int("IMPORT_JOB_MIN_ROWS", default=2000)
IMPORT_JOB_MIN_BYTES = env.int("IMPORT_JOB_MIN_BYTES", default=1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_XML_BYTES = env.int("IMPORT_MAX_XML_BYTES", default=512 * 1024 * 1024)
IMPORT_JOB_MAX_ERRORS = 1000  # row errors kept per job (the count is kept in full)
IMPORT_JOB_RESUME_AFTER = env.int("IMPORT_JOB_RESUME_AFTER", default=120)  # seconds before beat queues a job again
IMPORT_JOB_TIME_LIMIT = env.int("IMPORT_JOB_TIME_LIMIT", default=30 * 60)  # seconds; the worker then stops it

# --- e-mail (notifications, verification): console in development, SMTP from EMAIL_URL in production
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="APA LMS <no-reply@lms.example.kz>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")  # absolute links in e-mails and calendar feeds

# --- conferencing: BigBlueButton server (conferences.providers); empty URL = BBB sessions cannot be joined
BBB_URL = env("BBB_URL", default="")
BBB_SECRET = env("BBB_SECRET", default="")
BBB_CHECKSUM = env("BBB_CHECKSUM", default="sha256")

# --- certificates (docs/certificates.md): the Ed25519 key that signs Open Badges credentials. Production sets
# one of the two; development and tests generate one once under CERTIFICATE_KEY_DIR. Retired keys (public or
# private PEM files) stay published in /.well-known/jwks.json so credentials they signed still verify.
CERTIFICATE_SIGNING_KEY = env("CERTIFICATE_SIGNING_KEY", default="")  # PEM text, or that PEM base64-encoded
CERTIFICATE_SIGNING_KEY_FILE = env("CERTIFICATE_SIGNING_KEY_FILE", default="")
CERTIFICATE_RETIRED_KEY_FILES = env.list("CERTIFICATE_RETIRED_KEY_FILES", default=[])
CERTIFICATE_KEY_DIR = Path(env("CERTIFICATE_KEY_DIR", default=str(BASE_DIR / "var" / "keys")))
CERTIFICATE_VERIFY_RATE_LIMIT = env.int("CERTIFICATE_VERIFY_RATE_LIMIT", default=60)  # per IP a minute

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "lms.pagination.DefaultPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "lms.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": "10/min", "import": "30/hour"},
}
# The HR compliance dashboard's page body is cached this many seconds (0: not cached) per scope, filters,
# language and compliance data version; writes to the figures' inputs invalidate at once (compliance.cache).
COMPLIANCE_DASHBOARD_CACHE_SECONDS = env.int("COMPLIANCE_DASHBOARD_CACHE_SECONDS", default=300)
# The course catalog's page body (the same for every reader of a language) is cached this many seconds (0: not
# cached) per query string and catalog version; writes to courses or the competency framework invalidate at once.
CATALOG_CACHE_SECONDS = env.int("CATALOG_CACHE_SECONDS", default=300)
# Aggregates for analysts (national rates, the analyst export) hide groups smaller than this many people.
SMALL_CELL_THRESHOLD = env.int("SMALL_CELL_THRESHOLD", default=5)
# /api/schema/ and /api/docs/ for anyone; production turns this off (staff sign-in needed).
API_DOCS_PUBLIC = env_flag("API_DOCS_PUBLIC", True)
SPECTACULAR_SETTINGS = {
    "TITLE": "APA LMS API",
    "DESCRIPTION": "Civil-servant training platform of the Academy of Public Administration",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["lms.permissions.ApiDocsAccess"],  # API_DOCS_PUBLIC below
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `status`; name each enum after its model so clients get stable type names.
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "conferences.models.Event.Status",
        "RegistrationStatusEnum": "conferences.models.Registration.Status",
        "CertificateKindEnum": "certificates.models.CertificateKind",
        "GrantApplicationStatusEnum": "scholarships.models.Status",
        "GrantReviewStateEnum": "scholarships.models.Review.State",
        "PlanStatusEnum": "development.models.PlanStatus",
        "PlanItemKindEnum": "development.models.ItemKind",
        "PlanItemStatusEnum": "development.models.ItemStatus",
        "PlanItemSourceEnum": "development.models.ItemSource",
        "PlanStepActionEnum": "development.models.PlanStep.Action",
        "AdaptationTaskKindEnum": "development.models.AdaptationTask.Kind",
    },
}

# --- development plans (docs/development.md): who must have a plan, evaluation scale and threshold, probation
DEVELOPMENT = {
    "MANDATORY_CORPS": ["A"],  # posts of these corps must have a plan every period
    "RESERVE_MANDATORY": True,  # so must members of the corps A personnel reserve
    "EVALUATION_SCALE_MAX": 5,  # scores are numbers from 0 to this
    "EVALUATION_THRESHOLD": 3,  # an annual score below this records a training need
    "ANNUAL_SCORE": "mean",  # annual = mean of the quarterly scores ("mean" or "last")
    "PROBATION_MONTHS": 3,
    "PROBATION_EXTENSION_MONTHS": 3,
    "PROBATION_MAX_EXTENSIONS": 1,
    "PROPOSALS_PER_GAP": 5,
}

# --- security (HTTPS-only settings are in production.py)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- logging: IIN never reaches a log line (people.logging.IINMaskingFilter)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_iin": {"()": "people.logging.IINMaskingFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_iin"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
