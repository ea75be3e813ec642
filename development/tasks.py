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
def generate_plans(self, year: int | None = None, body_id: int | None = None) -> dict:
    """Draft the plans of a year; without `year` the current calendar year in Kazakhstan. The beat runs it
    without arguments in the first days of January (migration 0002_yearly_plan_generation): drafts for the new
    year appear by themselves, and a second run creates nothing."""
    from development.drafting import plans_generate
    from lms.clock import today_almaty
    from people.models import StateBody

    year = year or today_almaty().year
    body = StateBody.objects.filter(pk=body_id).first() if body_id else None
    try:
        report = plans_generate(year=year, body=body)
    except OperationalError as exc:
        raise self.retry(exc=exc) from exc
    return {
        "year": year,
        "created": report.created,
        "unchanged": report.unchanged,
        "errors": len(report.errors),
    }
