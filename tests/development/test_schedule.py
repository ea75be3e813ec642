"""The yearly drafting runs by itself: a beat entry (DatabaseScheduler) runs development.tasks.generate_plans
in early January in Almaty time, without arguments, for the calendar year it runs in; a second run creates
nothing."""

import json
from datetime import date

import pytest
from django_celery_beat.models import PeriodicTask

from development.models import DevelopmentPlan
from development.tasks import generate_plans
from tests.development.conftest import YEAR

pytestmark = pytest.mark.django_db


def test_beat_entry_for_the_new_year():
    entry = PeriodicTask.objects.get(task="development.tasks.generate_plans")
    assert entry.enabled and entry.crontab is not None
    cron = entry.crontab
    assert (cron.month_of_year, cron.day_of_month, cron.hour, cron.minute) == ("1", "1-7", "3", "0")
    assert str(cron.timezone) == "Asia/Almaty"
    assert json.loads(entry.args or "[]") == [] and json.loads(entry.kwargs or "{}") == {}


def test_scheduled_run_drafts_the_current_year_once(world, monkeypatch):
    monkeypatch.setattr("lms.clock.today_almaty", lambda: date(YEAR, 1, 2))
    first = generate_plans.apply(kwargs={}).get()
    assert first == {"year": YEAR, "created": 1, "unchanged": 0, "errors": 0}
    plan = DevelopmentPlan.objects.get(servant=world["servant"])
    assert plan.period_start == date(YEAR, 1, 1) and plan.status == "draft"
    second = generate_plans.apply(kwargs={}).get()
    assert second == {"year": YEAR, "created": 0, "unchanged": 1, "errors": 0}
    assert (
        DevelopmentPlan.objects.count() == 1
        and plan.items.count() == DevelopmentPlan.objects.get().items.count()
    )
