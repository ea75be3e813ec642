"""Thin Celery tasks of compliance. Safe to run twice: every notification carries a UNIQUE dedup_key
(compliance.reminders). Scheduled by django-celery-beat (enrollment migration 0004, renamed by compliance 0003)."""

from celery import shared_task
from django.db import OperationalError

SERVANT_REMINDERS_TASK = "compliance.tasks.send_compliance_reminders"
HR_DIGEST_TASK = "compliance.tasks.send_compliance_digests"


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300, time_limit=1800,
             soft_time_limit=1750)
def send_compliance_reminders(self) -> dict:
    from compliance.reminders import servant_reminders_send

    try:
        return dict(servant_reminders_send())
    except OperationalError as exc:  # database restarting: what was sent stays sent, the rest comes on retry
        raise self.retry(exc=exc)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300, time_limit=1800,
             soft_time_limit=1750)
def send_compliance_digests(self) -> int:
    from compliance.reminders import hr_digests_send

    try:
        return hr_digests_send()
    except OperationalError as exc:
        raise self.retry(exc=exc)
