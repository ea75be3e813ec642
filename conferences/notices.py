"""Notification texts of the conferences app. Everything is rendered by notifications.notification_send with
the recipient's language and time zone active, so `when` shows the event's local time and the recipient's."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences import ics
from conferences.models import Registration, Session
from conferences.timezones import format_local, offset_label
from notifications.services import notification_send


def when(session: Session) -> str:
    """'20 May 2026 15:00 (Asia/Almaty, UTC+05:00); your time 13:00 (Asia/Tbilisi)' in the active language."""
    event_zone = session.event.timezone
    text = f"{format_local(session.starts_at, event_zone)} ({event_zone}, {offset_label(session.starts_at, event_zone)})"
    viewer_zone = timezone.get_current_timezone_name()
    if viewer_zone != event_zone:
        text += "; " + _("your time %(time)s (%(zone)s)") % {
            "time": format_local(session.starts_at, viewer_zone), "zone": viewer_zone}
    return text


def event_url(event) -> str:
    return reverse("conferences:detail", args=[event.slug])


STATUS_TITLES = {
    Registration.Status.CONFIRMED: lambda ev: _("Registration confirmed: %(event)s") % {"event": ev.title},
    Registration.Status.WAITLISTED: lambda ev: _("You are on the waiting list: %(event)s") % {"event": ev.title},
    Registration.Status.PENDING: lambda ev: _("Registration received, awaiting approval: %(event)s")
    % {"event": ev.title},
    Registration.Status.REJECTED: lambda ev: _("Registration declined: %(event)s") % {"event": ev.title},
}


def registration_notice(registration: Registration) -> None:
    make_title = STATUS_TITLES.get(registration.status)
    if make_title is None:
        return
    event = registration.event
    sessions = list(event.sessions.filter(status=Session.Status.SCHEDULED))
    stamp = int(timezone.now().timestamp() * 1000)
    attachment = None
    if registration.status == Registration.Status.CONFIRMED and sessions:
        attachment = ("invitation.ics", "text/calendar; method=PUBLISH", ics.calendar_for(sessions).decode())

    def body(ctx):
        lines = [make_title(event)]
        lines += [f"• {s.title}: {when(s)}" for s in sessions]
        return "\n".join(lines)

    notification_send(user=registration.user, kind=f"conference.registration.{registration.status}",
                      dedup_key=f"conf-reg:{registration.pk}:{registration.status}:{stamp}",
                      title=lambda ctx: make_title(event), body=body, url=event_url(event), attachment=attachment)


def session_change_notice(session: Session, registration: Registration):
    """An update (moved) or a cancellation, with an .ics of the same UID and the new SEQUENCE."""
    event = session.event
    cancelled = session.status == Session.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    calendar = ics.session_calendar(session, method=method).decode()

    def title(ctx):
        if cancelled:
            return _("Session cancelled: %(session)s") % {"session": session.title}
        return _("Session moved: %(session)s") % {"session": session.title}

    def body(ctx):
        if cancelled:
            return _("The session “%(session)s” of “%(event)s” has been cancelled.") % {
                "session": session.title, "event": event.title}
        return _("The session “%(session)s” of “%(event)s” now starts %(when)s.") % {
            "session": session.title, "event": event.title, "when": when(session)}

    return notification_send(
        user=registration.user, kind="conference.session.cancelled" if cancelled else "conference.session.moved",
        dedup_key=f"conf-change:{session.pk}:{session.sequence}:{registration.pk}", title=title, body=body,
        url=event_url(event), attachment=(f"{session.uid}.ics", f"text/calendar; method={method}", calendar))


REMINDER_KINDS = {"24h": 24 * 60, "1h": 60}


def reminder_key(kind: str, registration_id: int, session: Session) -> str:
    return f"conf-reminder:{kind}:{registration_id}:{session.pk}:{int(session.starts_at.timestamp())}"


def reminder_notice(kind: str, session: Session, registration: Registration):
    def title(ctx):
        if kind == "1h":
            return _("Starts in one hour: %(session)s") % {"session": session.title}
        return _("Tomorrow: %(session)s") % {"session": session.title}

    return notification_send(
        user=registration.user, kind=f"conference.reminder.{kind}",
        dedup_key=reminder_key(kind, registration.pk, session), title=title,
        template="conferences/notices/reminder.txt",
        context={"session": session, "event": session.event, "when_text": lambda: when(session),
                 "join_url": settings.SITE_URL + event_url(session.event)},
        url=event_url(session.event))
