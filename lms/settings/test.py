"""Tests (`LMS_TESTING=1`, set by conftest.py and scripts/test.sh) and benchmarks.

Like development but DEBUG off by default (no query log), tasks eager unless a test starts a real worker,
and parallel test processes kept apart: their own Redis database, cache prefix and media folder.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, DEV_SECRET_KEY, LOCAL_HOSTS, REDIS_URL, env, env_flag, env_text, redis_settings

TESTING = True
DEBUG = env_flag("DEBUG", False)
SECRET_KEY = env_text("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS)

if REDIS_URL:
    # Parallel test workers (pytest-xdist gw0, gw1, ...) each get their own Redis database; test runs sharing
    # one Redis (parallel sessions) keep apart by key prefix.
    _worker = env_text("PYTEST_XDIST_WORKER")
    REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{int(_worker.removeprefix('gw') or -1) + 2}"
    vars().update(redis_settings(REDIS_URL, cache_key_prefix=f"{DATABASES['default']['NAME']}-{_worker}"))
CELERY_TASK_ALWAYS_EAGER = env_flag("CELERY_TASK_ALWAYS_EAGER", True)

if not env_text("MEDIA_ROOT"):  # each test process writes its files to a throwaway folder
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lms-test-media-"))

# Factories and demo users set passwords by the hundred: the production hasher (PBKDF2, ~0.3 s a hash on these
# cores) would dominate the suite. The production smoke test and the benchmarks keep the real one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
