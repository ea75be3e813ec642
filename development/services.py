"""Writes of the development context. Each is keyword-only, atomic and audited; refusals are ApplicationError.

Workflow: draft --submit (servant)--> submitted --approve (line manager)--> approved --confirm (HR)--> confirmed
--close (HR, with a review)--> closed; the manager may return a submitted plan with a comment (returned), and
the servant edits and submits again. Items are edited only in draft or returned plans, by the servant (HR too)."""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from development import permissions as perms
from development.drafting import Drafter, servant_row
from development.models import (
    EDITABLE_STATUSES,
    AdaptationPlan,
    AdaptationTask,
    DevelopmentPlan,
    ItemKind,
    ItemSource,
    ItemStatus,
    PlanItem,
    PlanStatus,
    PlanStep,
    ReserveMembership,
    TrainingNeed,
)
from development.rules import conf, must_have_plan, period_of
from lms.audit import audit_bulk, audit_record
from lms.errors import ApplicationError, NotAllowed
from lms.models import AuditEntry
from people import services as people_services
from people.models import CivilServant

Action = PlanStep.Action


def _lock(plan: DevelopmentPlan) -> DevelopmentPlan:
    return (
        DevelopmentPlan.objects.select_for_update(of=("self",))
        .select_related("servant__unit", "servant__body")
        .get(pk=plan.pk)
    )


def _step(plan: DevelopmentPlan, *, action: str, actor, status: str, comment: str = "") -> DevelopmentPlan:
    before = plan.status
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    PlanStep.objects.create(
        plan=plan, action=action, actor=actor if actor and actor.is_authenticated else None, comment=comment
    )
    audit_record(
        actor=actor,
        action=f"plan.{action}",
        obj=plan,
        summary=f"{plan}: {before} -> {status}",
        before={"status": before},
        after={"status": status, "comment": comment},
    )
    return plan


def _expect(plan: DevelopmentPlan, *statuses) -> None:
    if plan.status not in statuses:
        raise ApplicationError(
            "plan_wrong_status",
            _("This cannot be done to a plan that is %(status)s.") % {"status": plan.get_status_display()},
            extra={"status": plan.status},
        )


# ---- plans ------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, servant: CivilServant, year: int, actor) -> DevelopmentPlan:
    """Draft a plan for one servant and year (a voluntary plan when no rule requires one)."""
    if not (perms.is_own(actor, servant) or perms.is_hr_of(actor, servant)):
        raise NotAllowed(_("Only the servant or HR may start a development plan."))
    start, _end = period_of(year)
    if DevelopmentPlan.objects.filter(servant=servant, period_start=start).exists():
        raise ApplicationError(
            "plan_exists", _("A plan for this period already exists."), extra={"field": "year"}
        )
    drafter = Drafter(year, actor=actor)
    (plan,) = drafter.draft([servant_row(servant)], mandatory={servant.pk: must_have_plan(servant, year)})
    return plan


@transaction.atomic
def plan_submit(*, plan: DevelopmentPlan, actor) -> DevelopmentPlan:
    plan = _lock(plan)
    if not perms.is_own(actor, plan.servant):
        raise NotAllowed(_("Only the servant submits their own plan."))
    _expect(plan, *EDITABLE_STATUSES)
    if not plan.items.exclude(status=ItemStatus.CANCELLED).exists():
        raise ApplicationError("plan_empty", _("Add at least one item before submitting the plan."))
    return _step(plan, action=Action.SUBMITTED, actor=actor, status=PlanStatus.SUBMITTED)


@transaction.atomic
def plan_approve(*, plan: DevelopmentPlan, actor, comment: str = "") -> DevelopmentPlan:
    plan = _lock(plan)
    if not perms.is_manager_of(actor, plan.servant):
        raise NotAllowed(_("Only the servant's line manager approves the plan."))
    _expect(plan, PlanStatus.SUBMITTED)
    return _step(plan, action=Action.APPROVED, actor=actor, status=PlanStatus.APPROVED, comment=comment)


