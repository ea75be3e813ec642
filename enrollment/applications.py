"""Applications: apply, nominate, the approval chain (line manager -> HR -> provider), rejection, withdrawal,
places, the waiting list, vouchers and quotas. Every write locks the offering row first (SELECT ... FOR UPDATE),
so places and waiting-list positions are handed out one at a time; unique constraints on (offering,
seat_number), (offering, waitlist_position) and the voucher's use make a double allocation impossible even if a
code path forgot the lock."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from enrollment.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStep,
    Funding,
    Offering,
    Quota,
    QuotaPolicy,
    Voucher,
)
from enrollment.scopes import is_hr_for, is_manager_for, is_own, is_provider_for, today_almaty
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, StateBody

Stage, Decision = ApplicationStep.Stage, ApplicationStep.Decision
SEGMENT_LEN = len(StateBody.path_segment(0))


# --- checks -----------------------------------------------------------------------------------------------

def window_check(offering: Offering, today: date | None = None) -> None:
    """Refuse outside the application window (calendar days in Asia/Almaty, both ends inclusive)."""
    today = today or today_almaty()
    if offering.is_cancelled:
        raise ApplicationError("offering_cancelled", _("This course run has been cancelled."))
    if today < offering.window_opens_on:
        raise ApplicationError("window_not_open", _(
            "Applications for this course run open on %(day)s.") % {"day": date_format(offering.window_opens_on,
                                                                                            "DATE_FORMAT")})
    if today > offering.window_closes_on:
        raise ApplicationError("window_closed", _(
            "Applications for this course run closed on %(day)s.") % {"day": date_format(offering.window_closes_on,
                                                                                              "DATE_FORMAT")})


def _ancestor_paths(servant: CivilServant) -> list[str]:
    path = servant.body.path
    return [path[:i] for i in range(SEGMENT_LEN, len(path) + 1, SEGMENT_LEN)]


def _lock_offering(offering: Offering) -> Offering:
    return Offering.objects.select_for_update().select_related("version__course").get(pk=offering.pk)


# --- vouchers and quotas ----------------------------------------------------------------------------------

def _take_voucher(*, offering: Offering, servant: CivilServant, application: Application, code: str) -> Voucher:
    """Lock a voucher of the servant's body (or an ancestor) valid on the start day and bind it to the
    application. With a code: that voucher; without: the first free one (skipping rows others hold)."""
    valid = {"valid_from__lte": offering.starts_on, "valid_to__gte": offering.starts_on}
    if code:
        voucher = Voucher.objects.select_for_update().select_related("body").filter(code=code.strip()).first()
        if voucher is None:
            raise ApplicationError("voucher_not_found", _("No voucher with this number."))
        if voucher.application_id is not None:
            raise ApplicationError("voucher_used", _("This voucher has already been used."))
        if voucher.body.path not in _ancestor_paths(servant):
            raise ApplicationError("voucher_wrong_body", _("This voucher belongs to another state body."))
        if not (voucher.valid_from <= offering.starts_on <= voucher.valid_to):
            raise ApplicationError("voucher_expired", _("This voucher is not valid on the start date of the run."))
    else:
        voucher = (Voucher.objects.select_for_update(skip_locked=True)
                   .filter(application__isnull=True, body__path__in=_ancestor_paths(servant), **valid)
                   .order_by("valid_to", "code").first())
        if voucher is None:
            raise ApplicationError("no_voucher", _("Your state body has no free voucher for this course run."))
    voucher.application, voucher.used_at = application, timezone.now()
    try:
        with transaction.atomic():
            voucher.save(update_fields=["application", "used_at"])
    except IntegrityError:
        raise ApplicationError("voucher_used", _("This voucher has already been used."))
    return voucher


def _quota_for(offering: Offering, servant: CivilServant, *, lock: bool) -> Quota:
    """The quota of the servant's local executive body (the nearest ancestor with one) or else of its region."""
    qs = Quota.objects.filter(year=offering.starts_on.year)
    if lock:
        qs = qs.select_for_update(of=("self",))
    by_body = list(qs.filter(body__path__in=_ancestor_paths(servant)).select_related("body"))
    if by_body:
        return max(by_body, key=lambda q: len(q.body.path))
    quota = qs.filter(region_id=servant.body.region_id).first() if servant.body.region_id else None
    if quota is None:
        raise ApplicationError("no_quota", _("Your region or body has no APA quota for this year."))
    return quota


