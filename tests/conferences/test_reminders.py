"""Reminders 24 h and 1 h before, in the recipient's language and zone, sent once under retries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conferences import services
from conferences.reminders import reminders_send
from conferences.tasks import send_session_reminders
from notifications.models import Notification
from tests.conferences.conftest import make_event, make_partner

pytestmark = pytest.mark.django_db


def test_reminders_sent_once_in_recipient_language_and_zone(organiser, servant, django_capture_on_commit_callbacks):
    soon = make_event(organiser, slug="soon", start_in=timedelta(minutes=40))
    tomorrow = make_event(organiser, slug="tomorrow", start_in=timedelta(hours=20))
    make_event(organiser, slug="later", start_in=timedelta(days=3))
    kabul = make_partner("kabul", country="AF", zone="Asia/Kabul", language="ru")
    for event in (soon, tomorrow):
        services.registration_create(event=event, user=servant)
        services.registration_create(event=event, user=kabul)
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == {"1h": 2, "24h": 2}
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminders.delay().get() == {"1h": 0, "24h": 0}  # retry / double fire: nothing new
    assert Notification.objects.filter(kind="conference.reminder.1h").count() == 2
    assert len(mail.outbox) == 4
    ru = Notification.objects.get(user=kabul, kind="conference.reminder.24h")
    assert ru.title.startswith("Завтра") or "Tomorrow" in ru.title  # Russian when translated; English fallback
    assert "Asia/Kabul" in ru.body and "Asia/Almaty" in ru.body and "UTC+05:00" in ru.body
    session = tomorrow.sessions.get()
    kabul_time = timezone.localtime(session.starts_at, timezone=__import__("zoneinfo").ZoneInfo("Asia/Kabul"))
    assert f"{kabul_time:%H:%M}" in ru.body


def test_moving_a_session_allows_a_fresh_reminder(organiser, servant):
    event = make_event(organiser, start_in=timedelta(minutes=40))
    services.registration_create(event=event, user=servant)
    assert reminders_send()["1h"] == 1
    session = event.sessions.get()
    services.session_update(session=session, actor=organiser, starts_at=session.starts_at + timedelta(minutes=10),
                            ends_at=session.ends_at + timedelta(minutes=10))
    assert reminders_send()["1h"] == 1
    assert reminders_send()["1h"] == 0


def test_cancelled_registrations_get_no_reminder(organiser, servant):
    event = make_event(organiser, start_in=timedelta(minutes=40))
    reg = services.registration_create(event=event, user=servant)
    services.registration_cancel(registration=reg, actor=servant)
    assert reminders_send() == {"1h": 0, "24h": 0}


def test_beat_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="conferences.tasks.send_session_reminders")
    assert (task.interval.every, task.interval.period, task.enabled) == (5, "minutes", True)
