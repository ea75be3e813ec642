"""Reads of the development context, scoped to the actor: a plan is seen by its servant, their line manager
and HR of their body (and administrators) — exactly people.selectors.servants_visible_to. HR lists read the
actor's subtree with a constant number of queries."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from competency_framework import selectors as cf
from development import permissions as perms
from development.models import (
    AdaptationPlan,
    DevelopmentPlan,
    EvaluationResult,
    ItemSource,
    ItemStatus,
    PlanItem,
    PlanStatus,
    ReserveMembership,
)
from development.proposals import CourseRanker, Proposal
from development.rules import conf, period_of
from people.models import CivilServant, StateBody
from people.permissions import actor_for
from people.selectors import servants_visible_to


def plans_visible_to(user) -> QuerySet[DevelopmentPlan]:
    return DevelopmentPlan.objects.filter(servant__in=servants_visible_to(user).values("pk")).select_related(
        "servant__position", "servant__body", "servant__unit"
    )


def plan_for(user, pk) -> DevelopmentPlan | None:
    """One plan the actor may see, else None (pages and the API answer 404)."""
    try:
        return plans_visible_to(user).get(pk=int(pk))
    except (DevelopmentPlan.DoesNotExist, ValueError, TypeError):
        return None


def own_servant(user) -> CivilServant | None:
    return (
        CivilServant.objects.filter(user=user).select_related("position", "body", "unit").first()
        if getattr(user, "is_authenticated", False)
        else None
    )


def my_plan(user, year: int) -> DevelopmentPlan | None:
    start, _end = period_of(year)
    return (
        DevelopmentPlan.objects.filter(servant__user=user, period_start=start)
        .select_related("servant__position", "servant__body", "servant__unit")
        .first()
    )


def plan_items(plan: DevelopmentPlan) -> list[PlanItem]:
    return list(plan.items.select_related("competency", "course").order_by("position", "pk"))


def plan_steps(plan: DevelopmentPlan):
    return plan.steps.select_related("actor").order_by("at", "pk")


def approval_queue(user) -> QuerySet[DevelopmentPlan]:
    """Submitted plans of the servants in the units the actor manages (and their sub-units), not their own."""
    units = actor_for(user).managed_unit_ids
    if not units:
        return DevelopmentPlan.objects.none()
    return (
        DevelopmentPlan.objects.filter(status=PlanStatus.SUBMITTED)
        .filter(Q(servant__unit__in=units) | Q(servant__unit__parent__in=units))
        .exclude(servant__user=user)
        .select_related("servant__position", "servant__body", "servant__unit")
        .order_by("updated_at", "pk")
    )


# ---- HR lists ---------------------------------------------------------------------------------------------


def hr_servants(user, body: StateBody | None = None) -> QuerySet[CivilServant]:
    """The servants of the actor's HR subtree (administrators: everyone), within `body` when given."""
    actor = actor_for(user)
    if actor.is_admin:
        qs = CivilServant.objects.all()
    elif actor.hr_body_paths:
        q = Q(pk__in=[])
        for path in actor.hr_body_paths:
            q |= Q(body__path__startswith=path)
        qs = CivilServant.objects.filter(q)
    else:
        return CivilServant.objects.none()
    return qs.filter(body__path__startswith=body.path) if body is not None else qs


def hr_plans(
    user, *, year: int, body: StateBody | None = None, status: str = ""
) -> QuerySet[DevelopmentPlan]:
    """Plans of the subtree for a year, with item counts and hours annotated (one query per page)."""
    start, _end = period_of(year)
    qs = DevelopmentPlan.objects.filter(servant__in=hr_servants(user, body).values("pk"), period_start=start)
    if status:
        qs = qs.filter(status=status)
    live = ~Q(items__status=ItemStatus.CANCELLED)
    return (
        qs.select_related("servant__position", "servant__body", "servant__unit")
        .annotate(
            items_total=Count("items", filter=live),
            items_done=Count("items", filter=Q(items__status=ItemStatus.DONE)),
            hours_planned=Sum("items__hours", filter=live),
        )
        .order_by("servant__body__path", "servant__last_name_ru", "pk")
    )