def quota_used(quota: Quota) -> int:
    return Application.objects.filter(quota=quota, seat_number__isnull=False).count()


def _free_seat(offering: Offering) -> int | None:
    taken = set(Application.objects.filter(offering=offering, seat_number__isnull=False)
                .values_list("seat_number", flat=True))
    return next((n for n in range(1, offering.capacity + 1) if n not in taken), None)


def _next_position(offering: Offering) -> int:
    last = (Application.objects.filter(offering=offering, waitlist_position__isnull=False)
            .order_by("-waitlist_position").values_list("waitlist_position", flat=True).first())
    return (last or 0) + 1


# --- apply / nominate -------------------------------------------------------------------------------------

@transaction.atomic
def application_create(*, offering: Offering, servant: CivilServant, actor, voucher_code: str = "",
                       motivation: str = "") -> Application:
    """A servant applies to a course run. A free place is taken at once (the approval chain follows); when the
    run is full, or the quota is used up and its policy says so, the application joins the waiting list."""
    if not is_own(actor, servant):
        raise NotAllowed(_("You may apply only for yourself; HR officers nominate."))
    return _submit(offering=offering, servant=servant, actor=actor, nominated=False, voucher_code=voucher_code,
                   motivation=motivation)


@transaction.atomic
def application_nominate(*, offering: Offering, servant: CivilServant, actor, voucher_code: str = "",
                         comment: str = "") -> Application:
    """HR nominates a servant of their subtree: the line-manager and HR steps are recorded as done by the
    nomination, the provider step remains."""
    if not is_hr_for(actor, servant):
        raise NotAllowed(_("Only HR officers of the servant's body may nominate."))
    return _submit(offering=offering, servant=servant, actor=actor, nominated=True, voucher_code=voucher_code,
                   motivation=comment)


def _submit(*, offering, servant, actor, nominated: bool, voucher_code: str, motivation: str) -> Application:
    offering = _lock_offering(offering)
    window_check(offering)
    if not servant.is_active:
        raise ApplicationError("servant_inactive", _("This civil servant is not in service."))
    if Application.objects.filter(offering=offering, servant=servant).exclude(status__in=CLOSED_STATUSES).exists():
        raise ApplicationError("already_applied", _("There is already an application to this course run."))
    quota = _quota_for(offering, servant, lock=True) if offering.funding == Funding.QUOTA else None
    seat = _free_seat(offering)
    if quota is not None and quota_used(quota) >= quota.places:
        if quota.policy == QuotaPolicy.REFUSE:
            raise ApplicationError("quota_exhausted", _("The quota of places for your region or body is used up."))
        seat = None
    status = ApplicationStatus.PENDING_PROVIDER if nominated else ApplicationStatus.PENDING_MANAGER
    application = Application.objects.create(
        offering=offering, servant=servant, status=status, seat_number=seat, quota=quota,
        waitlist_position=None if seat else _next_position(offering), motivation=motivation.strip()[:4000],
        nominated_by=actor if nominated else None)
    if offering.funding == Funding.VOUCHER:
        _take_voucher(offering=offering, servant=servant, application=application, code=voucher_code)
    _steps_on_submit(application, actor, nominated, motivation)
    audit_record(actor=actor, action="enrollment.application.nominate" if nominated else "enrollment.application.create",
                 obj=application, summary=f"{offering.code} {servant.personnel_number}",
                 after={"status": status, "seat": seat, "waitlist_position": application.waitlist_position})
    return application


