"""Thin Celery tasks: take an id, call the pipeline. Safe to run twice: a re-run replaces the outputs
(unique asset/kind/height, output folder swapped in one transaction)."""

from celery import shared_task

from media.models import VideoAsset


@shared_task(name="media.tasks.process_asset", acks_late=True, soft_time_limit=6 * 3600, time_limit=6 * 3600 + 300)
def process_asset(asset_id: int) -> str:
    from media.pipeline import ProcessingFailed, process

    if not VideoAsset.objects.filter(pk=asset_id).exists():
        return "missing"
    try:
        process(asset_id)
    except ProcessingFailed:
        return "failed"  # recorded on the asset; retrying a refused or broken file would not help
    return "ready"


@shared_task(name="media.tasks.expire_uploads", soft_time_limit=300, time_limit=360)
def expire_uploads() -> int:
    from media.services import upload_sessions_expire

    return upload_sessions_expire()