def hr_status_counts(user, *, year: int, body: StateBody | None = None) -> dict[str, int]:
    start, _end = period_of(year)
    rows = (
        DevelopmentPlan.objects.filter(servant__in=hr_servants(user, body).values("pk"), period_start=start)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = dict(rows)
    return {s: found.get(s, 0) for s in PlanStatus.values}


def overdue_items(user, *, today: date, body: StateBody | None = None) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(
            plan__servant__in=hr_servants(user, body).values("pk"),
            status=ItemStatus.PLANNED,
            due_on__lt=today,
        )
        .exclude(plan__status=PlanStatus.CLOSED)
        .select_related("plan__servant__body", "competency")
        .order_by("due_on", "pk")
    )


def gap_frequency(user, *, year: int, body: StateBody | None = None, limit: int = 10) -> list[dict]:
    """The competencies most often drafted as gaps in the subtree's plans: [{competency, servants}]."""
    start, _end = period_of(year)
    rows = list(
        PlanItem.objects.filter(
            plan__servant__in=hr_servants(user, body).values("pk"),
            plan__period_start=start,
            source__in=[ItemSource.GAP, ItemSource.NEED],
            competency__isnull=False,
        )
        .values("competency_id")
        .annotate(n=Count("plan__servant", distinct=True))
        .order_by("-n", "competency_id")[:limit]
    )
    names = cf.competencies_by_ids(r["competency_id"] for r in rows)
    return [{"competency": names.get(r["competency_id"]), "servants": r["n"]} for r in rows]


def demand(user, *, year: int, body: StateBody | None = None) -> dict[str, list[dict]]:
    """What the plans ask for (what the APA should open next year): servants per competency, and per course
    places and hours; cancelled items left out."""
    start, _end = period_of(year)
    items = PlanItem.objects.filter(
        plan__servant__in=hr_servants(user, body).values("pk"), plan__period_start=start
    ).exclude(status=ItemStatus.CANCELLED)
    by_comp = list(
        items.filter(competency__isnull=False)
        .values("competency_id")
        .annotate(servants=Count("plan__servant", distinct=True), hours=Sum("hours"))
        .order_by("-servants", "competency_id")
    )
    by_course = list(
        items.filter(course__isnull=False)
        .values("course_id", "course__code")
        .annotate(places=Count("pk"), hours=Sum("hours"))
        .order_by("-places", "course__code")
    )
    names = cf.competencies_by_ids(r["competency_id"] for r in by_comp)
    for r in by_comp:
        r["competency"] = names.get(r["competency_id"])
    from courses.selectors import course_titles

    titles = course_titles(r["course_id"] for r in by_course)
    for r in by_course:
        r["title"] = titles.get(r["course_id"], "")
    return {"competencies": by_comp, "courses": by_course}


# ---- proposals ----------------------------------------------------------------------------------------------


def proposals(plan: DevelopmentPlan, *, language: str = "ru") -> list[tuple[PlanItem, list[Proposal]]]:
    """For each gap or need item with a competency: the ranked courses that develop it to the needed level."""
    seen, items = set(), []
    for item in plan_items(plan):  # one list per gap: items added from the proposals share its competency
        key = (item.competency_id, item.target_level)
        if (
            item.competency_id
            and item.target_level
            and item.source in (ItemSource.GAP, ItemSource.NEED, ItemSource.CARRIED)
            and key not in seen
        ):
            seen.add(key)
            items.append(item)
    if not items:
        return []
    ranker = CourseRanker({i.competency_id for i in items})
    limit = conf("PROPOSALS_PER_GAP")
    return [(i, ranker.rank(i.competency_id, i.target_level, language, limit=limit)) for i in items]


