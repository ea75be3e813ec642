"""Reads of offerings and applications, scoped to the actor (enrollment.scopes,
people.selectors). Lists annotate their counts in SQL: a constant number of queries per page."""

from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from compliance.selectors import THREE_YEAR, qualifying_course_types
from courses import selectors as courses_selectors
from enrollment.models import (
    CLOSED_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStep,
    DeliveryMode,
    Funding,
    Offering,
)
from enrollment.scopes import is_hr_for, today_almaty
from people.models import CivilServant, Role
from people.permissions import actor_for
from people.selectors import servants_visible_to


def offerings_catalog(*, today: date | None = None) -> QuerySet[Offering]:
    """Runs not yet finished, with places taken and waiting-list length annotated (public catalog data)."""
    today = today or today_almaty()
    return (Offering.objects.filter(ends_on__gte=today, is_cancelled=False)
            .select_related("version__course", "version__course_type", "version__provider")
            .annotate(taken=Count("applications", filter=Q(applications__seat_number__isnull=False)),
                      waiting=Count("applications", filter=Q(applications__waitlist_position__isnull=False)))
            .order_by("starts_on", "code"))


def offerings_filtered(*, course_type: str = "", language: str = "", funding: str = "", open_now: bool = False,
                       q: str = "") -> QuerySet[Offering]:
    qs = offerings_catalog()
    if course_type:
        qs = qs.filter(version__course_type__code=course_type)
    if language:
        qs = qs.filter(language=language)
    if funding:
        qs = qs.filter(funding=funding)
    if open_now:
        qs = _open_now(qs)
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(version__search_text__contains=q.lower())
                       | Q(version__course__code__icontains=q))
    return qs


def _open_now(qs: QuerySet[Offering]) -> QuerySet[Offering]:
    """Window open today: start - opens_days <= today <= start - closes_days. The day arithmetic is done on the
    few upcoming runs in Python (portable between PostgreSQL and SQLite), then applied as one id filter."""
    today = today_almaty()
    upcoming = Offering.objects.filter(starts_on__gte=today, is_cancelled=False).values_list(
        "pk", "starts_on", "opens_days_before", "closes_days_before")
    ids = [pk for pk, start, opens, closes in upcoming if closes <= (start - today).days <= opens]
    return qs.filter(pk__in=ids)


def open_offerings_for(*, servant: CivilServant, rule: str | None = None) -> QuerySet[Offering]:
    """Offerings open for application now whose course qualifies for `rule` (default three_year) under the
    rule version in force today, excluding runs the servant already has an open application to."""
    today = today_almaty()
    qs = _open_now(offerings_catalog(today=today))
    qualifying = qualifying_course_types(as_of=today, rule=rule or THREE_YEAR)
    if qualifying is not None:  # the rule's own definition: its course types, within their hour ranges
        qs = qs.filter(reduce(or_, (_admits(q) for q in qualifying), Q(pk__in=[])))
    mine = Application.objects.filter(offering=OuterRef("pk"), servant=servant).exclude(status__in=CLOSED_STATUSES)
    return qs.exclude(Exists(mine))


def _admits(q) -> Q:
    cond = Q(version__course_type__code=q.course_type)
    if q.min_hours is not None:
        cond &= Q(version__hours__gte=q.min_hours)
    if q.max_hours is not None:
        cond &= Q(version__hours__lte=q.max_hours)
    return cond


def offering_detail(pk: int) -> Offering | None:
    return offerings_catalog(today=date.min).filter(pk=pk).first() or None


def offerings_managed_by(user) -> QuerySet[Offering]:
    """Runs whose provider step and completion the user handles: administrators all, faculty their courses."""
    roles = actor_for(user)
    qs = Offering.objects.select_related("version__course", "version__provider").annotate(
        taken=Count("applications", filter=Q(applications__seat_number__isnull=False)))
    if roles.is_admin:
        return qs
    if roles.has(Role.FACULTY):
        return qs.filter(version__course__authors=user)
    return qs.none()


def offerings_managed_list(user, *, when: str = "") -> QuerySet[Offering]:
    """The "Manage runs" list: managed runs with places taken and waiting annotated; `when` is upcoming
    (not yet started, not cancelled), running, past, cancelled or empty for all."""
    today = today_almaty()
    qs = offerings_managed_by(user).select_related("version__course_type").annotate(
        waiting=Count("applications", filter=Q(applications__waitlist_position__isnull=False)))
    live = qs.filter(is_cancelled=False)
    qs = {"upcoming": live.filter(starts_on__gt=today),
          "running": live.filter(starts_on__lte=today, ends_on__gte=today),
          "past": live.filter(ends_on__lt=today),
          "cancelled": qs.filter(is_cancelled=True)}.get(when, qs)
    return qs.order_by("-starts_on", "code")


def versions_schedulable_by(user):
    """Published course versions the user may schedule runs of: administrators all, faculty their courses."""
    roles = actor_for(user)
    qs = courses_selectors.published_versions().order_by("course__code", "-number")
    if roles.is_admin:
        return qs
    if roles.has(Role.FACULTY):
        return qs.filter(course__authors=user)
    return qs.none()


def can_manage_runs(user) -> bool:
    roles = actor_for(user)
    return roles.is_admin or roles.has(Role.FACULTY)


