"""Thin Celery tasks: the heartbeat fold (Redis buffer -> watch rows, every 10 seconds), the engagement fold
(every 10 minutes; both django-celery-beat, safe to re-run or overlap) and the analytics export for the UI."""

from celery import shared_task


@shared_task(name="media.tracking.tasks.heartbeats_fold", soft_time_limit=240, time_limit=280, ignore_result=True)
def heartbeats_fold() -> int:
    from media.tracking.services import heartbeats_fold as fold

    return fold(wait=0)  # a fold already running drains the buffer: skip rather than queue up behind it


@shared_task(name="media.tracking.tasks.engagement_fold", soft_time_limit=540, time_limit=590)
def engagement_fold() -> int:
    from media.tracking.services import engagement_fold as fold

    return fold()


@shared_task(name="media.tracking.tasks.analytics_export_run", soft_time_limit=1800, time_limit=1900,
             autoretry_for=(OSError,), max_retries=2)
def analytics_export_run(export_id: int) -> None:
    from media.tracking.analytics_export import export_run

    export_run(export_id)
