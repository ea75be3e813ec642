from celery import shared_task

from notifications.services import notification_email_send, notifications_email_unsent


@shared_task(bind=True, max_retries=5, default_retry_delay=60, time_limit=60, soft_time_limit=50)
def notification_email(self, notification_id: int) -> bool:
    """Safe to run twice: the service claims the row before sending."""
    try:
        return notification_email_send(notification_id)
    except OSError as exc:  # SMTP down: the row was released, try later
        raise self.retry(exc=exc)


@shared_task(time_limit=300, soft_time_limit=280)
def email_unsent(grace_seconds: int | None = None) -> int:
    """Beat, every minute: queue the e-mails still owed (a publish lost to a killed worker or a broker outage)."""
    from datetime import timedelta

    if grace_seconds is None:
        return notifications_email_unsent()
    return notifications_email_unsent(grace=timedelta(seconds=grace_seconds))
