"""One-off move of the attendance certificate numbers (HUB-YYYY-EEEE-RRRRRR) issued before the platform
register existed: each credit becomes a certificate of the register with its number unchanged (one segment
more than the register's HUB-YYYY-NNNNNN, so they never collide). Run by migration 0005; idempotent."""

from django.utils import timezone

from conferences.attendance import _certificate_for
from conferences.models import AttendanceCredit, Session


def backfill_event_certificates() -> int:
    moved = 0
    credits = AttendanceCredit.objects.select_related("registration__event", "registration__user")
    for credit in credits.iterator():
        event = credit.registration.event
        sessions = list(event.sessions.filter(status=Session.Status.SCHEDULED)) or list(event.sessions.all())
        if not sessions:
            continue
        issued_on = timezone.localdate(credit.created_at)
        _certificate_for(event, credit.registration, sessions, None, number=credit.certificate_number,
                         issued_on=issued_on)
        moved += 1
    return moved
