"""Project-wide tasks. ping() proves a worker is consuming the queue (used by the health tests)."""

from celery import shared_task
from django.conf import settings

from lms import import_jobs


@shared_task(soft_time_limit=5, time_limit=10)
def ping() -> str:
    return "pong"


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.IMPORT_JOB_TIME_LIMIT,
    time_limit=settings.IMPORT_JOB_TIME_LIMIT + 60,
)
def import_job_run(job_id: int) -> str:
    """Run a queued import job; safe to deliver twice (lms.import_jobs.import_job_run)."""
    return import_jobs.import_job_run(job_id)


@shared_task(soft_time_limit=60, time_limit=90)
def import_jobs_resume() -> int:
    """Beat, every minute: queue again import jobs whose task message was lost (lms.import_jobs)."""
    return import_jobs.import_jobs_resume()
