"""Joining, attendance and credit. (Questions to speakers: conferences.questions; recordings:
conferences.recordings.)

The join button is a POST that builds the personal join URL at click time (the BBB join URL carries the
user's name, id and role with a fresh checksum) and redirects to it; it works only for confirmed participants
(moderators: organisers, speakers with an account, administrators) inside the session's window."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import services as certificates
from compliance import services as compliance_services
from conferences import selectors
from conferences.models import (
    AttendanceCredit,
    AttendanceInterval,
    Event,
    EventType,
    Registration,
    Session,
)
from conferences.providers import provider_for
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant
from people.permissions import actor_for

MODERATOR_EARLY_MINUTES = 60  # organisers and speakers may open the room this long before the start


# ---- joining -----------------------------------------------------------------------------------------------

def join_window(session: Session, *, moderator: bool = False) -> tuple[datetime, datetime]:
    minutes = max(session.event.join_opens_minutes, MODERATOR_EARLY_MINUTES if moderator else 0)
    return session.starts_at - timedelta(minutes=minutes), session.ends_at


def is_moderator(user, session: Session) -> bool:
    """Organisers, administrators and speakers with an account. Uses the `viewer_*` annotations of
    selectors.session_for_join when the session carries them (no query then)."""
    if user is None or not user.is_authenticated:
        return False
    if hasattr(session, "viewer_organiser"):
        return session.viewer_organiser or session.viewer_speaker or actor_for(user).is_admin
    if selectors.can_manage(user, session.event):
        return True
    return session.speakers.filter(user=user).exists()


def join_state(session: Session, user, registration: Registration | None, now: datetime | None = None, *,
               moderator: bool | None = None) -> str:
    """'open' | 'not_registered' | 'too_early' | 'over' | 'cancelled' | 'in_person' (drives the page and API)."""
    status = registration.status if registration is not None else None
    return _join_state(session, user, status, now or timezone.now(), moderator)


def _join_state(session: Session, user, registration_status: str | None, now: datetime,
                moderator: bool | None) -> str:
    if session.status == Session.Status.CANCELLED or session.event.status == Event.Status.CANCELLED:
        return "cancelled"
    if session.provider == Session.Provider.NONE:
        return "in_person"
    if moderator is None:
        moderator = is_moderator(user, session)
    if not moderator and registration_status != Registration.Status.CONFIRMED:
        return "not_registered"
    opens, closes = join_window(session, moderator=moderator)
    if now < opens:
        return "too_early"
    if now > closes:
        return "over"
    return "open"


JOIN_REFUSALS = {
    "not_registered": _("Only confirmed participants can join this session."),
    "too_early": _("The room opens shortly before the session starts."),
    "over": _("This session is over."),
    "cancelled": _("This session has been cancelled."),
    "in_person": _("This session takes place in person only."),
}


def session_join(*, session: Session, user, now: datetime | None = None) -> str:
    """The personal join URL; records the click as the start of an attendance interval.

    Hot path (everyone clicks within the same minutes): with a session from selectors.session_for_join the
    checks cost no query and the attendance write is one INSERT … ON CONFLICT DO NOTHING (at most one open
    interval per person and session, a partial unique index), so a second click keeps the open interval."""
    now = now or timezone.now()
    if not hasattr(session, "viewer_registration"):
        session = selectors.session_for_join(user, session.uid)
    moderator = is_moderator(user, session)
    state = _join_state(session, user, session.viewer_registration, now, moderator)
    if state != "open":
        raise NotAllowed(JOIN_REFUSALS[state], code=f"join_{state}")
    url = provider_for(session).join_url(session, user, moderator=moderator)
    AttendanceInterval.objects.bulk_create(
        [AttendanceInterval(session=session, user=user, joined_at=now, source=AttendanceInterval.Source.CLICK)],
        ignore_conflicts=True)
    return url


def attendance_leave(*, session: Session, user, now: datetime | None = None) -> int:
    """Close the user's open intervals (the provider's logout redirect lands here)."""
    return AttendanceInterval.objects.filter(session=session, user=user, left_at__isnull=True).update(
        left_at=now or timezone.now())


def attendance_poll(*, session: Session, now: datetime | None = None) -> dict[str, int]:
    """Reconcile intervals with who the provider says is in the room: open for newcomers, close for leavers.
    The provider is asked first, outside any transaction (no row lock waits on the network)."""
    now = now or timezone.now()
    provider = provider_for(session)
    present = provider.attendee_ids(session) if provider else None
    if present is None:
        return {"opened": 0, "closed": 0}
    return _attendance_reconcile(session, {int(p) for p in present if p.isdigit()}, now)


@transaction.atomic
def _attendance_reconcile(session: Session, present_ids: set[int], now: datetime) -> dict[str, int]:
    open_rows = AttendanceInterval.objects.select_for_update().filter(session=session, left_at__isnull=True)
    open_users = set(open_rows.values_list("user_id", flat=True))
    closed = open_rows.exclude(user_id__in=present_ids).update(left_at=now)
    from people.models import User

    newcomers = set(User.objects.filter(pk__in=present_ids - open_users).values_list("pk", flat=True))
    AttendanceInterval.objects.bulk_create([  # a join click may have opened one meanwhile: keep it
        AttendanceInterval(session=session, user_id=uid, joined_at=now, source=AttendanceInterval.Source.PROVIDER)
        for uid in newcomers], ignore_conflicts=True)
    return {"opened": len(newcomers), "closed": closed}


def merged_minutes(intervals, start: datetime, end: datetime) -> int:
    """Minutes covered by the union of [joined, left) intervals clipped to [start, end]; an open interval
    (left None) counts until `end`. Overlaps (two tabs, a click and a provider poll) count once."""
    clipped = sorted((max(a, start), min(b or end, end)) for a, b in intervals)
    total, cur_a, cur_b = timedelta(0), None, None
    for a, b in clipped:
        if b <= a:
            continue
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += cur_b - cur_a
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += cur_b - cur_a
    return int(total.total_seconds() // 60)


def attendance_minutes(session: Session, now: datetime | None = None) -> dict[int, int]:
    end = min(session.ends_at, now or timezone.now()) if now else session.ends_at
    by_user: dict[int, list] = {}
    for user_id, joined, left in session.attendance.values_list("user_id", "joined_at", "left_at"):
        by_user.setdefault(user_id, []).append((joined, left))
    return {uid: merged_minutes(rows, session.starts_at, end) for uid, rows in by_user.items()}


HUB_PROVIDER = "APA · Astana Civil Service Hub"

# ---- credit ------------------------------------------------------------------------------------------------

def _certificate_for(event: Event, registration: Registration, sessions, actor, **legacy):
    """The attendance certificate in the platform register (certificates), idempotent by the registration;
    its number (HUB-YYYY-NNNNNN) is kept in AttendanceCredit.certificate_number too."""
    zone = event.zone
    return certificates.certificate_issue(
        holder=registration.user, source_key=f"event-registration:{registration.pk}", kind="event",
        title_kk=event.title_kk or event.title, title_ru=event.title_ru or event.title,
        title_en=event.title_en or event.title, course_type=_course_type(event), hours=event.academic_hours,
        provider=HUB_PROVIDER, started_on=timezone.localtime(min(s.starts_at for s in sessions), zone).date(),
        completed_on=timezone.localtime(max(s.ends_at for s in sessions), zone).date(), actor=actor,
        achievement_key=f"event:{event.slug}", **legacy,
    )


def _course_type(event: Event) -> str:
    # stable course-type codes (courses.CourseType.code, what records and certificates refer to)
    return "master_class" if event.event_type == EventType.MASTER_CLASS else "seminar"


@transaction.atomic
def event_credit_attendance(*, event: Event, actor=None, now: datetime | None = None) -> list[AttendanceCredit]:
    """For an accredited event whose sessions are all over: every confirmed participant who attended at least
    `attendance_threshold` % of the scheduled minutes gets the event's academic hours, a certificate number
    and, for civil servants, a TrainingRecord (enrollment). Safe to run twice (one credit per registration)."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if actor is not None and not selectors.can_manage(actor, event):
        raise NotAllowed(_("Only the organisers of this event may do this."))
    if not event.accredited:
        raise ApplicationError("not_accredited", _("This event does not credit academic hours."))
    sessions = list(event.sessions.filter(status=Session.Status.SCHEDULED))
    if not sessions or any(s.ends_at > now for s in sessions):
        raise ApplicationError("event_not_over", _("Hours are credited after the last session ends."))
    total = sum(s.minutes for s in sessions)
    attended: dict[int, int] = {}
    for session in sessions:
        for uid, minutes in attendance_minutes(session).items():
            attended[uid] = attended.get(uid, 0) + minutes
    credits = []
    registrations = (event.registrations.filter(status=Registration.Status.CONFIRMED, credit__isnull=True)
                     .select_related("user"))
    for registration in registrations:
        minutes = attended.get(registration.user_id, 0)
        percent = min(100, minutes * 100 // total)
        if percent < event.attendance_threshold:
            continue
        credit = AttendanceCredit.objects.create(
            registration=registration, minutes_attended=minutes, percent=percent, hours=event.academic_hours,
            certificate_number=_certificate_for(event, registration, sessions, actor).number)
        credit.training_record_id = _record_training(event, registration, sessions)
        if credit.training_record_id:
            credit.save(update_fields=["training_record_id"])
        credits.append(credit)
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(credits_processed_at=now)
    audit_record(actor=actor, action="event.credit", obj=event, summary=f"{event.slug}: {len(credits)} credited",
                 after={"credited": len(credits), "threshold": event.attendance_threshold})
    return credits


def _record_training(event: Event, registration: Registration, sessions) -> int | None:
    """The credit enters the training ledger (compliance) for civil servants; the service is idempotent on the
    natural key, so a second credit run returns the same record."""
    servant = CivilServant.objects.filter(user_id=registration.user_id).first()
    if servant is None:
        return None
    record = compliance_services.training_record_create(
        servant=servant, title=(event.title_ru or event.title)[:300], course_type=_course_type(event),
        hours=event.academic_hours, completed_on=timezone.localtime(max(s.ends_at for s in sessions), event.zone).date(),
        provider=HUB_PROVIDER, actor=None,
        titles={lang: getattr(event, f"title_{lang}") for lang in ("kk", "ru", "en")},
        title_language="ru" if event.title_ru else "")
    return record.pk
