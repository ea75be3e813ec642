"""Issue 14: one date, time and number format per language in what the system writes for people outside the
pages: every notification message (rendered as read), the e-mail of a notification, the .ics attached to it.
Rendered in Kazakh and Russian, none shows a foreign pattern: no US dates (12/03/2026), no 12-hour clock
(AM/PM), no English month names, no ISO dates (2026-12-03) in human text."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from notifications import messages
from notifications.models import Notification
from notifications.services import notification_email_send, notification_send
from tests.factories import UserFactory

FOREIGN = {
    "US date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "12-hour clock": re.compile(r"\b\d{1,2}(:\d\d)?\s?(AM|PM|a\.m\.|p\.m\.|Т\.Қ\.|Т\.Д\.)", re.IGNORECASE),
    "English month": re.compile(
        r"\b(January|February|March|April|May|June|July|August|September|October|November|"
        r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?"
    ),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
}

COURSE = messages.text(kk="Мемлекеттік басқару", ru="Государственное управление", en="Public administration")
START = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
SESSION = {
    "title": messages.text(kk="Бірінші бөлім", ru="Часть первая", en="Part one"),
    "starts_at": START.isoformat(),
    "zone": "Europe/Berlin",
}
SAMPLES = {  # one sample per registered message: a new message without a sample fails the coverage test
    "enrollment.promoted": {"course": COURSE, "start": messages.day(date(2026, 12, 3)), "reason": ""},
    "enrollment.approved": {"course": COURSE, "start": messages.day(date(2026, 12, 3)), "reason": ""},
    "enrollment.rejected": {"course": COURSE, "start": messages.day(date(2026, 12, 3)), "reason": "—"},
    "enrollment.cancelled": {"course": COURSE, "start": messages.day(date(2026, 12, 3)), "reason": "—"},
    "compliance.reminder": {
        "rule": "three_year",
        "due": messages.day(date(2027, 1, 12)),
        "step": "90",
        "days": 40,
    },
    "compliance.digest": {
        "as_of": messages.day(date(2026, 12, 3)),
        "overdue": 2,
        "due_soon": 1,
        "summary": {"three_year": {"compliant": 1, "due_soon": 1, "overdue": 2, "exempt": 0}},
    },
    "conferences.registration": {"status": "confirmed", "event": COURSE, "sessions": [SESSION]},
    "conferences.session_changed": {
        "cancelled": False,
        "session": SESSION["title"],
        "event": COURSE,
        "starts_at": START.isoformat(),
        "zone": "America/New_York",
    },
    "conferences.reminder": {
        "kind": "24h",
        "session": SESSION["title"],
        "event": COURSE,
        "starts_at": START.isoformat(),
        "zone": "Europe/Berlin",
        "join_url": "https://lms.example.kz/events/x/",
    },
    "scholarships.result.offered": {},
    "scholarships.result.out": {},
}


def foreign_patterns(text: str) -> list[str]:
    return [f"{name}: {m.group(0)!r}" for name, rx in FOREIGN.items() for m in rx.finditer(text)]


def test_every_registered_message_has_a_sample():
    assert messages.is_registered("enrollment.approved")
    assert set(messages._REGISTRY) == set(SAMPLES)


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_messages_show_no_foreign_pattern(key, language):
    with translation.override(language), timezone.override("Asia/Tbilisi"):  # a reader abroad: "your time"
        title, body = messages.render(key, SAMPLES[key])
    assert title
    assert foreign_patterns(f"{title}\n{body}") == []
    if "start" in SAMPLES[key]:  # the day really is in the language's format
        assert ("03.12.2026" if language == "kk" else "3 декабря 2026") in body


def test_the_checker_finds_what_it_looks_for():
    assert foreign_patterns("12/03/2026 2:46 PM, Dec. 7, 2029 and 2024-02-21") == [
        "US date: '12/03/2026'",
        "12-hour clock: '2:46 PM'",
        "English month: 'Dec.'",
        "ISO date: '2024-02-21'",
    ]
    assert foreign_patterns("03.12.2026, 14:46 · 3 декабря 2026 г. · 85 000 ₸") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_emails_and_ics_attachments_show_no_foreign_pattern(language, settings):
    from conferences import notices
    from conferences.models import Registration
    from tests.conferences.conftest import make_event
    from tests.factories import user_with_role

    settings.CELERY_TASK_ALWAYS_EAGER = False
    organiser = user_with_role("faculty", username=f"org-{language}")
    event = make_event(organiser, slug=f"ev-{language}", start_in=timedelta(days=3), zone="Europe/Berlin")
    user = UserFactory(
        username=f"reader-{language}",
        email=f"{language}@example.kz",
        preferred_language=language,
        time_zone="Asia/Almaty",
    )
    registration = Registration.objects.create(event=event, user=user, status=Registration.Status.CONFIRMED)
    notices.registration_notice(registration)
    for key, params in SAMPLES.items():
        notification_send(
            user=user, kind="test", dedup_key=f"test:{language}:{key}", message=key, params=params
        )
    mail.outbox.clear()
    with translation.override("en"):  # the worker's language does not matter
        for notice in Notification.objects.filter(user=user):
            assert notification_email_send(notice.pk)
    assert len(mail.outbox) == len(SAMPLES) + 1
    for message in mail.outbox:
        assert foreign_patterns(f"{message.subject}\n{message.body}") == [], message.subject
    invitation = next(m for m in mail.outbox if m.attachments)
    _name, calendar, _type = invitation.attachments[0]
    human = "\n".join(
        line
        for line in calendar.replace("\r\n ", "").splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION"))
    )
    assert "DESCRIPTION" in human and "(Europe/Berlin\\, UTC+01:00)" in human  # commas escaped (RFC 5545)
    assert foreign_patterns(human) == []
    if language == "ru":
        assert "HR-аудит" in human  # the recipient's language, not the worker's