@transaction.atomic
def plan_return(*, plan: DevelopmentPlan, actor, comment: str) -> DevelopmentPlan:
    plan = _lock(plan)
    if not perms.is_manager_of(actor, plan.servant):
        raise NotAllowed(_("Only the servant's line manager returns the plan."))
    _expect(plan, PlanStatus.SUBMITTED)
    if not (comment or "").strip():
        raise ApplicationError("comment_required", _("Say what to change."), extra={"field": "comment"})
    return _step(
        plan, action=Action.RETURNED, actor=actor, status=PlanStatus.RETURNED, comment=comment.strip()
    )


@transaction.atomic
def plan_confirm(*, plan: DevelopmentPlan, actor, comment: str = "") -> DevelopmentPlan:
    plan = _lock(plan)
    if not perms.is_hr_of(actor, plan.servant):
        raise NotAllowed(_("Only HR of the servant's body confirms the plan."))
    _expect(plan, PlanStatus.APPROVED)
    return _step(plan, action=Action.CONFIRMED, actor=actor, status=PlanStatus.CONFIRMED, comment=comment)


@transaction.atomic
def plan_close(*, plan: DevelopmentPlan, actor, review: str) -> DevelopmentPlan:
    """Close the period with a review. Progress is brought up to date first; open items carry over to the next
    period's plan (now, if it exists; else when it is drafted)."""
    from development.progress import plans_sync

    plan = _lock(plan)
    if not perms.is_hr_of(actor, plan.servant):
        raise NotAllowed(_("Only HR of the servant's body closes the plan."))
    _expect(plan, PlanStatus.CONFIRMED, PlanStatus.APPROVED)
    if not (review or "").strip():
        raise ApplicationError(
            "review_required", _("Write the review of the period."), extra={"field": "review"}
        )
    plans_sync(plans=[plan])
    plan.review = review.strip()
    plan.save(update_fields=["review"])
    _step(plan, action=Action.CLOSED, actor=actor, status=PlanStatus.CLOSED, comment=plan.review)
    _carry_into_existing_next(plan, actor)
    return plan


def _carry_into_existing_next(plan: DevelopmentPlan, actor) -> None:
    following = (
        DevelopmentPlan.objects.filter(
            servant_id=plan.servant_id, period_start__gt=plan.period_end, status__in=EDITABLE_STATUSES
        )
        .order_by("period_start")
        .first()
    )
    if following is None:
        return
    already = set(
        following.items.filter(carried_from__isnull=False).values_list("carried_from_id", flat=True)
    )
    start = following.items.count()
    new = [
        PlanItem(
            plan=following,
            kind=i.kind,
            source=ItemSource.CARRIED,
            title=i.title,
            institution=i.institution,
            competency_id=i.competency_id,
            target_level=i.target_level,
            course_id=i.course_id,
            event_id=i.event_id,
            hours=i.hours,
            due_on=following.period_end,
            carried_from=i,
            position=start + n,
        )
        for n, i in enumerate(plan.items.filter(status=ItemStatus.PLANNED).exclude(pk__in=already), start=1)
    ]
    PlanItem.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor, action="plan.carry_over", obj=following, summary=f"{len(new)} items from {plan.pk}"
        )


# ---- items ------------------------------------------------------------------------------------------------


def _editable(plan: DevelopmentPlan, actor) -> DevelopmentPlan:
    plan = _lock(plan)
    if not (perms.is_own(actor, plan.servant) or perms.is_hr_of(actor, plan.servant)):
        raise NotAllowed(_("Only the servant (or HR) edits the plan."))
    _expect(plan, *EDITABLE_STATUSES)
    return plan


def _item_fields(item: PlanItem) -> dict:
    return {
        "kind": item.kind,
        "title": item.title,
        "institution": item.institution,
        "hours": item.hours,
        "due_on": str(item.due_on or ""),
        "course": item.course_id,
        "competency": item.competency_id,
        "status": item.status,
    }


