"""Writes of the compliance context: training records (the ledger other apps add to: enrollment on a run's
completion, conferences on attendance credit, next assessments), exemptions and rule versions. Validated,
atomic, audited; the Django admin calls these too (compliance.admin)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import ComplianceRule, Exemption, RuleVersion, TrainingRecord
from courses.selectors import course_types
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from lms.languages import guess_language
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


def course_type_known(code: str) -> bool:
    return bool(code) and course_types().filter(code=code).exists()


@transaction.atomic
def training_record_create(*, servant: CivilServant, title: str, course_type: str, hours: int, completed_on: date,
                           provider: str = "", source: str = TrainingRecord.Source.INTERNAL, evidence=None,
                           actor, source_key: str = "", titles: dict[str, str] | None = None,
                           title_language: str = "") -> TrainingRecord:
    """Record one completed training (`course_type` is a courses.CourseType code). Idempotent on the natural
    key (servant, title, completed_on, provider): a second call returns the record already there and writes
    nothing, so a retried completion, credit or demo run adds no row and no audit entry. A servant may upload
    their own external certificate (unverified); HR and the system (actor None) record any. `titles` (kk/ru/en)
    are the training's title in each language when it has them (a course version, an event): pages show the
    reader's; `title_language` is the language of `title` (guessed from its letters when not given)."""
    own_upload = source == TrainingRecord.Source.EXTERNAL_UPLOAD and getattr(actor, "pk", None) is not None \
        and servant.user_id == actor.pk
    if not own_upload:
        _require_hr_for(actor, servant)
    same = Q(servant=servant, title=title, completed_on=completed_on, provider=provider)
    if source_key:  # a platform completion: its key alone identifies the record
        same = Q(source_key=source_key)
    existing = TrainingRecord.objects.filter(same).first()
    if existing is not None:
        return existing
    if not course_type_known(course_type):
        raise ApplicationError("invalid_course_type", _("Unknown course type."), extra={"field": "course_type"})
    if hours is None or hours <= 0:
        raise ApplicationError("invalid_hours", _("Hours must be a positive whole number."), extra={"field": "hours"})
    try:
        with transaction.atomic():  # a savepoint: a concurrent call may win the race on either unique key
            record = TrainingRecord.objects.create(
                servant=servant, title=title, completed_on=completed_on, provider=provider,
                course_type_id=course_type, hours=hours, source=source, evidence=evidence or "",
                source_key=source_key, title_language=title_language or guess_language(title),
                **{f"title_{lang}": ((titles or {}).get(lang) or "")[:300] for lang in ("kk", "ru", "en")},
            )
    except IntegrityError:  # the winner's row (or an imported row with the same natural key)
        return TrainingRecord.objects.filter(same).first() or TrainingRecord.objects.get(
            servant=servant, title=title, completed_on=completed_on, provider=provider)
    audit_record(actor=actor, action="training_record.create", obj=record, summary=str(record),
                 after={"servant": servant.personnel_number, "course_type": course_type, "hours": hours,
                        "completed_on": completed_on.isoformat(), "source": source})
    return record


def _require_upload(record: TrainingRecord) -> None:
    if record.source != TrainingRecord.Source.EXTERNAL_UPLOAD:
        raise ApplicationError("not_an_upload", _("Only training uploaded by a servant needs verification."))


@transaction.atomic
def training_record_verify(*, record: TrainingRecord, actor) -> TrainingRecord:
    """HR confirms an uploaded certificate: from now on the record counts toward compliance (a rejected one
    may be verified after all, e.g. once the servant sent the right certificate)."""
    _require_hr_for(actor, record.servant)
    _require_upload(record)
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified_at is not None:
        return record
    record.verified_by = actor if getattr(actor, "is_authenticated", False) else None
    record.verified_at = timezone.now()
    record.rejected_at, record.rejection_reason = None, ""
    record.save(update_fields=["verified_by", "verified_at", "rejected_at", "rejection_reason"])
    audit_record(actor=actor, action="training_record.verify", obj=record, summary=str(record))
    return record