def _with_steps(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("offering__version__course", "offering__version__provider", "servant__body",
                             "servant__unit", "voucher").prefetch_related(
        Prefetch("steps", queryset=ApplicationStep.objects.select_related("actor")))


def applications_visible_to(user) -> QuerySet[Application]:
    """Own applications; HR subtree; line manager's units; provider's runs; administrators all."""
    roles = actor_for(user)
    qs = Application.objects.all()
    if roles.is_admin:
        return _with_steps(qs)
    q = Q(servant__in=servants_visible_to(user).values("pk"))
    if roles.has(Role.FACULTY):
        q |= Q(offering__version__course__authors=user)
    return _with_steps(qs.filter(q).distinct() if roles.has(Role.FACULTY) else qs.filter(q))


def my_applications(user) -> QuerySet[Application]:
    return _with_steps(Application.objects.filter(servant__user=user)).order_by("-created_at")


def approval_queue(user) -> QuerySet[Application]:
    """Applications awaiting a step this user may take (the same rule as applications.may_decide)."""
    roles = actor_for(user)
    pending = Application.objects.filter(status__in=[ApplicationStatus.PENDING_MANAGER, ApplicationStatus.PENDING_HR,
                                                     ApplicationStatus.PENDING_PROVIDER])
    if roles.is_admin:
        return _with_steps(pending).order_by("created_at")
    q = Q(pk__in=[])
    units = roles.managed_unit_ids
    if units:
        q |= Q(status=ApplicationStatus.PENDING_MANAGER) & (Q(servant__unit__in=units)
                                                            | Q(servant__unit__parent__in=units))
    for path in roles.hr_body_paths:
        q |= Q(status__in=[ApplicationStatus.PENDING_MANAGER, ApplicationStatus.PENDING_HR],
               servant__body__path__startswith=path)
    if roles.has(Role.FACULTY):
        q |= Q(status=ApplicationStatus.PENDING_PROVIDER, offering__version__course__authors=user)
    return _with_steps(pending.filter(q).exclude(servant__user=user)).distinct().order_by("created_at")


def roster(offering: Offering) -> QuerySet[Application]:
    """Participants holding a place, with the number of days attended."""
    return (Application.objects.filter(offering=offering, seat_number__isnull=False)
            .select_related("servant", "servant__user", "training_record")
            .annotate(days_present=Count("attendance", filter=Q(attendance__present=True)))
            .order_by("servant__last_name_ru", "servant__first_name_ru"))


def waitlist(offering: Offering) -> QuerySet[Application]:
    return (Application.objects.filter(offering=offering, waitlist_position__isnull=False)
            .select_related("servant").order_by("waitlist_position"))


# --- training records -------------------------------------------------------------------------------------


def latest_application(*, offering: Offering, servant: CivilServant | None) -> Application | None:
    """The servant's most recent application to the run (any status), for the run's page."""
    if servant is None:
        return None
    return Application.objects.filter(offering=offering, servant=servant).order_by("-created_at").first()


def open_applications(offering: Offering) -> QuerySet[Application]:
    """Applications still in play: not rejected, withdrawn or completed (those a cancellation affects)."""
    return offering.applications.exclude(status__in=[*CLOSED_STATUSES, ApplicationStatus.COMPLETED])


def can_nominate(user) -> bool:
    roles = actor_for(user)
    return roles.is_admin or roles.has(Role.HR_OFFICER)


def nominable_servant(user, personnel_number: str) -> CivilServant | None:
    """The servant with this personnel number if the user is HR for them (or an administrator)."""
    servant = servants_visible_to(user).filter(personnel_number=(personnel_number or "").strip()).first()
    return servant if servant is not None and is_hr_for(user, servant) else None


def funding_choices() -> list[tuple[str, str]]:
    return list(Funding.choices)


def delivery_choices() -> list[tuple[str, str]]:
    return list(DeliveryMode.choices)
# --- for development plans (next run of a proposed course; completions that tick plan items off) -----------

def next_offerings_by_course(course_ids, *, today: date | None = None) -> dict[int, dict]:
    """course id -> the earliest run not yet started and not cancelled: {"starts_on", "free", "code",
    "language", "delivery"}; `free` = places left (never negative). One query for any number of courses."""
    today = today or today_almaty()
    rows = (Offering.objects.filter(version__course_id__in=list(course_ids), starts_on__gte=today,
                                    is_cancelled=False)
            .annotate(taken=Count("applications", filter=Q(applications__seat_number__isnull=False)))
            .values_list("version__course_id", "starts_on", "capacity", "taken", "code", "language", "delivery")
            .order_by("version__course_id", "starts_on", "code"))
    found: dict[int, dict] = {}
    for course_id, starts_on, capacity, taken, code, language, delivery in rows:
        if course_id not in found:
            found[course_id] = {"starts_on": starts_on, "free": max(capacity - taken, 0), "code": code,
                                "language": language, "delivery": delivery}
    return found


def courses_completed_in_runs(servant_ids, *, since: date, until: date) -> list[tuple[int, int, date, int]]:
    """(servant id, course id, completion day, hours credited) of course runs completed in [since, until]."""
    rows = (Application.objects.filter(servant_id__in=list(servant_ids), status=ApplicationStatus.COMPLETED,
                                       completed_at__date__gte=since, completed_at__date__lte=until)
            .values_list("servant_id", "offering__version__course_id", "completed_at", "hours_credited",
                         "offering__version__hours"))
    return [(s, c, at.date(), credited or hours) for s, c, at, credited, hours in rows]
def acts_now(user, application: Application) -> bool:
    """Whether the approval page offers `user` an active decision on this application now: an application
    still with the line manager is the manager's to decide (HR's stand-in right stays in the service, but the
    page does not invite HR to skip the manager); administrators may always act."""
    roles = actor_for(user)
    if application.status != ApplicationStatus.PENDING_MANAGER or roles.is_admin:
        return True
    units = set(roles.managed_unit_ids)
    servant = application.servant
    return bool(units) and servant.unit_id is not None and (
        servant.unit_id in units or servant.unit.parent_id in units)
