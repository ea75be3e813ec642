"""Compliance reminders: every threshold and overdue, once per (servant, rule, due date, threshold) even when
beat fires twice or a worker retries (the UNIQUE dedup_key), in the recipient's language, Asia/Almaty days;
the weekly HR digest; the beat schedule."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django_celery_beat.models import PeriodicTask

from compliance import reminders
from compliance.models import TrainingRecord
from compliance.tasks import send_compliance_digests, send_compliance_reminders
from notifications.models import Notification
from tests.compliance.compliance_fixtures import build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(day: date, hour_utc: int = 5) -> datetime:
    return datetime(day.year, day.month, day.day, hour_utc, tzinfo=UTC)


@pytest.fixture
def w():
    world = build_world()
    # M-SOON gets an account: due 2025-09-01
    world["M-SOON"].user = UserFactory(username="m.soon", email="soon@example.kz", preferred_language="ru")
    world["M-SOON"].save(update_fields=["user"])
    return world


def keys(kind_prefix="compliance:"):
    return sorted(Notification.objects.filter(dedup_key__startswith=kind_prefix).values_list("dedup_key", flat=True))


def test_threshold_steps():
    assert reminders.threshold_for("due_soon", 180, (180, 90, 30)) == "180"
    assert reminders.threshold_for("due_soon", 91, (180, 90, 30)) == "180"
    assert reminders.threshold_for("due_soon", 90, (180, 90, 30)) == "90"
    assert reminders.threshold_for("due_soon", 0, (180, 90, 30)) == "30"
    assert reminders.threshold_for("overdue", -5, (180, 90, 30)) == "overdue"
    assert reminders.threshold_for("compliant", 400, (180, 90, 30)) is None
    assert reminders.threshold_for("exempt", -5, (180, 90, 30)) is None


def test_each_threshold_once_then_overdue(w):
    soon, late = w["M-SOON"], w["M-LATE"]
    sent = reminders.servant_reminders_send(now=at(date(2025, 6, 2)))  # 91 days before 2025-09-01
    assert sent == {"180": 1, "overdue": 1}
    assert keys() == sorted([f"compliance:three_year:{late.pk}:2018-01-01:overdue",
                             f"compliance:three_year:{soon.pk}:2025-09-01:180"])
    assert reminders.servant_reminders_send(now=at(date(2025, 6, 3))) == {"90": 1}  # 90 days left: next step
    assert reminders.servant_reminders_send(now=at(date(2025, 6, 20))) == {}  # still the 90-day step: sent
    assert reminders.servant_reminders_send(now=at(date(2025, 8, 2))) == {"30": 1}
    assert reminders.servant_reminders_send(now=at(date(2025, 9, 2))) == {"overdue": 1}
    assert Notification.objects.filter(user=soon.user).count() == 4
    # a completion starts a new cycle: a new due date, reminders start again in 3 years
    TrainingRecord.objects.create(servant=soon, title="New", course_type_id="advanced_training", hours=24,
                                  completed_on=date(2025, 9, 10))
    assert reminders.servant_reminders_send(now=at(date(2028, 4, 1))) == {"180": 1}


def test_beat_firing_twice_and_a_retry_send_once(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_compliance_reminders.apply().get()
        second = send_compliance_reminders.apply().get()  # beat fired twice
    assert sum(first.values()) >= 1 and second == {}
    count = Notification.objects.count()
    # a retried worker that crashed after sending but before it could see its own rows: the pre-check finds
    # nothing, the UNIQUE constraint still refuses the duplicates
    real_filter = Notification.objects.filter
    import unittest.mock as mock
    with mock.patch.object(Notification.objects, "filter", lambda *a, **k: real_filter(pk__in=[])
                           if "dedup_key__in" in k else real_filter(*a, **k)):
        assert reminders.servant_reminders_send() == {}
    assert Notification.objects.count() == count
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(user=w["M-LATE"].user, kind="x", dedup_key=keys()[0], title="dup")
    assert len([m for m in mail.outbox if m.to == ["late@example.kz"]]) == 1


def test_reminder_in_the_recipients_language_and_almaty_day(w):
    # 2025-06-02 19:30 UTC is already 3 June in Almaty (UTC+5): 90 days before 2025-09-01
    reminders.servant_reminders_send(now=datetime(2025, 6, 2, 19, 30, tzinfo=UTC))
    soon = Notification.objects.get(user=w["M-SOON"].user)
    assert soon.dedup_key.endswith(":90")
    assert "2025" in soon.title
    late = Notification.objects.get(user=w["M-LATE"].user)
    assert late.dedup_key.endswith(":overdue") and late.url == "/compliance/mine/"


def test_servants_without_account_or_outside_are_not_reminded(w):
    reminders.servant_reminders_send(now=at(date(2025, 6, 2)))
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"m.late", "m.soon"}


def test_weekly_hr_digest_once_per_week(w):
    assert reminders.hr_digests_send(now=at(date(2025, 6, 2))) == 1
    assert reminders.hr_digests_send(now=at(date(2025, 6, 5))) == 0  # same ISO week
    digest = Notification.objects.get(user=w["hr"], kind="compliance.digest")
    assert "2 overdue" in digest.title and "1 due soon" in digest.title  # X-LATE (outside) not counted
    assert digest.url == "/compliance/?status=overdue"
    assert send_compliance_digests.apply(kwargs={}).get() in (0, 1)
    assert reminders.hr_digests_send(now=at(date(2025, 6, 9))) == 1  # next week


def test_beat_schedule_in_almaty():
    daily = PeriodicTask.objects.get(task="compliance.tasks.send_compliance_reminders")
    weekly = PeriodicTask.objects.get(task="compliance.tasks.send_compliance_digests")
    assert (daily.crontab.hour, daily.crontab.minute, daily.crontab.day_of_week) == ("9", "0", "*")
    assert (weekly.crontab.hour, weekly.crontab.minute, weekly.crontab.day_of_week) == ("9", "0", "1")
    assert str(daily.crontab.timezone) == str(weekly.crontab.timezone) == "Asia/Almaty"