def _steps_on_submit(application: Application, actor, nominated: bool, comment: str) -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    rows = [ApplicationStep(application=application, stage=Stage.NOMINATED if nominated else Stage.SUBMITTED,
                            decision=Decision.SUBMITTED, actor=user, comment=comment.strip()[:4000])]
    if nominated:
        rows += [ApplicationStep(application=application, stage=Stage.MANAGER, decision=Decision.SKIPPED, actor=user,
                                 note_key="nominated_by_hr"),
                 ApplicationStep(application=application, stage=Stage.HR, decision=Decision.APPROVED, actor=user)]
    if application.waitlist_position:
        rows.append(ApplicationStep(application=application, stage=Stage.WAITLIST, decision=Decision.WAITLISTED,
                                    actor=user, note_key="waitlist_position",
                                    note_params={"position": application.waitlist_position}))
    ApplicationStep.objects.bulk_create(rows)


# --- the approval chain -----------------------------------------------------------------------------------

NEXT = {ApplicationStatus.PENDING_MANAGER: (Stage.MANAGER, ApplicationStatus.PENDING_HR),
        ApplicationStatus.PENDING_HR: (Stage.HR, ApplicationStatus.PENDING_PROVIDER),
        ApplicationStatus.PENDING_PROVIDER: (Stage.PROVIDER, ApplicationStatus.APPROVED)}


def may_decide(user, application: Application) -> bool:
    """Whether `user` may approve or reject the application at its current stage. Nobody decides their own."""
    if is_own(user, application.servant):
        return False
    status, servant = application.status, application.servant
    if status == ApplicationStatus.PENDING_MANAGER:
        return is_manager_for(user, servant) or is_hr_for(user, servant)  # HR may stand in for the manager
    if status == ApplicationStatus.PENDING_HR:
        return is_hr_for(user, servant)
    if status in (ApplicationStatus.PENDING_PROVIDER, ApplicationStatus.APPROVED):
        return is_provider_for(user, application.offering)
    return False


def _lock_application(application: Application) -> Application:
    """Lock the offering, then the application (always in that order, so no deadlocks with _submit)."""
    _lock_offering(application.offering)
    return (Application.objects.select_for_update(of=("self",))
            .select_related("offering__version__course", "servant__body", "servant__unit", "servant__user")
            .get(pk=application.pk))


@transaction.atomic
def application_approve(*, application: Application, actor, comment: str = "") -> Application:
    application = _lock_application(application)
    if application.status not in NEXT:
        raise ApplicationError("not_pending", _("This application is not awaiting a decision."))
    if not may_decide(actor, application):
        raise NotAllowed(_("You may not decide on this application at its current step."))
    stage, new_status = NEXT[application.status]
    before = application.status
    application.status = new_status
    application.save(update_fields=["status", "updated_at"])
    ApplicationStep.objects.create(application=application, stage=stage, decision=Decision.APPROVED, actor=actor,
                                   comment=comment.strip()[:4000])
    audit_record(actor=actor, action="enrollment.application.approve", obj=application,
                 summary=f"{application.offering.code} {stage}", before={"status": before},
                 after={"status": new_status})
    if new_status == ApplicationStatus.APPROVED:
        _notify(application, "approved")
    return application


