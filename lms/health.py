"""GET /healthz (readiness): the state of each dependency (database, Redis, Celery workers) as JSON; it may take
a second when no worker answers. GET /healthz/live (liveness): the process answers, nothing else is called, so a
container healthcheck or a load balancer probe never waits on a dependency."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"state": "ok", "vendor": connection.vendor}
    except Exception as exc:  # report, never raise: this is the health page
        return {"state": "down", "error": type(exc).__name__}


def _redis() -> dict:
    if not settings.REDIS_URL:
        return {"state": "not_configured"}
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
        return {"state": "ok"}
    except Exception as exc:
        return {"state": "down", "error": type(exc).__name__}


def _celery() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"state": "eager", "workers": 0}
    from lms.celery import app

    try:
        replies = app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return {"state": "down", "error": type(exc).__name__, "workers": 0}
    return {"state": "ok" if replies else "no_workers", "workers": len(replies)}


def health_checks() -> dict:
    """The state of each dependency; also shown on the administrator's home page."""
    return {"database": _database(), "redis": _redis(), "celery": _celery()}


@never_cache
def healthz(request):
    checks = health_checks()
    healthy = checks["database"]["state"] == "ok" and checks["redis"]["state"] in ("ok", "not_configured")
    return JsonResponse({"status": "ok" if healthy else "degraded", "checks": checks}, status=200 if healthy else 503)


@never_cache
def healthz_live(request):
    return JsonResponse({"status": "ok"})
