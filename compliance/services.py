"""Writes for training records, exemptions and rule versions: validated, atomic, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.models import ComplianceRule, CourseType, Exemption, RuleVersion, TrainingRecord
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, Role
from people.permissions import actor_for


def _require_hr_for(actor, servant: CivilServant) -> None:
    """Administrators anywhere; HR officers inside their bodies' subtrees; the system (actor None) always."""
    if actor is None:
        return
    roles = actor_for(actor)
    if roles.is_admin:
        return
    if roles.has(Role.HR_OFFICER) and servant.body.path.startswith(tuple(roles.hr_body_paths)):
        return
    raise NotAllowed(_("Only HR officers of the servant's body may do this."))


def _validation_error(exc: ValidationError) -> ApplicationError:
    return ApplicationError("invalid", "; ".join(exc.messages))


@transaction.atomic
def training_record_create(*, servant: CivilServant, title: str, course_type: str, hours: int, completed_on: date,
                           provider: str = "", source: str = TrainingRecord.Source.INTERNAL, evidence=None,
                           actor) -> TrainingRecord:
    """A servant may upload their own external certificate (unverified); HR and the system record any."""
    own_upload = source == TrainingRecord.Source.EXTERNAL_UPLOAD and getattr(actor, "pk", None) is not None \
        and servant.user_id == actor.pk
    if not own_upload:
        _require_hr_for(actor, servant)
    if course_type not in CourseType.values:
        raise ApplicationError("invalid_course_type", _("Unknown course type."))
    if hours is None or hours <= 0:
        raise ApplicationError("invalid_hours", _("Hours must be a positive whole number."))
    if TrainingRecord.objects.filter(servant=servant, title=title, completed_on=completed_on,
                                     provider=provider).exists():
        raise ApplicationError("duplicate", _("This training is already recorded."))
    record = TrainingRecord.objects.create(
        servant=servant, title=title, course_type=course_type, hours=hours, completed_on=completed_on,
        provider=provider, source=source, evidence=evidence or "",
    )
    audit_record(actor=actor, action="training_record.create", obj=record, summary=str(record),
                 after={"servant": servant.personnel_number, "course_type": course_type, "hours": hours,
                        "completed_on": completed_on.isoformat(), "source": source})
    return record


@transaction.atomic
def training_record_verify(*, record: TrainingRecord, actor) -> TrainingRecord:
    """HR confirms an uploaded certificate."""
    _require_hr_for(actor, record.servant)
    if record.verified_at is not None:
        return record
    record.verified_by = actor if getattr(actor, "is_authenticated", False) else None
    record.verified_at = timezone.now()
    record.save(update_fields=["verified_by", "verified_at"])
    audit_record(actor=actor, action="training_record.verify", obj=record, summary=str(record))
    return record


@transaction.atomic
def exemption_create(*, servant: CivilServant, reason: str, start_on: date, end_on: date, note: str = "",
                     actor) -> Exemption:
    """An approved exemption (the approver is the actor). Overlapping periods are refused."""
    _require_hr_for(actor, servant)
    CivilServant.objects.select_for_update().filter(pk=servant.pk).first()  # serialise checks per servant
    exemption = Exemption(servant=servant, reason=reason, start_on=start_on, end_on=end_on, note=note,
                          approved_by=actor if getattr(actor, "is_authenticated", False) else None,
                          approved_at=timezone.now())
    try:
        exemption.full_clean()
    except ValidationError as exc:
        raise _validation_error(exc)
    exemption.save()
    audit_record(actor=actor, action="exemption.create", obj=exemption, summary=str(exemption),
                 after={"servant": servant.personnel_number, "reason": reason,
                        "start_on": start_on.isoformat(), "end_on": end_on.isoformat()})
    return exemption


@transaction.atomic
def rule_version_create(*, rule_code: str, valid_from: date, actor, close_previous: bool = True,
                        **parameters) -> RuleVersion:
    """A new version of a rule from `valid_from`. With close_previous the open version ends the day before."""
    if actor is not None and not actor_for(actor).is_admin:
        raise NotAllowed(_("Only administrators may change compliance rules."))
    rule = ComplianceRule.objects.select_for_update().get(code=rule_code)
    if close_previous:
        previous = rule.versions.filter(valid_to__isnull=True, valid_from__lt=valid_from).first()
        if previous is not None:
            previous.valid_to = date.fromordinal(valid_from.toordinal() - 1)
            previous.save(update_fields=["valid_to"])
    version = RuleVersion(rule=rule, valid_from=valid_from, **parameters)
    try:
        version.full_clean()
    except ValidationError as exc:
        raise _validation_error(exc)
    version.save()
    audit_record(actor=actor, action="rule_version.create", obj=version, summary=str(version),
                 after={"rule": rule_code, "valid_from": valid_from.isoformat(), **{
                     k: v for k, v in parameters.items() if isinstance(v, int | str | list | type(None))}})
    return version
