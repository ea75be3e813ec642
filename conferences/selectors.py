"""Reads scoped to the viewer. Audience rules: public events are seen by everyone (anonymous included);
civil-servant events by the platform's internal users (servants, HR, faculty, analysts, administrators);
invited-country events by internal users and partner participants of an invited country. Organisers always
see their own events, drafts included."""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from conferences.models import (
    AttendanceCredit,
    Audience,
    CalendarFeed,
    Event,
    EventCountry,
    Question,
    Registration,
    Session,
    SessionRecording,
    Speaker,
)
from people.models import PartnerParticipant, Role
from people.permissions import actor_for

INTERNAL_ROLES = {Role.SERVANT, Role.LINE_MANAGER, Role.HR_OFFICER, Role.FACULTY, Role.ADMIN, Role.ANALYST}
ACTIVE = (Registration.Status.PENDING, Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
LISTED = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def is_internal(user) -> bool:
    return bool(actor_for(user).roles & INTERNAL_ROLES)


def partner_country(user) -> str:
    # Actor already fetched the partner profile into the user's relation cache (people.permissions): reuse it.
    cache = user._state.fields_cache
    if "partner_profile" in cache:
        return cache["partner_profile"].country if cache["partner_profile"] else ""
    return PartnerParticipant.objects.filter(user=user).values_list("country", flat=True).first() or ""


def _organised_by(user):
    return Exists(Event.organisers.through.objects.filter(event_id=OuterRef("pk"), user_id=user.pk))


def audience_q(user) -> Q:
    if user is None or not user.is_authenticated:
        return Q(status__in=LISTED, audience=Audience.PUBLIC)
    if actor_for(user).is_admin:
        return Q()
    seen = Q(audience=Audience.PUBLIC)
    if is_internal(user):
        seen |= Q(audience__in=[Audience.CIVIL_SERVANTS, Audience.INVITED])
    else:
        country = partner_country(user)
        if country:
            seen |= Q(audience=Audience.INVITED) & Q(Exists(
                EventCountry.objects.filter(event_id=OuterRef("pk"), country=country)))
    return (Q(status__in=LISTED) & seen) | Q(_organised_by(user))



def events_visible_to(user):
    return Event.objects.filter(audience_q(user))


def can_manage(user, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return actor_for(user).is_admin or event.organisers.filter(pk=user.pk).exists()


def session_for_join(user, uid) -> Session | None:
    """The session with the event and, in the same query, what the join button needs to know about `user`:
    `viewer_visible` (audience rules), `viewer_registration` (status or None), `viewer_organiser`,
    `viewer_speaker`. One query after the Actor's (cached per request), however many organisers or speakers."""
    pk = user.pk if user is not None and user.is_authenticated else None
    return (Session.objects.select_related("event").filter(uid=uid).annotate(
        viewer_visible=Exists(events_visible_to(user).filter(pk=OuterRef("event_id"))),
        viewer_registration=Subquery(Registration.objects.filter(event_id=OuterRef("event_id"), user_id=pk)
                                     .values("status")[:1]),
        viewer_organiser=Exists(Event.organisers.through.objects.filter(event_id=OuterRef("event_id"), user_id=pk)),
        viewer_speaker=Exists(Session.speakers.through.objects.filter(session_id=OuterRef("pk"),
                                                                       speaker__user_id=pk)),
    ).first())


def can_create_events(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.FACULTY)


def events_managed_by(user):
    if actor_for(user).is_admin:
        return Event.objects.all()
    return Event.objects.filter(_organised_by(user))


def sessions_prefetch(lookup: str = "sessions"):
    return Prefetch(lookup, queryset=Session.objects.order_by("starts_at", "id").prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("name_en", "id"))))


def calendar(user, *, event_type: str = "", language: str = "", country: str = "", month: str = "",
             include_past: bool = False):
    """Events for the public calendar with filters. `month` is YYYY-MM (months in the platform's zone)."""
    qs = events_visible_to(user).exclude(status=Event.Status.DRAFT)
    if event_type:
        qs = qs.filter(event_type=event_type)
    if language:
        qs = qs.filter(Exists(Session.objects.filter(event_id=OuterRef("pk"), languages__contains=language)))
    if country:
        country = country.upper()[:2]
        qs = qs.filter(Exists(EventCountry.objects.filter(event_id=OuterRef("pk"), country=country))
                       | Exists(Session.objects.filter(event_id=OuterRef("pk"), speakers__country=country)))
    if month:
        start = _month_start(month)
        if start is not None:
            end = (start + timedelta(days=32)).replace(day=1)
            qs = qs.filter(Exists(Session.objects.filter(event_id=OuterRef("pk"), starts_at__gte=start,
                                                         starts_at__lt=end)))
    elif not include_past:
        qs = qs.filter(Exists(Session.objects.filter(event_id=OuterRef("pk"), ends_at__gte=timezone.now())))
    return qs.annotate(first_start=_first_start()).order_by("first_start", "id").prefetch_related(
        sessions_prefetch(), "invited_countries")


def _first_start():
    from django.db.models import Min
    return Min("sessions__starts_at")


def _month_start(month: str) -> datetime | None:
    try:
        year, mon = (int(p) for p in month.split("-"))
        return timezone.make_aware(datetime(year, mon, 1))
    except (ValueError, TypeError):
        return None


def registration_of(user, event: Event) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


