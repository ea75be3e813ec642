"""The compliance rules for one servant, in plain Python: the reference the set-based engine
(compliance.engine) is tested against, and the engine itself on databases other than PostgreSQL.
No Django, no database: dates in, a status out (docs/compliance.md explains every choice)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

THREE_YEAR, RETRAINING, CORPS_A_COURSE = "three_year", "retraining", "corps_a_course"
RULES = (THREE_YEAR, RETRAINING, CORPS_A_COURSE)
COMPLIANT, DUE_SOON, OVERDUE, EXEMPT = "compliant", "due_soon", "overdue", "exempt"
STATUSES = (COMPLIANT, DUE_SOON, OVERDUE, EXEMPT)


@dataclass(frozen=True)
class ServantFacts:
    corps: str  # 'A' | 'B' | 'political'
    managerial: bool
    first_time_entrant: bool
    entered_service_on: date
    appointed_on: date


@dataclass(frozen=True)
class Completion:
    course_type: str
    hours: int
    completed_on: date
    counts: bool = True  # False: a servant's own upload HR has not verified (pending or rejected)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class Qualifying:
    """A course type that counts for a rule, with the hour range of that course type (courses.CourseType:
    the range is defined once, on the type); None = no bound."""
    course_type: str
    min_hours: int | None = None
    max_hours: int | None = None

    def admits(self, c: Completion) -> bool:
        return (c.counts and c.course_type == self.course_type
                and (self.min_hours is None or c.hours >= self.min_hours)
                and (self.max_hours is None or c.hours <= self.max_hours))


# The default hour ranges of the course types (courses migration 0002).
ADVANCED = Qualifying("advanced_training", 8, 80)
RETRAINING_COURSE = Qualifying("retraining", 120, None)
MANAGEMENT_COURSE = Qualifying("management_course", 16, 80)


@dataclass(frozen=True)
class RuleParams:
    rule: str
    valid_from: date = date(2000, 1, 1)
    valid_to: date | None = None  # inclusive
    period_years: int = 3
    window_months: int = 6
    newly_appointed_months: int = 12
    months_before_appointment: int = 0
    qualifying: tuple[Qualifying, ...] = (ADVANCED,)
    thresholds: tuple[int, ...] = (180, 90, 30)

    @property
    def due_soon_days(self) -> int:
        return max(self.thresholds, default=0)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def qualifying_types(self) -> tuple[str, ...]:
        return tuple(q.course_type for q in self.qualifying)

    def qualifies(self, c: Completion) -> bool:
        return any(q.admits(c) for q in self.qualifying)


DEFAULTS = {
    THREE_YEAR: RuleParams(THREE_YEAR),
    RETRAINING: RuleParams(RETRAINING, qualifying=(RETRAINING_COURSE,), window_months=6),
    CORPS_A_COURSE: RuleParams(CORPS_A_COURSE, qualifying=(MANAGEMENT_COURSE,), window_months=0,
                               months_before_appointment=12),
}


@dataclass(frozen=True)
class Result:
    rule: str
    status: str
    due_date: date


# --- calendar arithmetic ------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """Calendar months; a day missing in the target month becomes its last day (31 Aug + 6 = 28/29 Feb),
    exactly as PostgreSQL's date + interval does."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """29 February + 3 years = 28 February."""
    return add_months(day, 12 * years)


def paused_due(base_due: date, cycle_start: date, exemptions: Iterable[Period], as_of: date) -> date:
    """The clock stops on exempt days: walking the exemptions known by `as_of` (started on or before it) in
    order, each one that begins on or before the due date reached so far pushes it by its length (the part on
    or after the cycle start). Exemptions of one servant do not overlap (model validation)."""
    due = base_due
    for p in sorted(exemptions, key=lambda p: p.start):
        if p.start > as_of or p.end < cycle_start:
            continue
        start = max(p.start, cycle_start)
        if start > due:
            break
        due += timedelta(days=(p.end - start).days + 1)
    return due


def status_for(due: date, as_of: date, params: RuleParams, exemptions: Iterable[Period],
               done: bool = False) -> str:
    if any(p.start <= as_of <= p.end for p in exemptions):
        return EXEMPT
    if done:
        return COMPLIANT
    if as_of > due:
        return OVERDUE
    if (due - as_of).days <= params.due_soon_days:
        return DUE_SOON
    return COMPLIANT


# --- the rules ----------------------------------------------------------------------------------------------

def applies(params: RuleParams, facts: ServantFacts, as_of: date) -> bool:
    if params.rule == THREE_YEAR:
        return facts.corps in ("A", "B")
    if as_of < facts.appointed_on or as_of >= add_months(facts.appointed_on, params.newly_appointed_months):
        return False  # not (or no longer) a new appointment
    if params.rule == RETRAINING:
        return facts.corps == "B" and (facts.first_time_entrant or facts.managerial)
    if params.rule == CORPS_A_COURSE:
        return facts.corps == "A"
    raise ValueError(params.rule)


def evaluate(params: RuleParams, facts: ServantFacts, completions: Iterable[Completion],
             exemptions: Sequence[Period], as_of: date) -> Result | None:
    """Status of one rule for one servant as of a day, or None when the rule does not apply to them."""
    if not applies(params, facts, as_of):
        return None
    counted = [c for c in completions if c.completed_on <= as_of and params.qualifies(c)]
    if params.rule == THREE_YEAR:
        last = max((c.completed_on for c in counted), default=None)
        cycle_start = max(last, facts.entered_service_on) if last else facts.entered_service_on
        due = paused_due(add_years(cycle_start, params.period_years), cycle_start, exemptions, as_of)
        return Result(params.rule, status_for(due, as_of, params, exemptions), due)
    cycle_start = facts.appointed_on
    due = paused_due(add_months(cycle_start, params.window_months), cycle_start, exemptions, as_of)
    earliest = add_months(cycle_start, -params.months_before_appointment)
    done = any(c.completed_on >= earliest for c in counted)  # a late completion also ends the obligation
    return Result(params.rule, status_for(due, as_of, params, exemptions, done=done), due)


@dataclass
class ServantHistory:
    facts: ServantFacts
    completions: list[Completion] = field(default_factory=list)
    exemptions: list[Period] = field(default_factory=list)


def evaluate_all(versions: Iterable[RuleParams], history: ServantHistory, as_of: date,
                 rules: Iterable[str] = RULES) -> list[Result]:
    """Every applicable rule in force on `as_of`, in RULES order."""
    in_force = {v.rule: v for v in sorted(versions, key=lambda v: v.valid_from) if v.in_force(as_of)}
    results = []
    for rule in rules:
        params = in_force.get(rule)
        result = params and evaluate(params, history.facts, history.completions, history.exemptions, as_of)
        if result:
            results.append(result)
    return results
