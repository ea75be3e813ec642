"""Public lookups by verification code, counted per client IP in the cache (Redis in production, shared by every
process). The code itself has 192 random bits, so this is about load, not about guessing."""

from django.conf import settings
from django.core.cache import cache

from lms.client_ip import client_ip

WINDOW = 60


def verify_allowed(request) -> bool:
    key = f"cert-verify:{client_ip(request)}"
    cache.add(key, 0, timeout=WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW)
        count = 1
    return count <= settings.CERTIFICATE_VERIFY_RATE_LIMIT
