"""Writes for events, sessions and registrations: validated, atomic, audited.

Seat accounting is exact under concurrency: every write that changes who holds a seat first locks the event
row (SELECT ... FOR UPDATE), so registrations, cancellations, approvals and waitlist promotions of one event
are serialised while other events proceed in parallel."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences import selectors
from conferences.models import Event, EventCountry, Registration, Session, Speaker
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, PartnerParticipant

EVENT_FIELDS = {"event_type", "title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en",
                "timezone", "location", "audience", "registration_mode", "capacity", "status", "accredited",
                "academic_hours", "attendance_threshold", "join_opens_minutes"}
SESSION_FIELDS = {"title_kk", "title_ru", "title_en", "agenda_kk", "agenda_ru", "agenda_en", "languages",
                  "provider", "external_url"}


def _require_manager(actor, event: Event) -> None:
    if actor is not None and not selectors.can_manage(actor, event):
        raise NotAllowed(_("Only the organisers of this event may do this."))


def _full_clean(obj) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=["organisers", "speakers"])
    except ValidationError as exc:
        raise ApplicationError("invalid", "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()),
                               extra={"fields": exc.message_dict})


# ---- events ------------------------------------------------------------------------------------------------

@transaction.atomic
def event_create(*, actor, slug: str, invited_countries: list[str] = (), organisers=(), **fields) -> Event:
    if actor is not None and not selectors.can_create_events(actor):
        raise NotAllowed(_("Only APA faculty and administrators may create events."))
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    event = Event(slug=slug, **fields)
    _full_clean(event)
    event.save()
    event.organisers.set([*organisers, *([actor] if actor is not None else [])])
    _set_countries(event, invited_countries)
    audit_record(actor=actor, action="event.create", obj=event, summary=slug,
                 after={"type": event.event_type, "audience": event.audience})
    return event


def _set_countries(event: Event, countries) -> None:
    codes = sorted({c.strip().upper() for c in countries if c and c.strip()})
    bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
    if bad:
        raise ApplicationError("invalid_country", _("Countries are ISO 3166 two-letter codes: %(c)s")
                               % {"c": ", ".join(bad)})
    event.invited_countries.exclude(country__in=codes).delete()
    EventCountry.objects.bulk_create([EventCountry(event=event, country=c) for c in codes], ignore_conflicts=True)


@transaction.atomic
def event_update(*, event: Event, actor, invited_countries: list[str] | None = None, **fields) -> Event:
    _require_manager(actor, event)
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = {k: getattr(event, k) for k in fields}
    capacity_grew = "capacity" in fields and (fields["capacity"] is None or
                                              (event.capacity or 0) < (fields["capacity"] or 0))
    for key, value in fields.items():
        setattr(event, key, value)
    _full_clean(event)
    event.save()
    if invited_countries is not None:
        _set_countries(event, invited_countries)
    if capacity_grew:
        Event.objects.select_for_update().get(pk=event.pk)
        _promote_waitlist(event)
    audit_record(actor=actor, action="event.update", obj=event, summary=event.slug,
                 before={k: str(v) for k, v in before.items()}, after={k: str(v) for k, v in fields.items()})
    return event


@transaction.atomic
def speaker_create(*, actor, **fields) -> Speaker:
    speaker = Speaker(**fields)
    _full_clean(speaker)
    speaker.save()
    audit_record(actor=actor, action="speaker.create", obj=speaker, summary=speaker.name)
    return speaker


# ---- sessions ----------------------------------------------------------------------------------------------

def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ApplicationError("naive_time", _("Times must carry a time zone."))
    if ends_at <= starts_at:
        raise ApplicationError("invalid_times", _("A session must end after it starts."))


@transaction.atomic
def session_create(*, event: Event, actor, starts_at: datetime, ends_at: datetime, speakers=(), **fields) -> Session:
    _require_manager(actor, event)
    _check_times(starts_at, ends_at)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    session = Session(event=event, starts_at=starts_at, ends_at=ends_at, **fields)
    _full_clean(session)
    session.save()
    if speakers:
        session.speakers.set(speakers)
    audit_record(actor=actor, action="session.create", obj=session, summary=f"{event.slug} {starts_at:%d.%m.%Y %H:%M} UTC",
                 after={"starts_at": starts_at.isoformat()})
    return session


@transaction.atomic
def session_update(*, session: Session, actor, starts_at: datetime | None = None, ends_at: datetime | None = None,
                   speakers=None, **fields) -> Session:
    """Moving a session raises its calendar SEQUENCE and sends every confirmed participant an update with the
    new .ics (same UID), so calendar applications move the entry instead of adding another."""
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    _require_manager(actor, session.event)
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if session.status == Session.Status.CANCELLED:
        raise ApplicationError("session_cancelled", _("A cancelled session cannot be changed."))
    new_start, new_end = starts_at or session.starts_at, ends_at or session.ends_at
    _check_times(new_start, new_end)
    moved = (new_start, new_end) != (session.starts_at, session.ends_at)
    before = {"starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat(),
              "sequence": session.sequence}
    session.starts_at, session.ends_at = new_start, new_end
    for key, value in fields.items():
        setattr(session, key, value)
    if moved or {"title_kk", "title_ru", "title_en", "external_url"} & set(fields):
        session.sequence += 1
    _full_clean(session)
    session.save()
    if speakers is not None:
        session.speakers.set(speakers)
    audit_record(actor=actor, action="session.update", obj=session, summary=str(session.uid), before=before,
                 after={"starts_at": new_start.isoformat(), "ends_at": new_end.isoformat(),
                        "sequence": session.sequence})
    if moved:
        _queue_change_notice(session)
    return session


@transaction.atomic
def session_cancel(*, session: Session, actor) -> Session:
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    _require_manager(actor, session.event)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    audit_record(actor=actor, action="session.cancel", obj=session, summary=str(session.uid),
                 after={"sequence": session.sequence})
    _queue_change_notice(session)
    if session.provider == Session.Provider.BBB:  # the status is the intent; the server hears of it after commit
        from conferences.tasks import close_room

        session_id = session.pk
        transaction.on_commit(lambda: close_room.delay(session_id))
    return session


def _queue_change_notice(session: Session) -> None:
    from conferences.tasks import session_changed_notify

    session_id, sequence = session.pk, session.sequence
    transaction.on_commit(lambda: session_changed_notify.delay(session_id, sequence))


# ---- registrations -----------------------------------------------------------------------------------------

def _who(user) -> tuple[str, str]:
    """(country, organisation) snapshot for the export by country."""
    partner = PartnerParticipant.objects.filter(user=user).first()
    if partner is not None:
        return partner.country, partner.organisation
    servant = CivilServant.objects.filter(user=user).select_related("body").first()
    return "KZ", servant.body.name if servant else ""


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _seat_free(event: Event) -> bool:
    return event.capacity is None or selectors.seats_taken(event) < event.capacity


@transaction.atomic
def registration_create(*, event: Event, user, actor=None) -> Registration:
    """Open events confirm while seats last, then waitlist; by-approval events start pending."""
    event = _lock(event)
    if not selectors.events_visible_to(user).filter(pk=event.pk).exists():
        raise NotAllowed(_("This event is not open to you."), code="not_in_audience")
    if event.status != Event.Status.PUBLISHED:
        raise ApplicationError("event_closed", _("Registration for this event is closed."))
    if not event.sessions.filter(status=Session.Status.SCHEDULED, ends_at__gt=timezone.now()).exists():
        raise ApplicationError("event_over", _("This event is over."))
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status in selectors.ACTIVE:
        raise ApplicationError("already_registered", _("You are already registered for this event."))
    if registration is not None and registration.status == Registration.Status.REJECTED:
        raise ApplicationError("registration_declined", _("The organisers declined your registration."))
    if event.registration_mode == Event.Registration.APPROVAL:
        status = Registration.Status.PENDING
    else:
        status = Registration.Status.CONFIRMED if _seat_free(event) else Registration.Status.WAITLISTED
    country, organisation = _who(user)
    if registration is None:
        registration = Registration.objects.create(event=event, user=user, status=status, country=country,
                                                   organisation=organisation)
    else:  # registering again after a cancellation: back of the queue
        registration.status, registration.country, registration.organisation = status, country, organisation
        registration.created_at = timezone.now()
        registration.save()
    audit_record(actor=actor or user, action="registration.create", obj=registration,
                 summary=f"{event.slug} {status}", after={"status": status, "country": country})
    _notify_status(registration)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration:
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if actor is not None and actor.pk != registration.user_id and not selectors.can_manage(actor, event):
        raise NotAllowed(_("You may cancel only your own registration."))
    if registration.status not in selectors.ACTIVE:
        raise ApplicationError("not_registered", _("This registration is not active."))
    held_seat = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="registration.cancel", obj=registration, summary=event.slug)
    if held_seat:
        _promote_waitlist(event)
    return registration


@transaction.atomic
def registration_decide(*, registration: Registration, approve: bool, actor) -> Registration:
    event = _lock(registration.event)
    _require_manager(actor, event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING:
        raise ApplicationError("not_pending", _("This registration is not awaiting a decision."))
    if approve:
        registration.status = Registration.Status.CONFIRMED if _seat_free(event) else Registration.Status.WAITLISTED
    else:
        registration.status = Registration.Status.REJECTED
    registration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="registration.approve" if approve else "registration.reject",
                 obj=registration, summary=f"{event.slug} {registration.status}")
    _notify_status(registration)
    return registration


def _promote_waitlist(event: Event) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served. The caller holds the event lock."""
    promoted = []
    free = None if event.capacity is None else event.capacity - selectors.seats_taken(event)
    queue = (Registration.objects.select_for_update().filter(event=event, status=Registration.Status.WAITLISTED)
             .order_by("created_at", "id"))
    for registration in (queue if free is None else queue[:max(free, 0)]):
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, action="registration.promote", obj=registration, summary=event.slug)
        _notify_status(registration)
        promoted.append(registration)
    return promoted


def _notify_status(registration: Registration) -> None:
    from conferences.notices import registration_notice

    registration_notice(registration)


# ---- calendar feed -----------------------------------------------------------------------------------------

def calendar_feed_for(user):
    from conferences.models import CalendarFeed

    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, user):
    import secrets


    feed = calendar_feed_for(user)
    feed.token = secrets.token_urlsafe()
    feed.save(update_fields=["token"])
    audit_record(actor=user, action="calendar_feed.rotate", obj=feed, summary=user.username)
    return feed