def proposal_for(
    plan: DevelopmentPlan, *, course_id: int, competency_id: int | None, target_level: int | None
) -> Proposal | None:
    """The course as a proposal for this plan's competency (never below the needed level); without a
    competency, any course of the catalog at its own level."""
    if competency_id is None:
        rows = [r for r in CourseRanker().all_courses() if r.course_id == course_id]
        return rows[0] if rows else None
    ranker = CourseRanker({competency_id})
    return next((p for p in ranker.rank(competency_id, target_level or 1) if p.course_id == course_id), None)


def plan_servant_roles(user, plan: DevelopmentPlan) -> dict[str, bool]:
    """What the actor may do on this plan (pages show only these buttons)."""
    servant = plan.servant
    own, manager, hr = (
        perms.is_own(user, servant),
        perms.is_manager_of(user, servant),
        perms.is_hr_of(user, servant),
    )
    editable = plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)
    return {
        "own": own,
        "manager": manager,
        "hr": hr,
        "can_edit": editable and (own or hr),
        "can_submit": editable and own,
        "can_approve": plan.status == PlanStatus.SUBMITTED and manager,
        "can_confirm": plan.status == PlanStatus.APPROVED and hr,
        "can_close": plan.status in (PlanStatus.APPROVED, PlanStatus.CONFIRMED) and hr,
    }


# ---- reserve, probation, evaluations ------------------------------------------------------------------------


