"""Course runs and their completion: creating an offering, attendance on session days, the completion check
(attendance on-site, course progress online), the provider's confirmation with a certificate number, and the
training record it creates."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    AttendanceMark,
    CertificateCounter,
    CourseType,
    DeliveryMode,
    Offering,
    TrainingRecord,
)
from enrollment.scopes import is_provider_for, today_almaty
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.permissions import actor_for

OFFERING_FIELDS = ("code", "starts_on", "ends_on", "capacity", "delivery", "place", "language", "funding", "price",
                   "opens_days_before", "closes_days_before", "min_attendance_percent")


@transaction.atomic
def offering_create(*, version, actor, **fields) -> Offering:
    """A run of a published course version (administrators, or faculty authoring the course)."""
    if actor is not None and not (actor_for(actor).is_admin or version.course.authors.filter(pk=actor.pk).exists()):
        raise NotAllowed(_("Only administrators and the course's authors may schedule runs."))
    if version.status != "published":
        raise ApplicationError("version_not_published", _("Only a published course version can be scheduled."))
    unknown = set(fields) - set(OFFERING_FIELDS)
    if unknown:
        raise ApplicationError("invalid", _("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    offering = Offering(version=version, **fields)
    try:
        offering.full_clean()
    except ValidationError as exc:
        raise ApplicationError("invalid", "; ".join(exc.messages))
    offering.save()
    audit_record(actor=actor, action="enrollment.offering.create", obj=offering, summary=offering.code,
                 after={"starts_on": offering.starts_on.isoformat(), "capacity": offering.capacity,
                        "funding": offering.funding})
    return offering


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
    from courses.models import CourseProgress, Lesson

    offering = application.offering
    days = len(offering.session_days())
    attended = application.attendance.filter(present=True).count()
    percent = round(100 * attended / days) if days else 0
    needs_attendance = offering.delivery in (DeliveryMode.ONSITE, DeliveryMode.BLENDED)
    needs_progress = offering.delivery == DeliveryMode.ONLINE or (
        offering.delivery == DeliveryMode.BLENDED and Lesson.objects.filter(version_id=offering.version_id).exists())
    user_id = application.servant.user_id
    online_done = bool(user_id) and CourseProgress.objects.filter(
        learner_id=user_id, version_id=offering.version_id, completed_at__isnull=False).exists()
    ok = (not needs_attendance or percent >= offering.min_attendance_percent) and (not needs_progress or online_done)
    return {"days": days, "attended": attended, "percent": percent, "needs_attendance": needs_attendance,
            "needs_progress": needs_progress, "online_done": online_done, "eligible": ok,
            "hours": offering.version.hours}


def certificate_number_issue(year: int) -> str:
    """The next number of the year, APA-2026-000123: a counter row locked for update, so concurrent
    confirmations never share a number (and the column is unique besides)."""
    CertificateCounter.objects.bulk_create([CertificateCounter(year=year)], ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"APA-{year}-{counter.last:06d}"


def _record_for(application: Application, completed_on: date) -> TrainingRecord:
    """The internal training record of the completion (an identical imported one is reused)."""
    from enrollment.services import training_record_create

    version = application.offering.version
    course_type = version.course_type.code if version.course_type.code in CourseType.values else CourseType.OTHER
    title = (version.title_ru or version.title_kk or version.title_en or version.course.code)[:300]
    provider = version.provider.name_ru[:300]
    existing = TrainingRecord.objects.filter(servant=application.servant, title=title, completed_on=completed_on,
                                             provider=provider).first()
    if existing is not None:
        return existing
    return training_record_create(servant=application.servant, title=title, course_type=course_type,
                                  hours=application.hours_credited, completed_on=completed_on, provider=provider,
                                  source=TrainingRecord.Source.INTERNAL, actor=None)


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
    application.certificate_number = certificate_number_issue(completed_on.year)
    application.status = ApplicationStatus.COMPLETED
    application.completed_at = timezone.now()
    application.training_record = _record_for(application, completed_on)
    application.save(update_fields=["hours_credited", "certificate_number", "status", "completed_at",
                                    "training_record", "updated_at"])
    note = "" if state["eligible"] else str(_("confirmed by the provider despite insufficient attendance/progress"))
    ApplicationStep.objects.create(application=application, stage=ApplicationStep.Stage.COMPLETION,
                                   decision=ApplicationStep.Decision.CONFIRMED, actor=actor,
                                   comment=f"{application.certificate_number} {note}".strip())
    audit_record(actor=actor, action="enrollment.completion.confirm", obj=application,
                 summary=application.certificate_number,
                 after={"hours": application.hours_credited, "completed_on": completed_on.isoformat(),
                        "override": bool(override and not state["eligible"])})
    return application
