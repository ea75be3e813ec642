"""{% session_times session %}: the session's time in the event's zone and in the viewer's own zone.
Signed-in viewers: their profile zone, server-side. Anonymous viewers: a <time> element that a small script
fills in with the browser's zone; the server renders the platform zone as the fallback."""

from django import template
from django.conf import settings

from conferences.timezones import format_local, offset_label

register = template.Library()


@register.inclusion_tag("frontend/conferences/_times.html", takes_context=True)
def session_times(context, session):
    event_zone = session.event.timezone
    user = context.get("user")
    viewer_zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
    fallback_zone = viewer_zone or settings.TIME_ZONE
    return {
        "session": session,
        "event_zone": event_zone, "event_offset": offset_label(session.starts_at, event_zone),
        "event_text": _span(session, event_zone),
        "viewer_zone": fallback_zone, "viewer_offset": offset_label(session.starts_at, fallback_zone),
        "viewer_text": _span(session, fallback_zone),
        "from_browser": not viewer_zone, "same_zone": bool(viewer_zone) and viewer_zone == event_zone,
        "utc_start": session.starts_at.isoformat(), "utc_end": session.ends_at.isoformat(),
    }


def _span(session, zone_name: str) -> str:
    return f"{format_local(session.starts_at, zone_name)} – {format_local(session.ends_at, zone_name, with_date=False)}"
