"""Notification texts of the conferences app, stored as message keys with JSON parameters (notifications.messages)
and rendered when read or e-mailed with the reader's language and time zone active, so `when` shows the
event's local time and the reader's."""

from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences import ics
from conferences.models import Registration, Session
from conferences.timezones import format_local, offset_label
from notifications import messages
from notifications.services import in_language_of, notification_send


def when(session: Session) -> str:
    """'20 May 2026 15:00 (Asia/Almaty, UTC+05:00); your time 13:00 (Asia/Tbilisi)' in the active language."""
    return when_at(session.starts_at, session.event.timezone)


def when_at(starts_at: datetime, event_zone: str) -> str:
    text = f"{format_local(starts_at, event_zone)} ({event_zone}, {offset_label(starts_at, event_zone)})"
    viewer_zone = timezone.get_current_timezone_name()
    if viewer_zone != event_zone:
        text += "; " + _("your time %(time)s (%(zone)s)") % {
            "time": format_local(starts_at, viewer_zone), "zone": viewer_zone}
    return text


def event_url(event) -> str:
    return reverse("conferences:detail", args=[event.slug])


# --- messages: stored as keys with JSON parameters, rendered in the reader's language and time zone -------------

STATUS_TITLES = {
    Registration.Status.CONFIRMED: gettext_lazy("Registration confirmed: %(event)s"),
    Registration.Status.WAITLISTED: gettext_lazy("You are on the waiting list: %(event)s"),
    Registration.Status.PENDING: gettext_lazy("Registration received, awaiting approval: %(event)s"),
    Registration.Status.REJECTED: gettext_lazy("Registration declined: %(event)s"),
}


def _session_param(session: Session) -> dict:
    return {"title": messages.text_of(session, "title"), "starts_at": session.starts_at.isoformat(),
            "zone": session.event.timezone}


def _when_param(p: dict) -> str:
    return when_at(datetime.fromisoformat(p["starts_at"]), p["zone"])



def _registration_title(p: dict) -> str:
    return STATUS_TITLES[p["status"]] % {"event": p["event"]}


def _registration_body(p: dict) -> str:
    lines = [_registration_title(p)]
    lines += [f"• {s['title'] or p['event']}: {_when_param(s)}" for s in p["sessions"]]
    return "\n".join(lines)


def _change_title(p: dict) -> str:
    session = p["session"] or p["event"]
    if p["cancelled"]:
        return _("Session cancelled: %(session)s") % {"session": session}
    return _("Session moved: %(session)s") % {"session": session}


def _change_body(p: dict) -> str:
    session = p["session"] or p["event"]
    if p["cancelled"]:
        return _("The session “%(session)s” of “%(event)s” has been cancelled.") % {
            "session": session, "event": p["event"]}
    return _("The session “%(session)s” of “%(event)s” now starts %(when)s.") % {
        "session": session, "event": p["event"], "when": _when_param(p)}


def _reminder_title(p: dict) -> str:
    session = p["session"] or p["event"]
    if p["kind"] == "1h":
        return _("Starts in one hour: %(session)s") % {"session": session}
    return _("Tomorrow: %(session)s") % {"session": session}


def _reminder_body(p: dict) -> str:
    return render_to_string("conferences/notices/reminder.txt", {
        "session": {"title": p["session"] or p["event"]}, "event": {"title": p["event"]},
        "when_text": _when_param(p), "join_url": p["join_url"]}).strip()


REGISTRATION = messages.register("conferences.registration", title=_registration_title, body=_registration_body)
SESSION_CHANGED = messages.register("conferences.session_changed", title=_change_title, body=_change_body)
REMINDER = messages.register("conferences.reminder", title=_reminder_title, body=_reminder_body)


def registration_notice(registration: Registration) -> None:
    if registration.status not in STATUS_TITLES:
        return
    event = registration.event
    sessions = list(event.sessions.filter(status=Session.Status.SCHEDULED))
    stamp = int(timezone.now().timestamp() * 1000)
    attachment = None
    if registration.status == Registration.Status.CONFIRMED and sessions:
        with in_language_of(registration.user):
            attachment = ("invitation.ics", "text/calendar; method=PUBLISH", ics.calendar_for(sessions).decode())
    params = {"status": str(registration.status), "event": messages.text_of(event, "title"),
              "sessions": [_session_param(s) for s in sessions]}
    notification_send(user=registration.user, kind=f"conference.registration.{registration.status}",
                      dedup_key=f"conf-reg:{registration.pk}:{registration.status}:{stamp}",
                      message=REGISTRATION, params=params, url=event_url(event), attachment=attachment)


def session_change_notice(session: Session, registration: Registration):
    """An update (moved) or a cancellation, with an .ics of the same UID and the new SEQUENCE."""
    event = session.event
    cancelled = session.status == Session.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    with in_language_of(registration.user):
        calendar = ics.session_calendar(session, method=method).decode()
    params = {"cancelled": cancelled, "session": messages.text_of(session, "title"),
              "event": messages.text_of(event, "title"), "starts_at": session.starts_at.isoformat(),
              "zone": event.timezone}
    return notification_send(
        user=registration.user, kind="conference.session.cancelled" if cancelled else "conference.session.moved",
        dedup_key=f"conf-change:{session.pk}:{session.sequence}:{registration.pk}", message=SESSION_CHANGED,
        params=params, url=event_url(event),
        attachment=(f"{session.uid}.ics", f"text/calendar; method={method}", calendar))


REMINDER_KINDS = {"24h": 24 * 60, "1h": 60}


def reminder_key(kind: str, registration_id: int, session: Session) -> str:
    return f"conf-reminder:{kind}:{registration_id}:{session.pk}:{int(session.starts_at.timestamp())}"


def reminder_notice(kind: str, session: Session, registration: Registration):
    params = {"kind": kind, "session": messages.text_of(session, "title"),
              "event": messages.text_of(session.event, "title"), "starts_at": session.starts_at.isoformat(),
              "zone": session.event.timezone, "join_url": settings.SITE_URL + event_url(session.event)}
    return notification_send(
        user=registration.user, kind=f"conference.reminder.{kind}",
        dedup_key=reminder_key(kind, registration.pk, session), message=REMINDER, params=params,
        url=event_url(session.event))