@transaction.atomic
def application_reject(*, application: Application, actor, reason: str) -> Application:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Give the reason for the rejection."))
    application = _lock_application(application)
    if application.status not in (*NEXT, ApplicationStatus.APPROVED):
        raise ApplicationError("not_pending", _("This application is not awaiting a decision."))
    if not may_decide(actor, application):
        raise NotAllowed(_("You may not decide on this application at its current step."))
    stage = NEXT.get(application.status, (Stage.PROVIDER, None))[0]
    before = application.status
    _close(application, ApplicationStatus.REJECTED, reason=reason)
    ApplicationStep.objects.create(application=application, stage=stage, decision=Decision.REJECTED, actor=actor,
                                   comment=reason[:4000])
    audit_record(actor=actor, action="enrollment.application.reject", obj=application,
                 summary=f"{application.offering.code} {stage}", before={"status": before},
                 after={"status": application.status, "reason": reason[:200]})
    _notify(application, "rejected")
    promote_waitlisted(application.offering)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str = "") -> Application:
    """The servant (or HR of their body) withdraws; a held place goes to the next on the waiting list."""
    application = _lock_application(application)
    if not (is_own(actor, application.servant) or is_hr_for(actor, application.servant)):
        raise NotAllowed(_("Only the applicant or their HR officer may withdraw this application."))
    if application.status in (*CLOSED_STATUSES, ApplicationStatus.COMPLETED):
        raise ApplicationError("not_withdrawable", _("This application can no longer be withdrawn."))
    before = application.status
    _close(application, ApplicationStatus.WITHDRAWN, reason="")
    ApplicationStep.objects.create(application=application, stage=Stage.WITHDRAWAL, decision=Decision.WITHDRAWN,
                                   actor=actor, comment=(reason or "").strip()[:4000])
    audit_record(actor=actor, action="enrollment.application.withdraw", obj=application,
                 summary=application.offering.code, before={"status": before}, after={"status": application.status})
    promote_waitlisted(application.offering)
    return application


def _close(application: Application, status: str, *, reason: str) -> None:
    application.status = status
    application.rejection_reason = reason if status == ApplicationStatus.REJECTED else ""
    application.seat_number = application.waitlist_position = None
    application.save(update_fields=["status", "rejection_reason", "seat_number", "waitlist_position", "updated_at"])
    Voucher.objects.filter(application=application).update(application=None, used_at=None)  # back to the pool


# --- the waiting list -------------------------------------------------------------------------------------

def promote_waitlisted(offering: Offering) -> list[Application]:
    """Give free places to the waiting list in order (skipping those whose quota is used up). Never once the
    run has started. Call inside a transaction holding the offering's lock."""
    offering = _lock_offering(offering)
    if today_almaty() >= offering.starts_on or offering.is_cancelled:
        return []
    promoted = []
    waiting = (Application.objects.select_for_update(of=("self",))
               .filter(offering=offering, waitlist_position__isnull=False)
               .select_related("servant__user", "quota").order_by("waitlist_position"))
    for candidate in waiting:
        seat = _free_seat(offering)
        if seat is None:
            break
        if candidate.quota_id is not None:
            quota = Quota.objects.select_for_update().get(pk=candidate.quota_id)
            if quota_used(quota) >= quota.places:
                continue
        candidate.seat_number, candidate.waitlist_position = seat, None
        candidate.save(update_fields=["seat_number", "waitlist_position", "updated_at"])
        ApplicationStep.objects.create(application=candidate, stage=Stage.WAITLIST, decision=Decision.PROMOTED,
                                       note_key="place_given", note_params={"seat": seat})
        audit_record(actor=None, action="enrollment.application.promote", obj=candidate,
                     summary=f"{offering.code} seat {seat}")
        candidate.offering = offering
        _notify(candidate, "promoted")
        promoted.append(candidate)
    return promoted


# --- notices ----------------------------------------------------------------------------------------------

def _notify(application: Application, kind: str) -> None:
    """Tell the servant once per application/kind; the text follows their language when read (a message key)."""
    from django.urls import reverse

    from enrollment.notices import NOTICE_KEYS, notice_params
    from notifications.services import notification_send

    user = application.servant.user
    if user is None:
        return
    notification_send(user=user, kind=f"enrollment.{kind}", dedup_key=f"enrollment:{kind}:{application.pk}",
                      message=NOTICE_KEYS[kind], params=notice_params(application), url=reverse("enrollment:mine"))