@transaction.atomic
def plan_item_add(
    *,
    plan: DevelopmentPlan,
    actor,
    kind: str,
    title: str,
    institution: str = "",
    hours: int = 0,
    due_on: date | None = None,
    course_id: int | None = None,
    competency_id: int | None = None,
    target_level: int | None = None,
    event_id: int | None = None,
) -> PlanItem:
    plan = _editable(plan, actor)
    if kind not in ItemKind.values:
        raise ApplicationError("invalid_kind", _("Unknown kind of item."), extra={"field": "kind"})
    if kind == ItemKind.COURSE and not course_id:
        raise ApplicationError("course_required", _("Choose the course."), extra={"field": "course_id"})
    if not (title or "").strip():
        raise ApplicationError(
            "title_required", _("Name the content of the training."), extra={"field": "title"}
        )
    if (
        kind in (ItemKind.FOREIGN, ItemKind.BOLASHAK, ItemKind.NU, ItemKind.INTERNSHIP)
        and not institution.strip()
    ):
        raise ApplicationError(
            "institution_required",
            _("Name the chosen educational institution."),
            extra={"field": "institution"},
        )
    if due_on and not plan.period_start <= due_on <= plan.period_end:
        raise ApplicationError(
            "due_outside_period",
            _("The due date must fall within the plan's period."),
            extra={"field": "due_on"},
        )
    item = PlanItem.objects.create(
        plan=plan,
        kind=kind,
        source=ItemSource.MANUAL,
        title=title.strip()[:300],
        institution=institution.strip(),
        hours=max(int(hours or 0), 0),
        due_on=due_on or plan.period_end,
        course_id=course_id,
        competency_id=competency_id,
        target_level=target_level,
        event_id=event_id,
        position=plan.items.count() + 1,
    )
    audit_record(
        actor=actor,
        action="plan.item_add",
        obj=item,
        summary=f"plan {plan.pk}: {item.title}",
        after=_item_fields(item),
    )
    return item


@transaction.atomic
def plan_item_add_course(
    *,
    plan: DevelopmentPlan,
    actor,
    course_id: int,
    competency_id: int | None = None,
    target_level: int | None = None,
) -> PlanItem:
    """Add a course from the proposals (the ranked catalog for the plan's gaps)."""
    from development.selectors import proposal_for

    proposal = proposal_for(plan, course_id=course_id, competency_id=competency_id, target_level=target_level)
    if proposal is None:
        raise ApplicationError(
            "not_proposed",
            _("This course does not develop the competency to the needed level."),
            extra={"field": "course_id"},
        )
    return plan_item_add(
        plan=plan,
        actor=actor,
        kind=ItemKind.COURSE,
        title=proposal.title,
        institution=proposal.provider,
        hours=proposal.hours,
        course_id=course_id,
        competency_id=competency_id,
        target_level=target_level,
    )


@transaction.atomic
def plan_item_update(
    *,
    item: PlanItem,
    actor,
    title: str | None = None,
    institution: str | None = None,
    hours: int | None = None,
    due_on: date | None = None,
    cancelled: bool | None = None,
) -> PlanItem:
    plan = _editable(item.plan, actor)
    item = PlanItem.objects.get(pk=item.pk, plan=plan)
    before = _item_fields(item)
    if title is not None:
        if not title.strip():
            raise ApplicationError(
                "title_required", _("Name the content of the training."), extra={"field": "title"}
            )
        item.title = title.strip()[:300]
    if institution is not None:
        item.institution = institution.strip()[:300]
    if hours is not None:
        item.hours = max(int(hours), 0)
    if due_on is not None:
        if not plan.period_start <= due_on <= plan.period_end:
            raise ApplicationError(
                "due_outside_period",
                _("The due date must fall within the plan's period."),
                extra={"field": "due_on"},
            )
        item.due_on = due_on
    if cancelled is not None and item.status != ItemStatus.DONE:
        item.status = ItemStatus.CANCELLED if cancelled else ItemStatus.PLANNED
    item.save()
    audit_record(
        actor=actor,
        action="plan.item_update",
        obj=item,
        summary=f"plan {plan.pk}",
        before=before,
        after=_item_fields(item),
    )
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, actor) -> None:
    plan = _editable(item.plan, actor)
    before = _item_fields(item)
    audit_record(actor=actor, action="plan.item_delete", obj=item, summary=f"plan {plan.pk}", before=before)
    PlanItem.objects.filter(pk=item.pk, plan=plan).delete()


