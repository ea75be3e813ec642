"""Thin Celery tasks of the development context, taking ids. Safe to run twice: an item done stays done, a
plan that exists is not drafted again."""

from celery import shared_task
from django.db import OperationalError


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=300)
def sync_plan_progress(self, plan_ids: list[int]) -> int:
    """Tick off plan items from the evidence (completions, attendance) for these plans."""
    from development.models import DevelopmentPlan
    from development.progress import plans_sync

    try:
        return plans_sync(plans=list(DevelopmentPlan.objects.filter(pk__in=plan_ids)))
    except OperationalError as exc:
        raise self.retry(exc=exc) from exc


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=600, time_limit=3600)
def generate_plans(self, year: int, body_id: int | None = None) -> dict:
    """Draft the plans of a year (e.g. from a beat on 1 December for the next year)."""
    from development.drafting import plans_generate
    from people.models import StateBody

    body = StateBody.objects.filter(pk=body_id).first() if body_id else None
    try:
        report = plans_generate(year=year, body=body)
    except OperationalError as exc:
        raise self.retry(exc=exc) from exc
    return {"created": report.created, "unchanged": report.unchanged, "errors": len(report.errors)}
