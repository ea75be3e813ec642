""".ics files parsed back with icalendar: stable UID, TZID and VTIMEZONE, SEQUENCE on change, cancellation."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from icalendar import Calendar

from conferences import services
from conferences.models import Session
from tests.conferences.conftest import make_event

pytestmark = pytest.mark.django_db


def parse(content: bytes):
    cal = Calendar.from_ical(content)
    events = [c for c in cal.walk("VEVENT")]
    return cal, events


def test_session_ics_is_valid_public_without_login(client, event):
    session = event.sessions.get()
    response = client.get(f"/events/sessions/{session.uid}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal, (vevent,) = parse(response.content)
    assert str(cal["method"]) == "PUBLISH"
    assert str(vevent["uid"]) == f"session-{session.uid}@127.0.0.1"
    assert int(vevent["sequence"]) == 0
    assert vevent.decoded("dtstart") == session.starts_at
    assert vevent["dtstart"].params["TZID"] == "Asia/Almaty"
    assert [str(t["tzid"]) for t in cal.walk("VTIMEZONE")] == ["Asia/Almaty"]
    assert str(vevent["status"]) == "CONFIRMED"


def test_dst_zone_has_both_observances(client, organiser):
    event = make_event(organiser, slug="berlin", zone="Europe/Berlin")
    session = event.sessions.get()
    start = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)  # 11:00 CEST, the day the clocks change
    Session.objects.filter(pk=session.pk).update(starts_at=start, ends_at=start + timedelta(hours=1))
    cal, (vevent,) = parse(client.get(f"/events/sessions/{session.uid}.ics").content)
    local = vevent.decoded("dtstart")
    assert (local.hour, local.utcoffset()) == (11, timedelta(hours=2))
    tz = cal.walk("VTIMEZONE")[0]
    assert {c.name for c in tz.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_non_public_event_ics_needs_login(client, organiser, servant):
    event = make_event(organiser, slug="servants-only", audience="civil_servants")
    session = event.sessions.get()
    assert client.get(f"/events/sessions/{session.uid}.ics").status_code == 403
    client.force_login(servant)
    assert client.get(f"/events/sessions/{session.uid}.ics").status_code == 200


def test_moving_a_session_raises_sequence_and_sends_update(client, event, partner, organiser,
                                                           django_capture_on_commit_callbacks):
    services.registration_create(event=event, user=partner)
    session = event.sessions.get()
    uid = f"session-{session.uid}@127.0.0.1"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(session=session, actor=organiser, starts_at=session.starts_at + timedelta(hours=2),
                                ends_at=session.ends_at + timedelta(hours=2))
    _, (vevent,) = parse(client.get(f"/events/sessions/{session.uid}.ics").content)
    assert int(vevent["sequence"]) == 1 and str(vevent["uid"]) == uid
    assert vevent.decoded("dtstart") == session.starts_at + timedelta(hours=2)
    (message,) = [m for m in mail.outbox if "moved" in m.subject]
    name, content, mimetype = message.attachments[0]
    cal, (sent,) = parse(content.encode() if isinstance(content, str) else content)
    assert str(cal["method"]) == "REQUEST" and int(sent["sequence"]) == 1 and str(sent["uid"]) == uid
    # the same change notified twice (task retry) sends nothing more
    from conferences.tasks import session_changed_notify
    assert session_changed_notify(session.pk, 1) == 0


def test_cancelling_a_session_sends_method_cancel(client, event, partner, organiser,
                                                  django_capture_on_commit_callbacks):
    services.registration_create(event=event, user=partner)
    session = event.sessions.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, actor=organiser)
    cal, (vevent,) = parse(client.get(f"/events/sessions/{session.uid}.ics").content)
    assert str(cal["method"]) == "CANCEL" and str(vevent["status"]) == "CANCELLED"
    assert int(vevent["sequence"]) == 1
    (message,) = [m for m in mail.outbox if "cancelled" in m.subject.lower()]
    assert "METHOD:CANCEL" in message.attachments[0][1]


def test_private_feed_lists_confirmed_sessions_only(client, event, organiser, partner):
    other = make_event(organiser, slug="other")
    services.registration_create(event=event, user=partner)
    feed = services.calendar_feed_for(partner)
    response = client.get(f"/events/feed/{feed.token}.ics")
    assert response.status_code == 200
    _, vevents = parse(response.content)
    assert [str(v["uid"]) for v in vevents] == [f"session-{event.sessions.get().uid}@127.0.0.1"]
    assert other.pk  # not registered: not in the feed
    assert client.get("/events/feed/not-a-token.ics").status_code == 404
    old = feed.token
    services.calendar_feed_rotate(user=partner)
    assert client.get(f"/events/feed/{old}.ics").status_code == 404