# ---- training needs ---------------------------------------------------------------------------------------


@transaction.atomic
def training_need_record(
    *,
    servant: CivilServant,
    source: str,
    year: int,
    reason: str = "",
    competency_id: int | None = None,
    target_level: int | None = None,
    actor=None,
) -> TrainingNeed | None:
    """Record a need once (servant, source, year, competency); None when it was already recorded."""
    need, created = TrainingNeed.objects.get_or_create(
        servant=servant,
        source=source,
        year=year,
        competency_id=competency_id,
        defaults={"reason": reason[:300], "target_level": target_level},
    )
    if not created:
        return None
    audit_record(
        actor=actor,
        action="training_need.record",
        obj=need,
        summary=f"{servant.personnel_number}: {reason}"[:255],
    )
    return need


# ---- personnel reserve ------------------------------------------------------------------------------------


@transaction.atomic
def reserve_admit(
    *,
    servant: CivilServant,
    actor,
    admitted_on: date,
    certificate_number: str,
    certificate_date: date | None = None,
    valid_until: date | None = None,
) -> ReserveMembership:
    if not perms.is_hr_of(actor, servant):
        raise NotAllowed(_("Only HR of the servant's body enters reserve membership."))
    if not (certificate_number or "").strip():
        raise ApplicationError(
            "certificate_required",
            _("Enter the number of the certificate of admission."),
            extra={"field": "certificate_number"},
        )
    if valid_until and valid_until < admitted_on:
        raise ApplicationError(
            "dates_order", _("The end date is before the admission."), extra={"field": "valid_until"}
        )
    if ReserveMembership.objects.filter(servant=servant, left_on__isnull=True).exists():
        raise ApplicationError(
            "already_in_reserve",
            _("The servant is already in the reserve."),
            extra={"field": "personnel_number"},
        )
    if ReserveMembership.objects.filter(certificate_number=certificate_number.strip()).exists():
        raise ApplicationError(
            "certificate_taken",
            _("This certificate number is already recorded."),
            extra={"field": "certificate_number"},
        )
    member = ReserveMembership.objects.create(
        servant=servant,
        admitted_on=admitted_on,
        valid_until=valid_until,
        certificate_number=certificate_number.strip(),
        certificate_date=certificate_date,
    )
    audit_record(
        actor=actor,
        action="reserve.admit",
        obj=member,
        summary=servant.personnel_number,
        after={"admitted_on": str(admitted_on), "certificate_number": member.certificate_number},
    )
    return member


@transaction.atomic
def reserve_leave(*, membership: ReserveMembership, actor, left_on: date) -> ReserveMembership:
    if not perms.is_hr_of(actor, membership.servant):
        raise NotAllowed()
    if membership.left_on is not None or left_on < membership.admitted_on:
        raise ApplicationError(
            "reserve_leave_invalid",
            _("The membership is closed or the date is before admission."),
            extra={"field": "left_on"},
        )
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    audit_record(
        actor=actor, action="reserve.leave", obj=membership, summary=membership.servant.personnel_number
    )
    return membership


