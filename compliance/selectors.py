"""Reads of the compliance context, scoped to what the actor may see (people.selectors). Other apps (enrollment,
conferences, next assessments) read compliance through these functions only."""

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from compliance import dashboard, engine
from compliance import rules as R
from compliance.models import ComplianceRule, Exemption, TrainingRecord
from courses.selectors import course_types
from people.models import CivilServant, Role, StateBody
from people.permissions import actor_for
from people.selectors import servants_visible_to

THREE_YEAR, RETRAINING, CORPS_A_COURSE = R.THREE_YEAR, R.RETRAINING, R.CORPS_A_COURSE


# --- rules and statuses -------------------------------------------------------------------------------------

def rule_params_in_force(*, as_of: date, rules: list[str] | None = None) -> dict[str, R.RuleParams]:
    """rule code -> its parameters in force on `as_of` (the engine's own lookup, one query)."""
    return engine.params_in_force(as_of, rules)


def qualifying_course_types(*, as_of: date, rule: str = THREE_YEAR) -> tuple[R.Qualifying, ...] | None:
    """The course types (code, hour range) that count for `rule` on `as_of`; None when no version is in force."""
    params = engine.params_in_force(as_of, [rule]).get(rule)
    return None if params is None else params.qualifying


def servant_statuses(servant: CivilServant, *, as_of: date) -> list[engine.StatusRow]:
    """Every applicable rule's status and due date for one servant (the servant's own page)."""
    return list(engine.iter_statuses(CivilServant.objects.filter(pk=servant.pk), as_of))


def rule_choices() -> list[tuple[str, str]]:
    """(code, label) of the compliance rules, for forms."""
    return list(ComplianceRule.Code.choices)


def rule_label(code: str) -> str:
    return str(ComplianceRule.Code(code).label)


def training_source_choices() -> list[tuple[str, str]]:
    return list(TrainingRecord.Source.choices)


def course_type_choices() -> list[tuple[str, str]]:
    """(code, localised name) of the course types (courses.CourseType, the one vocabulary), for forms."""
    return [(t.code, t.name) for t in course_types()]


def servants_in_subtree(servants: QuerySet, body: StateBody | None) -> QuerySet:
    return servants if body is None else servants.filter(body__path__startswith=body.path)


def compliance_summary_for(user, *, as_of: date, body: StateBody | None = None,
                           rules: list[str] | None = None) -> dict[str, dict[str, int]]:
    """Counts by rule and status of the servants the actor may see (optionally one body's subtree)."""
    return engine.status_summary(servants_in_subtree(servants_visible_to(user), body), as_of, rules)


def compliance_list_for(user, *, as_of: date, rule: str, status: str, body: StateBody | None = None,
                        limit: int = 50, offset: int = 0) -> list[engine.StatusRow]:
    return engine.status_page(servants_in_subtree(servants_visible_to(user), body), as_of,
                              rule=rule, status=status, limit=limit, offset=offset)


# --- training records and exemptions --------------------------------------------------------------------------

def training_records_visible_to(user) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(servant__in=servants_visible_to(user).values("pk")).select_related(
        "servant")


def exemptions_visible_to(user) -> QuerySet[Exemption]:
    return Exemption.objects.filter(servant__in=servants_visible_to(user).values("pk")).select_related("servant")


def training_record_exists(*, servant: CivilServant, title: str, completed_on: date, provider: str = "") -> bool:
    return TrainingRecord.objects.filter(servant=servant, title=title, completed_on=completed_on,
                                         provider=provider).exists()


def my_training(user) -> QuerySet[TrainingRecord]:
    return (TrainingRecord.objects.filter(servant__user=user).select_related("verified_by")
            .order_by("-completed_on", "title"))


def training_records_for_hr(user, *, course_type: str = "", source: str = "", pending: bool = False,
                            q: str = "", year: int | None = None) -> QuerySet[TrainingRecord]:
    """Records of the servants the actor may see other than themself, filtered."""
    qs = (TrainingRecord.objects.filter(servant__in=servants_visible_to(user).values("pk"))
          .exclude(servant__user=user).select_related("servant", "servant__body", "verified_by"))
    if course_type:
        qs = qs.filter(course_type_id=course_type)
    if source:
        qs = qs.filter(source=source)
    if pending:
        qs = qs.filter(source=TrainingRecord.Source.EXTERNAL_UPLOAD, verified_at__isnull=True,
                       rejected_at__isnull=True)
    if year:
        qs = qs.filter(completed_on__year=year)
    if q:
        qs = qs.filter(Q(servant__personnel_number__icontains=q) | Q(servant__last_name_ru__icontains=q)
                       | Q(servant__last_name_kk__icontains=q) | Q(servant__last_name_en__icontains=q)
                       | Q(title__icontains=q))
    return qs.order_by("-completed_on", "servant__last_name_ru")


def can_view_hr_records(user) -> bool:
    roles = actor_for(user)
    return roles.is_admin or roles.has(Role.HR_OFFICER)


def evidence_record_for(user, pk: int) -> TrainingRecord | None:
    """A record whose uploaded certificate the user may open: their own, or one of a servant they are HR for."""
    record = TrainingRecord.objects.select_related("servant__body").filter(pk=pk).first()
    if record is None or not record.evidence:
        return None
    if record.servant.user_id == getattr(user, "pk", None) or _is_hr_for(user, record.servant):
        return record
    return None


def _is_hr_for(user, servant: CivilServant) -> bool:
    roles = actor_for(user)
    if roles.is_admin:
        return True
    paths = tuple(roles.hr_body_paths)
    return bool(paths) and roles.has(Role.HR_OFFICER) and servant.body.path.startswith(paths)


NOMINATION_STATUSES = (R.OVERDUE, R.DUE_SOON)


def nomination_offered(status: str) -> bool:
    """Statuses whose servants the dashboard offers to nominate to a course run."""
    return status in NOMINATION_STATUSES


def dashboard_servant(user, personnel_number: str) -> CivilServant | None:
    """A servant of the dashboard's scope for this user (HR subtree, managers' units), or None."""
    return dashboard.scoped_servants(user, dashboard.Filters()).filter(personnel_number=personnel_number).first()


# --- for the analytics export (every active servant, no actor: the export is for staff and analysts) -------

def status_counts(*, as_of: date) -> dict[str, dict[str, int]]:
    """rule -> status -> number of active servants, as of a day (one GROUP BY on PostgreSQL)."""
    return engine.status_summary(CivilServant.objects.filter(is_active=True), as_of)


def training_totals_by_body_and_type() -> QuerySet:
    """(body id, course type code, academic hours, records) over every training record, one GROUP BY."""
    return (TrainingRecord.objects.values_list("servant__body_id", "course_type")
            .annotate(hours_sum=Sum("hours"), records=Count("pk")).order_by())


def training_between(servant_ids, *, since: date, until: date) -> list[tuple[int, str, int, date, str]]:
    """(servant id, title, hours, completed on, course type code) of the ledger's records in [since, until]:
    development plans tick items off from them."""
    return list(TrainingRecord.objects.filter(servant_id__in=list(servant_ids), completed_on__gte=since,
                                              completed_on__lte=until)
                .values_list("servant_id", "title", "hours", "completed_on", "course_type"))
