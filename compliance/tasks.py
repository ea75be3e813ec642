"""Thin Celery tasks of enrollment. Safe to run twice: every notification carries a UNIQUE dedup_key
(enrollment.reminders). Scheduled by django-celery-beat (migration 0003_compliance_beat)."""

from celery import shared_task
from django.db import OperationalError

SERVANT_REMINDERS_TASK = "enrollment.tasks.send_compliance_reminders"
HR_DIGEST_TASK = "enrollment.tasks.send_compliance_digests"


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300, time_limit=1800,
             soft_time_limit=1750)
def send_compliance_reminders(self) -> dict:
    from enrollment.reminders import servant_reminders_send

    try:
        return dict(servant_reminders_send())
    except OperationalError as exc:  # database restarting: what was sent stays sent, the rest comes on retry
        raise self.retry(exc=exc)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300, time_limit=1800,
             soft_time_limit=1750)
def send_compliance_digests(self) -> int:
    from enrollment.reminders import hr_digests_send

    try:
        return hr_digests_send()
    except OperationalError as exc:
        raise self.retry(exc=exc)