def reserve_memberships_import(
    *, create: list[tuple[str, dict]], update: list[tuple[int, str, dict, dict]], actor
) -> int:
    """Write the reserve memberships of an E-kyzmet servants file (development.reserve_import validated them,
    the import checked the actor's scope per row): `create` (personnel number, fields), `update` (membership
    pk, personnel number, fields before, after). Set-based, one audit entry per membership, inside the import's
    transaction. Returns the number of memberships written."""
    if not (create or update):
        return 0
    numbers = {pn for pn, _f in create} | {pn for _pk, pn, _b, _a in update}
    ids = dict(
        CivilServant.objects.filter(personnel_number__in=numbers).values_list("personnel_number", "pk")
    )
    entries = []
    if update:
        changed = sorted({f for *_x, after in update for f in after})
        objs = ReserveMembership.objects.in_bulk([pk for pk, *_x in update])
        for pk, _pn, _before, after in update:
            for name, value in after.items():
                setattr(objs[pk], name, value)
        ReserveMembership.objects.bulk_update(list(objs.values()), changed, batch_size=2000)
        entries += [
            AuditEntry(
                actor=_user(actor),
                action="reserve.import_update",
                object_type="development.reservemembership",
                object_id=str(pk),
                summary=pn,
                before=_dates(before),
                after=_dates(after),
            )
            for pk, pn, before, after in update
        ]
    made = ReserveMembership.objects.bulk_create(
        [ReserveMembership(servant_id=ids[pn], **fields) for pn, fields in create], batch_size=2000
    )
    entries += [
        AuditEntry(
            actor=_user(actor),
            action="reserve.import_admit",
            object_type="development.reservemembership",
            object_id=str(m.pk),
            summary=pn,
            after=_dates({"certificate_number": m.certificate_number, **fields}),
        )
        for m, (pn, fields) in zip(made, create, strict=True)
    ]
    audit_bulk(entries)
    return len(made) + len(update)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _dates(values: dict) -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


# ---- adaptation (probation) -------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def adaptation_plan_create(
    *, servant: CivilServant, mentor: CivilServant, actor, starts_on: date | None = None
) -> AdaptationPlan:
    if not perms.is_hr_of(actor, servant):
        raise NotAllowed(_("Only HR of the servant's body assigns a mentor."))
    if not servant.first_time_entrant:
        raise ApplicationError("not_first_time", _("An adaptation plan is for first-time entrants."))
    if mentor.pk == servant.pk or not mentor.is_active:
        raise ApplicationError(
            "invalid_mentor",
            _("Choose another serving civil servant as the mentor."),
            extra={"field": "mentor"},
        )
    if AdaptationPlan.objects.filter(servant=servant).exists():
        raise ApplicationError("adaptation_exists", _("The servant already has an adaptation plan."))
    starts_on = starts_on or servant.appointed_on
    plan = AdaptationPlan.objects.create(
        servant=servant,
        mentor=mentor,
        starts_on=starts_on,
        ends_on=add_months(starts_on, conf("PROBATION_MONTHS")),
    )
    people_services.servant_set_probation(
        actor=actor, servant=servant, mentor=mentor, probation_until=plan.ends_on
    )
    audit_record(
        actor=actor,
        action="adaptation.create",
        obj=plan,
        summary=servant.personnel_number,
        after={"mentor": mentor.pk, "ends_on": str(plan.ends_on)},
    )
    return plan


@transaction.atomic
def adaptation_extend(*, plan: AdaptationPlan, actor) -> AdaptationPlan:
    """Extend the probation once (configurable) by the configured months; a further extension is refused."""
    plan = (
        AdaptationPlan.objects.select_for_update(of=("self",)).select_related("servant__body").get(pk=plan.pk)
    )
    if not perms.is_hr_of(actor, plan.servant):
        raise NotAllowed()
    if plan.extensions >= conf("PROBATION_MAX_EXTENSIONS"):
        raise ApplicationError(
            "extension_limit", _("The probation has already been extended as far as allowed.")
        )
    if plan.servant_signed_at and plan.mentor_signed_at:
        raise ApplicationError("adaptation_signed", _("The adaptation plan is already signed off."))
    before = str(plan.ends_on)
    plan.ends_on = add_months(plan.ends_on, conf("PROBATION_EXTENSION_MONTHS"))
    plan.extensions += 1
    plan.save(update_fields=["ends_on", "extensions"])
    people_services.servant_set_probation(
        actor=actor, servant=plan.servant, mentor=plan.mentor, probation_until=plan.ends_on
    )
    audit_record(
        actor=actor,
        action="adaptation.extend",
        obj=plan,
        summary=plan.servant.personnel_number,
        before={"ends_on": before},
        after={"ends_on": str(plan.ends_on)},
    )
    return plan


