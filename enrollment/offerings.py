"""Course runs and their completion: creating an offering, attendance on session days, the completion check
(attendance on-site, course progress online), the provider's confirmation with a certificate number, and the
training record it creates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import services as certificates
from compliance.services import training_record_create
from courses import selectors as courses_selectors
from enrollment.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStep,
    AttendanceMark,
    DeliveryMode,
    Funding,
    Offering,
    Voucher,
)
from enrollment.scopes import is_provider_for, today_almaty
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import Role
from people.permissions import actor_for

OFFERING_FIELDS = ("code", "starts_on", "ends_on", "capacity", "delivery", "place", "language", "funding", "price",
                   "opens_days_before", "closes_days_before", "min_attendance_percent")
EDITABLE_FIELDS = tuple(f for f in OFFERING_FIELDS if f != "code")  # the code is the run's stable identifier
DATE_FIELDS = ("starts_on", "ends_on")
MAX_WINDOW_DAYS = 365


def may_schedule(user, version) -> bool:
    """APA administrators schedule any course; faculty only the courses they author."""
    roles = actor_for(user)
    if roles.is_admin:
        return True
    return roles.has(Role.FACULTY) and version.course.authors.filter(pk=user.pk).exists()


def _invalid(errors: dict) -> ApplicationError:
    """One refusal carrying every field error (translated), for forms and the API alike."""
    return ApplicationError("invalid", _("Check the highlighted fields."),
                            extra={"fields": {k: [str(m) for m in v] for k, v in errors.items()}})


def _field_errors(offering: Offering, *, creating: bool, today: date) -> dict:
    """Rules beyond the column types: date order, future start, capacity, place, language, price, window."""
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    o = offering
    if o.starts_on and o.ends_on and o.ends_on < o.starts_on:
        add("ends_on", _("The run cannot end before it starts."))
    if creating and o.starts_on and o.starts_on < today:
        add("starts_on", _("A new run cannot start in the past."))
    if o.capacity is not None and o.capacity < 1:
        add("capacity", _("A run needs at least one place."))
    if o.delivery in (DeliveryMode.ONSITE, DeliveryMode.BLENDED) and not (o.place or "").strip():
        add("place", _("Give the place of an on-site or blended run."))
    if o.language and o.language not in o.version.language_list:
        add("language", _("The course version is delivered in: %(langs)s.") % {
            "langs": ", ".join(o.version.language_list)})
    if o.funding == Funding.CONTRACT and (o.price is None or o.price <= 0):
        add("price", _("A contract (paid) run needs a price."))
    if o.funding != Funding.CONTRACT and o.price is not None:
        add("price", _("Only contract (paid) runs have a price."))
    if o.opens_days_before is not None and o.opens_days_before > MAX_WINDOW_DAYS:
        add("opens_days_before", _("At most %(n)s days.") % {"n": MAX_WINDOW_DAYS})
    if (o.opens_days_before is not None and o.closes_days_before is not None
            and o.closes_days_before > o.opens_days_before):
        add("closes_days_before", _("Applications cannot close before they open."))
    if o.min_attendance_percent is not None and o.min_attendance_percent > 100:
        add("min_attendance_percent", _("A percentage from 0 to 100."))
    return errors


# A rule on one field depends on these; an edit is checked only where it touches them, so a run that predates
# a rule (e.g. a contract run without a price) can still have its capacity changed.
RELATED = {"starts_on": {"starts_on", "ends_on"}, "ends_on": {"starts_on", "ends_on"},
           "place": {"delivery", "place"}, "price": {"funding", "price"},
           "closes_days_before": {"opens_days_before", "closes_days_before"}}


def _validate(offering: Offering, *, creating: bool, extra: dict | None = None, changed=None) -> None:
    """Raise one ApplicationError with all field errors; nothing is written before this passes. `changed`
    (edits): only rules touching the changed fields are checked."""
    errors = dict(extra or {})
    for field, messages in _field_errors(offering, creating=creating, today=today_almaty()).items():
        if changed is None or RELATED.get(field, {field}) & set(changed):
            errors.setdefault(field, []).extend(messages)
    try:
        offering.full_clean(exclude=[f for f in errors] + ["version"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field if field != "__all__" else "non_field_errors", []).extend(messages)
    if errors:
        raise _invalid(errors)


def _unique_code(version, starts_on: date) -> str:
    """COURSE-YYMMDD, with -2, -3 ... if that run code is taken."""
    base = f"{version.course.code}-{starts_on:%y%m%d}"[:44]
    taken = set(Offering.objects.filter(code__startswith=base).values_list("code", flat=True))
    return next(c for c in [base] + [f"{base}-{i}" for i in range(2, 1000)] if c not in taken)


@transaction.atomic
def offering_create(*, version, actor, **fields) -> Offering:
    """A run of a published course version (administrators, or faculty authoring the course). Without a code,
    one is made from the course code and the start date."""
    if actor is not None and not may_schedule(actor, version):
        raise NotAllowed(_("Only administrators and the course's authors may schedule runs."))
    if version.status != "published":
        raise ApplicationError("version_not_published", _("Only a published course version can be scheduled."),
                               extra={"fields": {"version": [str(_("Only a published course version can be "
                                                                   "scheduled."))]}})
    unknown = set(fields) - set(OFFERING_FIELDS)
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    offering = Offering(version=version, **fields)
    if not offering.code and offering.starts_on:
        offering.code = _unique_code(version, offering.starts_on)
    _validate(offering, creating=True)
    offering.save()
    audit_record(actor=actor, action="enrollment.offering.create", obj=offering, summary=offering.code,
                 after=_snapshot(offering))
    return offering


def _snapshot(offering: Offering) -> dict:
    return {f: (v.isoformat() if isinstance(v, date) else str(v) if v is not None else None)
            for f in EDITABLE_FIELDS for v in [getattr(offering, f)]}


@transaction.atomic
def offering_update(*, offering: Offering, actor, **fields) -> Offering:
    """Edit a run. Refused for cancelled runs; once started (Asia/Almaty) its dates stay; capacity never drops
    below the places held. More places go to the waiting list at once."""
    from enrollment.applications import _lock_offering, promote_waitlisted

    offering = _lock_offering(offering)
    _require_schedule(actor, offering)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError("invalid", _("These fields cannot be changed: %(f)s") % {
            "f": ", ".join(sorted(unknown))})
    if offering.is_cancelled:
        raise ApplicationError("offering_cancelled", _("This course run has been cancelled."))
    before = _snapshot(offering)
    started = today_almaty() >= offering.starts_on
    errors: dict[str, list] = {}
    for field in DATE_FIELDS:
        if started and field in fields and fields[field] != getattr(offering, field):
            errors[field] = [_("The run has started: its dates can no longer change.")]
    held = Application.objects.filter(offering=offering, seat_number__isnull=False).count()
    if fields.get("capacity") is not None and fields["capacity"] < held:
        errors["capacity"] = [_("%(n)s places are already held: the capacity cannot be lower.") % {"n": held}]
    for field, value in fields.items():
        setattr(offering, field, value)
    changed = {f for f in fields if str(before[f]) != str(getattr(offering, f))}
    _validate(offering, creating="starts_on" in changed, extra=errors, changed=changed)
    offering.save(update_fields=list(fields) or None)
    _compact_seats(offering)
    after = _snapshot(offering)
    changed = {k: after[k] for k in after if after[k] != before[k]}
    audit_record(actor=actor, action="enrollment.offering.update", obj=offering, summary=offering.code,
                 before={k: before[k] for k in changed}, after=changed)
    if offering.capacity > held:
        promote_waitlisted(offering)
    return offering


def _compact_seats(offering: Offering) -> None:
    """Keep seat numbers within 1..capacity after a reduction: seats above it move to free lower numbers
    (there are enough, since capacity >= places held)."""
    high = list(Application.objects.filter(offering=offering, seat_number__gt=offering.capacity)
                .order_by("seat_number"))
    if not high:
        return
    taken = set(Application.objects.filter(offering=offering, seat_number__lte=offering.capacity)
                .values_list("seat_number", flat=True))
    free = (n for n in range(1, offering.capacity + 1) if n not in taken)
    for app in high:
        app.seat_number = next(free)
    Application.objects.bulk_update(high, ["seat_number"])


def _require_schedule(actor, offering: Offering) -> None:
    if actor is not None and not may_schedule(actor, offering.version):
        raise NotAllowed(_("Only administrators and the course's authors may manage this run."))


@transaction.atomic
def offering_cancel(*, offering: Offering, actor, reason: str) -> Offering:
    """Cancel a run: every open application is closed (rejected with the reason), its place, waiting-list
    position and voucher released, and the applicant told once (dedup key per application). Cancelling a
    cancelled run changes nothing. Refused once anyone has completed it."""
    from enrollment.applications import _lock_offering

    reason = (reason or "").strip()
    offering = _lock_offering(offering)
    _require_schedule(actor, offering)
    if offering.is_cancelled:
        return offering
    if not reason:
        raise _invalid({"reason": [_("Give the reason for the cancellation.")]})
    if Application.objects.filter(offering=offering, status=ApplicationStatus.COMPLETED).exists():
        raise ApplicationError("offering_completed", _("Participants have completed this run: it cannot be "
                                                       "cancelled."))
    open_apps = list(Application.objects.filter(offering=offering).exclude(
        status__in=(*CLOSED_STATUSES, ApplicationStatus.COMPLETED)).select_related("servant__user"))
    ids = [a.pk for a in open_apps]
    Voucher.objects.filter(application_id__in=ids).update(application=None, used_at=None)
    Application.objects.filter(pk__in=ids).update(status=ApplicationStatus.REJECTED, rejection_reason=reason,
                                                  seat_number=None, waitlist_position=None,
                                                  updated_at=timezone.now())
    user = actor if getattr(actor, "is_authenticated", False) else None
    ApplicationStep.objects.bulk_create([ApplicationStep(application_id=pk, stage=ApplicationStep.Stage.PROVIDER,
                                                         decision=ApplicationStep.Decision.REJECTED, actor=user,
                                                         note_key="run_cancelled", comment=reason[:4000])
                                         for pk in ids])
    offering.is_cancelled = True
    offering.save(update_fields=["is_cancelled"])
    audit_record(actor=actor, action="enrollment.offering.cancel", obj=offering, summary=offering.code,
                 before={"is_cancelled": False},
                 after={"is_cancelled": True, "reason": reason[:200], "applications_closed": len(ids)})
    for application in open_apps:
        _notify_cancelled(application, offering, reason)
    return offering


def _notify_cancelled(application: Application, offering: Offering, reason: str) -> None:
    """Once per application; the text follows the applicant's language when read (a message key)."""
    from django.urls import reverse

    from enrollment.notices import CANCELLED, notice_params
    from notifications.services import notification_send

    user = application.servant.user
    if user is None:
        return
    application.offering = offering
    notification_send(user=user, kind="enrollment.cancelled", dedup_key=f"enrollment:cancelled:{application.pk}",
                      message=CANCELLED, params=notice_params(application, reason=reason),
                      url=reverse("enrollment:mine"))


