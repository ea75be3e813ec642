"""iCalendar (RFC 5545) for sessions: a stable UID per session, DTSTART/DTEND with the event's TZID and
its VTIMEZONE, SEQUENCE = the session's revision; cancelled sessions carry STATUS:CANCELLED (and
METHOD:CANCEL when sent as a cancellation). Texts (summary, the start in the description) are in the active
language: the recipient's for attachments of notifications."""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as VEvent

from conferences.models import Session
from conferences.timezones import format_local, offset_label

PRODID = "-//APA Astana Civil Service Hub//LMS conferences//EN"


def session_uid(session: Session) -> str:
    host = urlparse(settings.SITE_URL).hostname or "lms.example.kz"
    return f"session-{session.uid}@{host}"


def _vevent(session: Session) -> VEvent:
    event = session.event
    tz = event.zone
    item = VEvent()
    item.add("uid", session_uid(session))
    item.add("sequence", session.sequence)
    item.add("dtstamp", datetime.now(UTC))
    item.add("dtstart", session.starts_at.astimezone(tz))
    item.add("dtend", session.ends_at.astimezone(tz))
    item.add("summary", f"{event.title}: {session.title}" if session.title != event.title else event.title)
    # The start for people (DTSTART is for the calendar program): the active language's date format, 24-hour
    # clock, the event's zone and offset, e.g. "03.12.2026, 15:00 (Asia/Almaty, UTC+05:00)" in Kazakh.
    start = f"{format_local(session.starts_at, event.timezone)} ({event.timezone}, " \
            f"{offset_label(session.starts_at, event.timezone)})"
    item.add("description", "\n\n".join(p for p in (start, session.agenda, event.summary) if p))
    item.add("location", event.location or "Online")
    item.add("url", settings.SITE_URL + reverse("conferences:detail", args=[event.slug]))
    cancelled = session.status == Session.Status.CANCELLED or event.status == event.Status.CANCELLED
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def calendar_for(sessions: Iterable[Session], *, method: str = "PUBLISH", name: str = "") -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for session in sessions:
        cal.add_component(_vevent(session))
    cal.add_missing_timezones()
    return cal.to_ical()


def session_calendar(session: Session, *, method: str | None = None) -> bytes:
    if method is None:
        method = "CANCEL" if session.status == Session.Status.CANCELLED else "PUBLISH"
    return calendar_for([session], method=method)