@transaction.atomic
def adaptation_mentor_change(*, plan: AdaptationPlan, mentor: CivilServant, actor) -> AdaptationPlan:
    """HR replaces the mentor (the old one left, fell ill...). The new mentor signs off anew: a sign-off by the
    previous mentor is cleared. Refused once both have signed off."""
    plan = (
        AdaptationPlan.objects.select_for_update(of=("self",))
        .select_related("servant__body", "mentor")
        .get(pk=plan.pk)
    )
    if not perms.is_hr_of(actor, plan.servant):
        raise NotAllowed(_("Only HR of the servant's body assigns a mentor."))
    if plan.servant_signed_at and plan.mentor_signed_at:
        raise ApplicationError("adaptation_signed", _("The adaptation plan is already signed off."))
    if mentor.pk == plan.servant_id or not mentor.is_active:
        raise ApplicationError(
            "invalid_mentor",
            _("Choose another serving civil servant as the mentor."),
            extra={"field": "mentor"},
        )
    if mentor.pk == plan.mentor_id:
        raise ApplicationError(
            "same_mentor", _("This civil servant is already the mentor."), extra={"field": "mentor"}
        )
    before = {"mentor": plan.mentor_id, "mentor_signed_at": str(plan.mentor_signed_at or "")}
    plan.mentor, plan.mentor_signed_at = mentor, None
    plan.save(update_fields=["mentor", "mentor_signed_at"])
    people_services.servant_set_probation(
        actor=actor, servant=plan.servant, mentor=mentor, probation_until=plan.ends_on
    )
    audit_record(
        actor=actor,
        action="adaptation.mentor_change",
        obj=plan,
        summary=plan.servant.personnel_number,
        before=before,
        after={"mentor": mentor.pk},
    )
    return plan


@transaction.atomic
def adaptation_task_add(
    *, plan: AdaptationPlan, actor, title: str, due_on: date, kind: str = AdaptationTask.Kind.TASK
) -> AdaptationTask:
    if not (perms.is_hr_of(actor, plan.servant) or perms.is_own(actor, plan.mentor)):
        raise NotAllowed()
    if kind not in AdaptationTask.Kind.values or not (title or "").strip():
        raise ApplicationError(
            "invalid_task", _("Name the task and choose its kind."), extra={"field": "title"}
        )
    if due_on < plan.starts_on:
        raise ApplicationError(
            "due_before_probation",
            _("The due date is before the probation starts."),
            extra={"field": "due_on"},
        )
    task = AdaptationTask.objects.create(plan=plan, kind=kind, title=title.strip()[:300], due_on=due_on)
    audit_record(actor=actor, action="adaptation.task_add", obj=task, summary=task.title)
    return task


@transaction.atomic
def adaptation_task_done(*, task: AdaptationTask, actor, done_on: date) -> AdaptationTask:
    plan = task.plan
    if not (
        perms.is_own(actor, plan.servant)
        or perms.is_own(actor, plan.mentor)
        or perms.is_hr_of(actor, plan.servant)
    ):
        raise NotAllowed()
    task.done_on = done_on
    task.save(update_fields=["done_on"])
    audit_record(actor=actor, action="adaptation.task_done", obj=task, summary=task.title)
    return task


@transaction.atomic
def adaptation_sign(*, plan: AdaptationPlan, actor) -> AdaptationPlan:
    """Sign-off: the mentor and the servant each sign once."""
    plan = (
        AdaptationPlan.objects.select_for_update(of=("self",))
        .select_related("servant", "mentor")
        .get(pk=plan.pk)
    )
    now = timezone.now()
    if perms.is_own(actor, plan.mentor):
        field = "mentor_signed_at"
    elif perms.is_own(actor, plan.servant):
        field = "servant_signed_at"
    else:
        raise NotAllowed(_("Only the mentor and the servant sign the adaptation plan."))
    if getattr(plan, field):
        raise ApplicationError("already_signed", _("You have already signed."))
    setattr(plan, field, now)
    plan.save(update_fields=[field])
    audit_record(actor=actor, action="adaptation.sign", obj=plan, summary=field)
    return plan