# --- attendance -------------------------------------------------------------------------------------------

def _require_provider(actor, offering: Offering) -> None:
    if actor is not None and not is_provider_for(actor, offering):
        raise NotAllowed(_("Only the provider of this course may do this."))


@transaction.atomic
def attendance_set(*, offering: Offering, day: date, present_ids: set[int], actor) -> int:
    """Mark one session day for every participant holding a place: present if their application id is in
    `present_ids`, absent otherwise. One upsert whatever the group size; returns the number of marks."""
    _require_provider(actor, offering)
    if day not in offering.session_days():
        raise ApplicationError("invalid_day", _("This day is not a session day of the run."))
    if day > today_almaty():
        raise ApplicationError("future_day", _("Attendance cannot be marked for a future day."))
    ids = list(Application.objects.filter(offering=offering, seat_number__isnull=False)
               .values_list("pk", flat=True))
    stray = set(present_ids) - set(ids)
    if stray:
        raise ApplicationError("invalid", _("Some marked people are not participants of this run."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    AttendanceMark.objects.bulk_create(
        [AttendanceMark(application_id=pk, day=day, present=pk in present_ids, marked_by=user, marked_at=now)
         for pk in ids],
        update_conflicts=True, unique_fields=["application", "day"], update_fields=["present", "marked_by",
                                                                                    "marked_at"])
    audit_record(actor=actor, action="enrollment.attendance.set", obj=offering,
                 summary=f"{offering.code} {day.isoformat()}: {len(present_ids)}/{len(ids)}")
    return len(ids)


# --- completion -------------------------------------------------------------------------------------------

def completion_state(application: Application) -> dict:
    """What completion requires and what is there: attendance share for on-site and blended runs, finished
    course progress for online and blended runs (when the version has lessons)."""
    offering = application.offering
    days = len(offering.session_days())
    attended = application.attendance.filter(present=True).count()
    percent = round(100 * attended / days) if days else 0
    needs_attendance = offering.delivery in (DeliveryMode.ONSITE, DeliveryMode.BLENDED)
    needs_progress = offering.delivery == DeliveryMode.ONLINE or (
        offering.delivery == DeliveryMode.BLENDED and courses_selectors.version_has_lessons(offering.version_id))
    online_done = courses_selectors.learner_completed(user_id=application.servant.user_id,
                                                      version_id=offering.version_id)
    ok = (not needs_attendance or percent >= offering.min_attendance_percent) and (not needs_progress or online_done)
    return {"days": days, "attended": attended, "percent": percent, "needs_attendance": needs_attendance,
            "needs_progress": needs_progress, "online_done": online_done, "eligible": ok,
            "hours": offering.version.hours}


def _certificate_for(application: Application, completed_on: date, hours: int, actor, **legacy):
    """The run's completion certificate in the platform register (certificates), idempotent by the
    application; its number (APA-YYYY-NNNNNN, the register's counter) is kept in certificate_number too."""
    offering, version = application.offering, application.offering.version
    provider = version.provider
    return certificates.certificate_issue(
        servant=application.servant, source_key=f"run-application:{application.pk}", kind="run",
        title_kk=version.title_kk, title_ru=version.title_ru, title_en=version.title_en,
        course_type=version.course_type.code,
        course_type_names=(version.course_type.name_kk, version.course_type.name_ru, version.course_type.name_en),
        hours=hours, provider=provider.name_ru, provider_kk=provider.name_kk, provider_en=provider.name_en,
        started_on=offering.starts_on, completed_on=completed_on, actor=actor,
        achievement_key=f"course:{version.course.code}", **legacy,
    )


def _record_for(application: Application, completed_on: date):
    """The internal training record of the completion in the compliance ledger (the service returns an
    identical imported one instead of adding a second)."""
    version = application.offering.version
    title = (version.title_ru or version.title_kk or version.title_en or version.course.code)[:300]
    return training_record_create(servant=application.servant, title=title, course_type=version.course_type.code,
                                  hours=application.hours_credited, completed_on=completed_on,
                                  provider=version.provider.name_ru[:300], actor=None,
                                  titles={lang: getattr(version, f"title_{lang}") for lang in ("kk", "ru", "en")},
                                  title_language=next((lang for lang in ("ru", "kk", "en")
                                                       if getattr(version, f"title_{lang}")), ""))


@transaction.atomic
def completion_confirm(*, application: Application, actor, completed_on: date | None = None,
                       override: bool = False) -> Application:
    """The provider confirms completion: hours credited, certificate number issued, training record created.
    Idempotent: confirming a completed application returns it unchanged. `override` lets the provider confirm
    although attendance or progress falls short (recorded in the step)."""
    application = (Application.objects.select_for_update(of=("self",))
                   .select_related("offering__version__course", "offering__version__course_type",
                                   "offering__version__provider", "servant")
                   .get(pk=application.pk))
    _require_provider(actor, application.offering)
    if application.status == ApplicationStatus.COMPLETED:
        return application
    if application.status != ApplicationStatus.APPROVED or application.seat_number is None:
        raise ApplicationError("not_approved", _("Only approved participants holding a place can complete."))
    state = completion_state(application)
    if not state["eligible"] and not override:
        raise ApplicationError("not_eligible", _("Attendance or course progress is not sufficient for completion."),
                               extra={"state": state})
    today = today_almaty()
    completed_on = completed_on or min(today, application.offering.ends_on)
    if completed_on > today or completed_on < application.offering.starts_on:
        raise ApplicationError("invalid_date", _("The completion date must fall between the start of the run "
                                                 "and today."))
    application.hours_credited = state["hours"]
    application.certificate_number = _certificate_for(application, completed_on, state["hours"], actor).number
    application.status = ApplicationStatus.COMPLETED
    application.completed_at = timezone.now()
    application.training_record = _record_for(application, completed_on)
    application.save(update_fields=["hours_credited", "certificate_number", "status", "completed_at",
                                    "training_record", "updated_at"])
    ApplicationStep.objects.create(application=application, stage=ApplicationStep.Stage.COMPLETION,
                                   decision=ApplicationStep.Decision.CONFIRMED, actor=actor,
                                   note_key="completed" if state["eligible"] else "completed_override",
                                   note_params={"certificate": application.certificate_number})
    audit_record(actor=actor, action="enrollment.completion.confirm", obj=application,
                 summary=application.certificate_number,
                 after={"hours": application.hours_credited, "completed_on": completed_on.isoformat(),
                        "override": bool(override and not state["eligible"])})
    return application