def reserve_members(user, *, on: date | None = None) -> QuerySet[ReserveMembership]:
    qs = ReserveMembership.objects.filter(servant__in=hr_servants(user).values("pk")).select_related(
        "servant__position", "servant__body"
    )
    if on is not None:
        qs = qs.filter(admitted_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    return qs.order_by("servant__last_name_ru", "-admitted_on")


def reserve_of(servant: CivilServant) -> ReserveMembership | None:
    """The open membership shown on the servant's profile (the caller got `servant` through a scoped read)."""
    return ReserveMembership.objects.filter(servant=servant, left_on__isnull=True).first()


def probationers(user) -> QuerySet[AdaptationPlan]:
    return (
        AdaptationPlan.objects.filter(servant__in=hr_servants(user).values("pk"))
        .select_related("servant__body", "servant__position", "mentor")
        .annotate(
            tasks_total=Count("tasks"), tasks_done=Count("tasks", filter=Q(tasks__done_on__isnull=False))
        )
        .order_by("ends_on", "pk")
    )


def mentors(user) -> list[dict]:
    """Mentors of the subtree's probationers with their mentees' count."""
    return list(
        AdaptationPlan.objects.filter(servant__in=hr_servants(user).values("pk"))
        .values("mentor_id", "mentor__personnel_number", "mentor__last_name_ru", "mentor__first_name_ru")
        .annotate(mentees=Count("pk"))
        .order_by("mentor__last_name_ru", "mentor_id")
    )


def adaptation_plans_visible_to(user) -> QuerySet[AdaptationPlan]:
    """The adaptation plans the actor may see: their own probation, the probationers they mentor, and those of
    their HR subtree (administrators: all). Nobody else, line managers included."""
    if not getattr(user, "is_authenticated", False):
        return AdaptationPlan.objects.none()
    return (
        AdaptationPlan.objects.filter(
            Q(servant__user=user) | Q(mentor__user=user) | Q(servant__in=hr_servants(user).values("pk"))
        )
        .select_related("servant__body", "servant__position", "mentor")
        .prefetch_related("tasks")
        .order_by("ends_on", "pk")
    )


def adaptation_for(user, pk) -> AdaptationPlan | None:
    """One adaptation plan the actor may see, else None (pages and the API answer 404)."""
    try:
        return adaptation_plans_visible_to(user).get(pk=int(pk))
    except (AdaptationPlan.DoesNotExist, ValueError, TypeError):
        return None


def adaptation_actions(user, plan: AdaptationPlan) -> dict[str, bool]:
    """What the actor may do on this adaptation plan (the services check it again)."""
    own, mentor, hr = (
        perms.is_own(user, plan.servant),
        perms.is_own(user, plan.mentor),
        perms.is_hr_of(user, plan.servant),
    )
    signed = bool(plan.mentor_signed_at and plan.servant_signed_at)
    return {
        "can_mark_done": own or mentor or hr,
        "can_add_task": mentor or hr,
        "can_sign": (mentor and not plan.mentor_signed_at) or (own and not plan.servant_signed_at),
        "can_extend": hr and not signed and plan.extensions < conf("PROBATION_MAX_EXTENSIONS"),
        "can_change_mentor": hr and not signed,
    }


def probation_max_extensions() -> int:
    return conf("PROBATION_MAX_EXTENSIONS")


def mentor_allowance_rows(user, *, since: date, until: date) -> list[list]:
    """One row per mentor and mentee whose probation overlaps [since, until]: the days of mentoring in it (the
    basis of the mentor's allowance for the period)."""
    rows = []
    for plan in (
        probationers(user)
        .filter(starts_on__lte=until, ends_on__gte=since)
        .order_by("mentor__last_name_ru", "servant__last_name_ru")
    ):
        first, last = max(plan.starts_on, since), min(plan.ends_on, until)
        rows.append(
            [
                plan.mentor.personnel_number,
                plan.mentor.full_name,
                plan.servant.personnel_number,
                plan.servant.full_name,
                plan.starts_on,
                plan.ends_on,
                first,
                last,
                (last - first).days + 1,
            ]
        )
    return rows


def annual_score(servant_id: int, year: int) -> Decimal | None:
    """The year's score: the annual (KPI-era) result when there is one, else the mean of the quarterly scores
    (or the last quarter's, settings.DEVELOPMENT["ANNUAL_SCORE"] = "last")."""
    rows = list(
        EvaluationResult.objects.filter(servant_id=servant_id, year=year).values_list("quarter", "score")
    )
    return annual_from(rows)


def annual_from(rows: list[tuple[int | None, Decimal]]) -> Decimal | None:
    annual = [s for q, s in rows if q is None]
    if annual:
        return annual[0]
    quarterly = sorted((q, s) for q, s in rows if q is not None)
    if not quarterly:
        return None
    if conf("ANNUAL_SCORE") == "last":
        return quarterly[-1][1]
    return (sum(s for _q, s in quarterly) / len(quarterly)).quantize(Decimal("0.01"))


def evaluations_of(servant: CivilServant) -> QuerySet[EvaluationResult]:
    return EvaluationResult.objects.filter(servant=servant).order_by("-year", "-quarter")


def status_choices() -> list[tuple[str, str]]:
    return list(PlanStatus.choices)


def other_item_kind_choices() -> list[tuple[str, str]]:
    """Kinds of items added by hand on the page (a course is added from the proposals)."""
    from development.models import ItemKind

    return [(k, label) for k, label in ItemKind.choices if k != ItemKind.COURSE]


def adaptation_task_kind_choices() -> list[tuple[str, str]]:
    from development.models import AdaptationTask

    return list(AdaptationTask.Kind.choices)


def adaptation_plans_of(user) -> list[AdaptationPlan]:
    """The adaptation plans where the actor is the probationer or the mentor, with their tasks."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        AdaptationPlan.objects.filter(Q(servant__user=user) | Q(mentor__user=user))
        .select_related("servant", "mentor")
        .prefetch_related("tasks")
        .order_by("ends_on", "pk")
    )


def has_adaptation_plan(user) -> bool:
    """Whether the user is the probationer or the mentor of an adaptation plan (the development pages link to it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return AdaptationPlan.objects.filter(Q(servant__user=user) | Q(mentor__user=user)).exists()
