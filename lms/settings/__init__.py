"""Which settings `DJANGO_SETTINGS_MODULE=lms.settings` (the default of manage.py, wsgi.py, celery.py) loads.

Development unless told otherwise, so every README command works from a fresh clone with nothing exported.
Production is never a default: it needs `DJANGO_SETTINGS_MODULE=lms.settings.production` (what the Dockerfile
and docker-compose.yml set), `LMS_ENV=production`, or an explicit `DEBUG=0`; it then refuses to start without
SECRET_KEY and ALLOWED_HOSTS. `LMS_TESTING=1` (set by conftest.py and scripts/test.sh) selects the test settings.
Empty variables count as unset (`DEBUG= SECRET_KEY= manage.py check` is development).
"""

import importlib
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

_DOTENV = Path(__file__).resolve().parent.parent.parent / ".env"
if _DOTENV.exists():  # read before choosing, so that .env may say LMS_ENV=production
    environ.Env.read_env(_DOTENV, overwrite=False)

ENVIRONMENTS = ("development", "test", "production")


def _variable(name: str) -> str:
    return os.environ.get(name, "").strip().lower()


def chosen_environment() -> str:
    if _variable("LMS_ENV"):
        return _variable("LMS_ENV")
    if _variable("LMS_TESTING") in ("1", "true", "yes", "on"):
        return "test"
    if _variable("DEBUG") in ("0", "false", "no", "off"):
        return "production"
    return "development"


LMS_ENV = chosen_environment()
if LMS_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(f"LMS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {LMS_ENV!r}")
globals().update(
    {
        name: value
        for name, value in vars(importlib.import_module(f"{__name__}.{LMS_ENV}")).items()
        if name.isupper()
    }
)
