"""Thin Celery tasks. Beat runs close_overdue_attempts every minute (migration 0002)."""

from celery import shared_task

from assessments import services


@shared_task(soft_time_limit=120, time_limit=150)
def close_overdue_attempts() -> int:
    """Close attempts whose time ran out while nobody was looking (the browser is gone)."""
    return services.attempts_close_overdue()