@transaction.atomic
def training_record_reject(*, record: TrainingRecord, actor, reason: str) -> TrainingRecord:
    """HR refuses an uploaded certificate, with the reason the servant sees; it never counts. A verified
    record cannot be rejected here (it may already have closed a cycle: correct it through HR records)."""
    _require_hr_for(actor, record.servant)
    _require_upload(record)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("reason_required", _("Give the reason for the rejection."), extra={"field": "reason"})
    record = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if record.verified_at is not None:
        raise ApplicationError("already_verified", _("This record is verified already."))
    record.rejected_at, record.rejection_reason = timezone.now(), reason[:500]
    record.save(update_fields=["rejected_at", "rejection_reason"])
    audit_record(actor=actor, action="training_record.reject", obj=record, summary=str(record),
                 after={"reason": record.rejection_reason})
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
def exemption_delete(*, exemption: Exemption, actor) -> None:
    """Withdraw an exemption (the clock runs again over its days)."""
    _require_hr_for(actor, exemption.servant)
    audit_record(actor=actor, action="exemption.delete", obj=exemption, summary=str(exemption),
                 before={"servant": exemption.servant.personnel_number, "reason": exemption.reason,
                         "start_on": exemption.start_on.isoformat(), "end_on": exemption.end_on.isoformat()})
    exemption.delete()


@transaction.atomic
def rule_version_create(*, rule_code: str, valid_from: date, actor, qualifying_types: list[str] | None = None,
                        close_previous: bool = True, **parameters) -> RuleVersion:
    """A new version of a rule from `valid_from`. With close_previous the open version ends the day before.
    `qualifying_types`: course-type codes (courses.CourseType) that count; the open version's when omitted.
    Their hour ranges are the course types' own."""
    if actor is not None and not actor_for(actor).is_admin:
        raise NotAllowed(_("Only administrators may change compliance rules."))
    rule = ComplianceRule.objects.select_for_update().get(code=rule_code)
    if qualifying_types is None:
        current = rule.versions.filter(valid_from__lt=valid_from).order_by("-valid_from").first()
        qualifying_types = list(current.qualifying_course_types.values_list("code", flat=True)) if current else []
    types = list(course_types().filter(code__in=qualifying_types))
    if not types or len(types) != len(set(qualifying_types)):
        raise ApplicationError("invalid_course_type", _("Name one or more known course types."),
                               extra={"field": "qualifying_types"})
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
    version.qualifying_course_types.set(types)
    audit_record(actor=actor, action="rule_version.create", obj=version, summary=str(version),
                 after={"rule": rule_code, "valid_from": valid_from.isoformat(),
                        "qualifying_types": sorted(qualifying_types), **{
                     k: v for k, v in parameters.items() if isinstance(v, int | str | list | type(None))}})
    return version


DEFAULT_RULES = {  # enrollment migration 0002's defaults (DOMAIN.md), hours now the course types'
    "three_year": {"period_years": 3, "qualifying_types": ["advanced_training"]},
    "retraining": {"window_months": 6, "newly_appointed_months": 12, "qualifying_types": ["retraining"]},
    "corps_a_course": {"window_months": 0, "newly_appointed_months": 12, "months_before_appointment": 12,
                       "qualifying_types": ["management_course"]},
}


@transaction.atomic
def compliance_rules_ensure(*, actor=None) -> int:
    """The three rules with a first version from 2000-01-01 where a rule has none (a flushed test database,
    a fresh install whose data migration ran before course types existed). Returns versions created."""
    created = 0
    for code, params in DEFAULT_RULES.items():
        ComplianceRule.objects.get_or_create(code=code)
        if not RuleVersion.objects.filter(rule__code=code).exists():
            rule_version_create(rule_code=code, valid_from=date(2000, 1, 1), actor=actor, close_previous=False,
                                thresholds=[180, 90, 30], **params)
            created += 1
    return created
