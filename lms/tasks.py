"""Project-wide tasks. ping() proves a worker is consuming the queue (used by the health tests)."""

from celery import shared_task


@shared_task(soft_time_limit=5, time_limit=10)
def ping() -> str:
    return "pong"
