"""Configuration (settings.DEVELOPMENT) and the rule of who must have a plan."""

from datetime import date

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from development.models import ReserveMembership
from people.models import CivilServant

DEFAULTS = {
    "MANDATORY_CORPS": ["A"],
    "RESERVE_MANDATORY": True,
    "EVALUATION_SCALE_MAX": 5,
    "EVALUATION_THRESHOLD": 3,
    "ANNUAL_SCORE": "mean",
    "PROBATION_MONTHS": 3,
    "PROBATION_EXTENSION_MONTHS": 3,
    "PROBATION_MAX_EXTENSIONS": 1,
    "PROPOSALS_PER_GAP": 5,
}


def conf(name: str):
    return getattr(settings, "DEVELOPMENT", {}).get(name, DEFAULTS[name])


def period_of(year: int) -> tuple[date, date]:
    """The default period: the calendar year."""
    return date(year, 1, 1), date(year, 12, 31)


def in_reserve_on(day: date) -> Exists:
    return Exists(
        ReserveMembership.objects.filter(servant_id=OuterRef("pk"), admitted_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    )


def mandatory_q(day: date) -> Q:
    """Servants who must have a plan on `day`: posts of the mandatory corps, and (configurable) members of the
    corps A reserve."""
    q = Q(position__corps__in=conf("MANDATORY_CORPS"))
    if conf("RESERVE_MANDATORY"):
        q |= Q(in_reserve=True)
    return q


def servants_who_must_have_plans(year: int, servants: QuerySet | None = None) -> QuerySet[CivilServant]:
    start, _end = period_of(year)
    qs = CivilServant.objects.all() if servants is None else servants
    return qs.filter(is_active=True).annotate(in_reserve=in_reserve_on(start)).filter(mandatory_q(start))


def must_have_plan(servant: CivilServant, year: int) -> bool:
    return servants_who_must_have_plans(year, CivilServant.objects.filter(pk=servant.pk)).exists()