def registrations_of(user):
    return (Registration.objects.filter(user=user).exclude(status=Registration.Status.REJECTED)
            .select_related("event").prefetch_related(sessions_prefetch("event__sessions"))
            .order_by("-created_at"))


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def registration_counts(event: Event) -> dict[str, int]:
    rows = event.registrations.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def recordings_visible(user, session: Session, registration: Registration | None, manager: bool):
    qs = SessionRecording.objects.filter(session=session).select_related("asset")
    if manager:
        return qs
    allowed = [SessionRecording.Visibility.AUDIENCE]
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        allowed.append(SessionRecording.Visibility.REGISTERED)
    return qs.filter(visibility__in=allowed)


def is_speaker(user, session: Session) -> bool:
    """From the prefetched speakers (sessions_prefetch): no query per session."""
    return bool(getattr(user, "is_authenticated", False)
                and any(sp.user_id == user.pk for sp in session.speakers.all()))


def questions_visible_to(user, session: Session, *, moderator: bool):
    """Moderators (organisers, speakers, administrators) see every question, to publish or hide it; others the
    published ones and their own, still waiting."""
    qs = Question.objects.filter(session=session)
    if moderator:
        return qs
    visible = Q(status=Question.Status.APPROVED)
    if getattr(user, "is_authenticated", False):
        visible |= Q(author=user)
    return qs.filter(visible)


def session_visible_to(user, uid) -> Session | None:
    """A session of an event `user` can see, or None (missing and not visible alike)."""
    session = Session.objects.select_related("event").filter(uid=uid).first()
    if session is None or not events_visible_to(user).filter(pk=session.event_id).exists():
        return None
    return session


def feed_sessions(token: str):
    """The private calendar feed behind `token`: sessions of its owner's confirmed registrations, or None for
    an unknown token or a deactivated owner."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return (Session.objects.filter(event__registrations__user=feed.user,
                                   event__registrations__status=Registration.Status.CONFIRMED)
            .select_related("event").order_by("starts_at"))


def signup_event(slug: str) -> Event | None:
    """The event a partner signs up for (public or invited-country events only)."""
    return Event.objects.filter(slug=slug, audience__in=(Audience.PUBLIC, Audience.INVITED)).first() if slug else None


def events_organised_with_counts(user, limit: int = 50):
    """"My events" of an organiser: newest first, with confirmed participants counted (`n`)."""
    return (events_managed_by(user)
            .annotate(n=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
            .order_by("-created_at")[:limit])


def event_recordings(event: Event):
    return SessionRecording.objects.filter(session__event=event).select_related("session", "asset")


def credited_count(event: Event) -> int:
    return event.registrations.filter(credit__isnull=False).count()


def participants_by_country(event: Event):
    return (event.registrations.filter(status__in=ACTIVE).select_related("user")
            .order_by("country", "user__last_name", "user__first_name", "id"))


# ---- who may watch an imported recording in the media library (media audience "event") ----------------------

def recordings_watchable_by(user):
    """Recordings in the library `user` may watch, exactly as the event page shows them (recordings_visible):
    organisers (and administrators) every recording of their events; others those of events they can see,
    shown to "everyone who can see the event", or to "registered participants" when their registration is
    confirmed. One queryset, for use as a subquery."""
    qs = SessionRecording.objects.filter(asset__isnull=False)
    shown = Q(visibility=SessionRecording.Visibility.AUDIENCE)
    if user is not None and user.is_authenticated:
        shown |= Q(visibility=SessionRecording.Visibility.REGISTERED) & Q(Exists(Registration.objects.filter(
            event_id=OuterRef("session__event_id"), user_id=user.pk, status=Registration.Status.CONFIRMED)))
        managed = Q(session__event__in=events_managed_by(user).values("pk"))
    else:
        managed = Q(pk__in=[])
    return qs.filter(managed | (Q(session__event__in=events_visible_to(user).values("pk")) & shown))


def recording_asset_ids_visible_to(user):
    return recordings_watchable_by(user).values("asset_id")


def recording_asset_visible_to(user, asset) -> bool:
    return recordings_watchable_by(user).filter(asset_id=asset.pk).exists()


def attendance_between(user_ids, *, since, until) -> list[tuple[int, int, int, object]]:
    """(user id, event id, academic hours credited, day credited) of attendance credits in [since, until]:
    development plans tick conference items off from them."""
    rows = AttendanceCredit.objects.filter(registration__user_id__in=list(user_ids), created_at__date__gte=since,
                                           created_at__date__lte=until)
    return [(u, e, h, at.date()) for u, e, h, at in rows.values_list(
        "registration__user_id", "registration__event_id", "hours", "created_at")]


def event_choices_for_plans(*, since, until) -> list[tuple[int, str]]:
    """(event id, title) of published events with a session in [since, until], for plan items."""
    qs = Event.objects.filter(status=Event.Status.PUBLISHED, sessions__starts_at__date__gte=since,
                              sessions__starts_at__date__lte=until).distinct().order_by("pk")
    return [(e.pk, e.title) for e in qs]
def upcoming_registrations_of(user, *, limit: int = 5):
    """The user's own live registrations (pending, confirmed, waitlisted) to events not over yet, soonest
    first, with `next_start` (the first session still to come): one query, for the learning dashboard."""
    if user is None or not user.is_authenticated:
        return Registration.objects.none()
    now = timezone.now()
    return (Registration.objects.filter(user=user, event__status=Event.Status.PUBLISHED)
            .exclude(status__in=[Registration.Status.REJECTED, Registration.Status.CANCELLED])
            .annotate(next_start=Min("event__sessions__starts_at", filter=Q(event__sessions__ends_at__gte=now)))
            .filter(next_start__isnull=False).select_related("event").order_by("next_start")[:limit])
