"""Development: what `manage.py` uses from a fresh clone with nothing exported (see lms/settings/__init__.py).

DEBUG on, a fixed development-only secret, local hosts. `make run` uses these too.
"""

from .base import *  # noqa: F403
from .base import DEV_SECRET_KEY, LOCAL_HOSTS, env, env_flag, env_text

DEBUG = env_flag("DEBUG", True)
SECRET_KEY = env_text("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_HOSTS)
