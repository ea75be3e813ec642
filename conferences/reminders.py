"""Reminders 24 hours and 1 hour before each session, once per (kind, registration, session start).

The window of the 24-hour reminder is (now+1h, now+24h], of the 1-hour one (now, now+1h]: a late
registration gets only the reminder that still makes sense. Already-sent keys are skipped in one query;
the UNIQUE dedup_key makes a concurrent run (retry, double beat fire) send nothing twice."""

from datetime import datetime, timedelta

from django.utils import timezone

from conferences.models import Event, Registration, Session
from conferences.notices import reminder_key, reminder_notice
from notifications.selectors import keys_already_sent

WINDOWS = {"1h": (timedelta(0), timedelta(hours=1)), "24h": (timedelta(hours=1), timedelta(hours=24))}


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    sent = {}
    for kind, (lo, hi) in WINDOWS.items():
        sessions = list(Session.objects.filter(status=Session.Status.SCHEDULED, event__status=Event.Status.PUBLISHED,
                                               starts_at__gt=now + lo, starts_at__lte=now + hi)
                        .select_related("event"))
        count = 0
        for session in sessions:
            registrations = list(Registration.objects.filter(event_id=session.event_id,
                                                             status=Registration.Status.CONFIRMED)
                                 .select_related("user", "event"))
            keys = {reg.pk: reminder_key(kind, reg.pk, session) for reg in registrations}
            done = keys_already_sent(keys.values())
            for reg in registrations:
                if keys[reg.pk] not in done and reminder_notice(kind, session, reg) is not None:
                    count += 1
        sent[kind] = count
    return sent
