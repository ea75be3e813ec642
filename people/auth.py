"""Login throttling shared by the login page and the API token endpoint.

Counters live in the cache (Redis in production) so every web process sees the same count."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from lms.client_ip import client_ip
from lms.errors import ApplicationError


class TooManyAttempts(ApplicationError):
    http_status = 429

    def __init__(self):
        super().__init__("login_rate_limited", _("Too many failed sign-in attempts. Try again in a few minutes."))


def _keys(username: str, ip: str) -> tuple[str, str]:
    return f"login-fail:user:{(username or '').strip().lower()}", f"login-fail:ip:{ip}"


def login_blocked(*, username: str, ip: str) -> bool:
    user_key, ip_key = _keys(username, ip)
    counts = cache.get_many([user_key, ip_key])
    return (counts.get(user_key, 0) >= settings.LOGIN_RATE_LIMIT
            or counts.get(ip_key, 0) >= settings.LOGIN_RATE_LIMIT_PER_IP)


def _count_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip):
        cache.add(key, 0, timeout=settings.LOGIN_RATE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_RATE_WINDOW)


def authenticate_throttled(request, *, username: str, password: str):
    """authenticate() that refuses (TooManyAttempts) once the failure budget is spent.
    Returns the user, or None for wrong credentials (and counts the failure)."""
    ip = client_ip(request)
    if login_blocked(username=username, ip=ip):
        raise TooManyAttempts()
    user = authenticate(request, username=username, password=password)
    if user is None:
        _count_failure(username, ip)
    else:
        cache.delete(_keys(username, ip)[0])
    return user

