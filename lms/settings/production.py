"""Production: chosen explicitly (`DJANGO_SETTINGS_MODULE=lms.settings.production`, as the Dockerfile and
docker-compose.yml set it, or `LMS_ENV=production`, or `DEBUG=0`). No insecure defaults: it refuses to start
without SECRET_KEY and ALLOWED_HOSTS, and the HTTPS settings below make `manage.py check --deploy` clean.
Static files come from whitenoise's manifest: run `collectstatic` under these settings (the Dockerfile does).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, STORAGES, env, env_flag, env_text

DEBUG = False
SECRET_KEY = env_text("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set the SECRET_KEY environment variable (production settings have no default)"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable (comma list of host names)")

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# The API schema and Swagger page need a staff sign-in (lms.permissions.ApiDocsAccess).
API_DOCS_PUBLIC = env_flag("API_DOCS_PUBLIC", False)

SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
# Probes speak plain HTTP to gunicorn inside the network (the container healthcheck, a load balancer): the
# health answers are not redirected to HTTPS, which the probe could not follow.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HSTS comes from Django only (deploy/nginx.conf adds no Strict-Transport-Security of its own, so the two never
# disagree); tests/test_deployment_files.py checks that.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Sessions are read from Redis (written through to the database, which stays the record): one query less on every
# signed-in request. Without Redis the cache is per process, so the database alone is read.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
