from celery import shared_task

from notifications.services import notification_email_send


@shared_task(bind=True, max_retries=5, default_retry_delay=60, time_limit=60, soft_time_limit=50)
def notification_email(self, notification_id: int) -> bool:
    """Safe to run twice: the service claims the row before sending."""
    try:
        return notification_email_send(notification_id)
    except OSError as exc:  # SMTP down: the row was released, try later
        raise self.retry(exc=exc)
