"""The set-based compliance engine: statuses of every servant of a queryset for every rule in force on a day,
in one SQL statement on PostgreSQL (CTEs and window functions), summaries grouped in SQL, pages of a status
list with LIMIT. On other databases (the SQLite of a first look) it runs compliance.rules servant by servant
over chunks of rows. compliance.rules is the reference: tests/compliance/test_engine_agreement.py holds the
two to the same answers. docs/compliance.md describes the rules."""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Field, Q, QuerySet

from compliance import rules as R
from compliance.models import COUNTS, Exemption, RuleVersion, TrainingRecord
from people.models import CivilServant

CHUNK = 2000
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@dataclass(frozen=True)
class StatusRow:
    servant_id: int
    personnel_number: str
    rule: str
    status: str
    due_date: date


def version_params(v: RuleVersion, qualifying: Iterable[R.Qualifying]) -> R.RuleParams:
    return R.RuleParams(
        rule=v.rule.code, valid_from=v.valid_from, valid_to=v.valid_to, period_years=v.period_years,
        window_months=v.window_months, newly_appointed_months=v.newly_appointed_months,
        months_before_appointment=v.months_before_appointment,
        qualifying=tuple(sorted(qualifying, key=lambda q: q.course_type)), thresholds=tuple(v.thresholds),
    )


def params_in_force(as_of: date, rules: Iterable[str] | None = None) -> dict[str, R.RuleParams]:
    """rule code -> parameters of its version in force on `as_of`, with the hour ranges of its qualifying
    course types; rules without one are absent. One query: the version-to-course-type link rows joined to both
    (a version always names at least one type: compliance.services.rule_version_create)."""
    links = (RuleVersion.qualifying_course_types.through.objects
             .select_related("ruleversion__rule", "coursetype")
             .filter(ruleversion__valid_from__lte=as_of)
             .filter(Q(ruleversion__valid_to__isnull=True) | Q(ruleversion__valid_to__gte=as_of))
             .order_by("ruleversion__valid_from", "ruleversion_id"))
    if rules is not None:
        links = links.filter(ruleversion__rule__code__in=list(rules))
    versions, qualifying = {}, {}
    for link in links:
        v, t = link.ruleversion, link.coursetype
        versions[v.pk] = v
        qualifying.setdefault(v.pk, []).append(R.Qualifying(t.code, t.min_hours, t.max_hours))
    # dicts keep insertion order: the latest start wins should versions overlap
    found = {v.rule.code: version_params(v, qualifying[pk]) for pk, v in versions.items()}
    return {code: found[code] for code in R.RULES if code in found}


# --- SQL ----------------------------------------------------------------------------------------------------
# Values are rendered as literals only after their type is checked (dates, ints, course-type codes), so the
# one bound-parameter list is the servant queryset's.

def _d(day: date) -> str:
    if not isinstance(day, date):
        raise TypeError(day)
    return f"DATE '{day.isoformat()}'"


def _i(n: int | None) -> str:
    return "NULL" if n is None else str(int(n))


def _code(code: str) -> str:
    """A course-type code as a literal: codes are slugs (courses.CourseType.code is a SlugField)."""
    if not isinstance(code, str) or not _SLUG.fullmatch(code):
        raise ValueError(code)
    return f"'{code}'"


_TABLES = {"tr": TrainingRecord._meta.db_table, "ex": Exemption._meta.db_table,
           "cs": CivilServant._meta.db_table, "pos": "people_position"}


def _admits(q: R.Qualifying) -> str:
    bounds = "".join([f" AND t.hours >= {_i(q.min_hours)}" if q.min_hours is not None else "",
                      f" AND t.hours <= {_i(q.max_hours)}" if q.max_hours is not None else ""])
    return f"t.course_type = {_code(q.course_type)}{bounds}"


# compliance.models.COUNTS in SQL: unverified servant uploads do not count.
COUNTS_SQL = "(NOT (t.source = 'external_upload') OR t.verified_at IS NOT NULL)"


def _qualifying(p: R.RuleParams, as_of: date) -> str:
    """For one type this is `course_type = '...' AND hours >= lo AND hours <= hi AND <counts>`, the very
    predicate of the partial index training_advanced_last for the default three-year rule."""
    if not p.qualifying:
        return "FALSE"
    admits = " OR ".join(_admits(q) for q in p.qualifying)
    if len(p.qualifying) > 1:
        admits = f"({admits})"
    return f"{admits} AND {COUNTS_SQL} AND t.completed_on <= {_d(as_of)}"


def _three_year_cycles(p: R.RuleParams, as_of: date, everyone: bool, src: str = "s") -> str:
    """The cycle runs from the later of the last qualifying completion and the entry into service. For all
    servants one grouped scan of the records (index-only, training_advanced_last for the default
    parameters) beats an index probe per servant; for a subset a probe per servant reads only its rows."""
    if everyone:
        last = f"""LEFT JOIN (SELECT t.servant_id, MAX(t.completed_on) AS last
                 FROM {_TABLES['tr']} t WHERE {_qualifying(p, as_of)}
                 GROUP BY t.servant_id) l ON l.servant_id = s.id"""  # noqa: S608
    else:
        last = f"""LEFT JOIN LATERAL (SELECT MAX(t.completed_on) AS last
                 FROM {_TABLES['tr']} t WHERE t.servant_id = s.id AND {_qualifying(p, as_of)}) l ON TRUE"""  # noqa: S608
    return f"""
      SELECT s.id, s.personnel_number, '{R.THREE_YEAR}'::text AS rule, {_i(p.due_soon_days)} AS soon,
             c.cycle_start, (c.cycle_start + make_interval(years => {_i(p.period_years)}))::date AS base_due,
             FALSE AS done
      FROM {src} s
      {last}
      CROSS JOIN LATERAL (SELECT GREATEST(l.last, s.entered_service_on) AS cycle_start) c
      WHERE s.corps IN ('A', 'B')"""  # noqa: S608 -- type-checked literals only


def _appointment_cycles(p: R.RuleParams, as_of: date, everyone: bool, src: str = "s") -> str:
    """Retraining and the corps A course: a window after a new appointment."""
    who = ("s.corps = 'B' AND (s.first_time_entrant OR s.managerial)" if p.rule == R.RETRAINING
           else "s.corps = 'A'")
    return f"""
      SELECT s.id, s.personnel_number, '{p.rule}'::text AS rule, {_i(p.due_soon_days)} AS soon,
             s.appointed_on AS cycle_start,
             (s.appointed_on + make_interval(months => {_i(p.window_months)}))::date AS base_due,
             EXISTS (SELECT 1 FROM {_TABLES['tr']} t WHERE t.servant_id = s.id AND {_qualifying(p, as_of)}
                     AND t.completed_on >= (s.appointed_on - make_interval(
                         months => {_i(p.months_before_appointment)}))::date) AS done
      FROM {src} s
      WHERE {who} AND s.appointed_on <= {_d(as_of)}
        AND {_d(as_of)} < (s.appointed_on + make_interval(months => {_i(p.newly_appointed_months)}))::date"""  # noqa: S608


# The days by which exemptions move the due date base_due of each cycle from cycle_start (of the servants with
# exemptions only, `xcyc`): exemptions known by as_of reaching into the cycle, clipped to its start; `before` is
# the days already paused before each; one pauses the clock if it starts on or before the due date reached so
# far, and the ones that do are a prefix in start order (BOOL_AND over the running window). One row per cycle
# of a servant in `x` (`now`: exempt on as_of). Set-based, not a subquery per row: the main query stays a plain
# join with one small hashed relation.
_SHIFT = """SELECT id, rule, BOOL_OR(now) AS now, COALESCE(SUM(len) FILTER (WHERE used), 0)::int AS days FROM (
        SELECT id, rule, now, len, BOOL_AND(st <= base_due + before) OVER (PARTITION BY id, rule ORDER BY st
                                                                           ROWS UNBOUNDED PRECEDING) AS used
        FROM (SELECT id, rule, now, base_due, st, en - st + 1 AS len,
                     COALESCE(SUM(en - st + 1) OVER (PARTITION BY id, rule ORDER BY st ROWS BETWEEN UNBOUNDED
                                                     PRECEDING AND 1 PRECEDING), 0)::int AS before
              FROM (SELECT c.id, c.rule, x.now, c.base_due, GREATEST(e.start_on, c.cycle_start) AS st, e.end_on AS en
                    FROM xcyc c JOIN x ON x.servant_id = c.id
                    LEFT JOIN {ex} e ON e.servant_id = c.id AND e.start_on <= {a} AND e.end_on >= c.cycle_start
                   ) clipped
             ) running
      ) flagged GROUP BY id, rule"""


_S_COLUMNS = "id, personnel_number, entered_service_on, appointed_on, first_time_entrant, corps, managerial"


def _servants_sql(servants: QuerySet, everyone: bool) -> tuple[str, list]:
    """The active servants of the queryset with the facts the rules need, in one scan where possible: the
    queryset's own SQL with the columns when its joins are all single-valued (no duplicate rows), else an
    `id IN (queryset)` semi-join (a second scan of the servants)."""
    base = f"""SELECT cs.id, cs.personnel_number, cs.entered_service_on, cs.appointed_on, cs.first_time_entrant,
               p.corps, p.managerial FROM {_TABLES['cs']} cs JOIN {_TABLES['pos']} p ON p.id = cs.position_id
               WHERE cs.is_active"""  # noqa: S608 -- table names only
    if everyone:
        return base, []
    if _single_valued(servants):
        return servants.filter(is_active=True).order_by().values_list(
            "pk", "personnel_number", "entered_service_on", "appointed_on", "first_time_entrant", "position__corps",
            "position__managerial").query.sql_with_params()
    ids_sql, ids_params = servants.order_by().values("pk").query.sql_with_params()
    return f"{base} AND cs.id IN ({ids_sql})", list(ids_params)


def _single_valued(servants: QuerySet) -> bool:
    """A plain filter of servants whose joins all follow forward foreign keys: one row per servant."""
    q = servants.query
    if servants.model is not CivilServant or q.distinct or q.combinator or q.is_sliced or q.group_by is not None \
            or q.annotations or q.extra or q.extra_tables:
        return False
    joins = list(q.alias_map.values())[1:]
    return all(isinstance(getattr(j, "join_field", None), Field) and (j.join_field.many_to_one or j.join_field.one_to_one)
               for j in joins)


# Statuses that need a condition on the cycle before the exemption shift (which only moves the due date later):
# a cheap filter of the candidates when a query wants one status.
_CANDIDATES = {R.OVERDUE: "NOT c.done AND sh.now IS NOT TRUE AND c.base_due < {a}",
               R.DUE_SOON: "NOT c.done AND sh.now IS NOT TRUE AND c.base_due - {a} <= c.soon",
               R.EXEMPT: "sh.now", R.COMPLIANT: "TRUE"}


def _cycles(code: str, p: R.RuleParams, as_of: date, everyone: bool, src: str) -> str:
    return (_three_year_cycles if code == R.THREE_YEAR else _appointment_cycles)(p, as_of, everyone, src)


def statuses_sql(servants: QuerySet, as_of: date, params: dict[str, R.RuleParams],
                 only: str | None = None) -> tuple[str, list]:
    """(sql, params) of a query with columns servant_id, personnel_number, rule, status, due_date; with `only`
    just the rows of that status."""
    if only is not None and only not in R.STATUSES:
        raise ValueError(only)
    everyone = _unfiltered(servants)
    cycles = [_cycles(code, p, as_of, everyone, "s") for code, p in params.items()]
    if not cycles:
        # No rule in force: no rows, but the same named columns, so that callers can order and join by them.
        return ("SELECT NULL::int AS servant_id, NULL::text AS personnel_number, NULL::text AS rule, "
                "NULL::text AS status, NULL::date AS due_date WHERE FALSE"), []
    x_cycles = [_cycles(code, p, as_of, False, "xs") for code, p in params.items()]
    a = _d(as_of)
    s_sql, s_params = _servants_sql(servants, everyone)
    candidates = _CANDIDATES[only].format(a=a) if only else "TRUE"
    sql = f"""
    WITH s ({_S_COLUMNS}) AS {"NOT " if everyone else ""}MATERIALIZED (  -- a subset once; all servants inlined
      {s_sql}
    ), cyc AS NOT MATERIALIZED ({" UNION ALL ".join(cycles)}
    ), x AS NOT MATERIALIZED (  -- servants with exemptions known by as_of (few); `now` = exempt on as_of
      SELECT servant_id, BOOL_OR(end_on >= {a}) AS now FROM {_TABLES['ex']} WHERE start_on <= {a} GROUP BY servant_id
    ), xs AS (SELECT * FROM s WHERE id IN (SELECT servant_id FROM x)
    ), xcyc AS ({" UNION ALL ".join(x_cycles)}  -- their cycles again, by index probes
    ), shift AS ({_SHIFT.format(ex=_TABLES['ex'], a=a)}
    ), dated AS (
      SELECT c.id, c.personnel_number, c.rule, c.soon, c.done, c.base_due + COALESCE(sh.days, 0) AS due_date,
             COALESCE(sh.now, FALSE) AS exempt
      FROM cyc c LEFT JOIN shift sh ON sh.id = c.id AND sh.rule = c.rule
      WHERE {candidates}
    )
    SELECT * FROM (
      SELECT id AS servant_id, personnel_number, rule,
             CASE WHEN exempt THEN '{R.EXEMPT}' WHEN done THEN '{R.COMPLIANT}'
                  WHEN {a} > due_date THEN '{R.OVERDUE}'
                  WHEN due_date - {a} <= soon THEN '{R.DUE_SOON}' ELSE '{R.COMPLIANT}' END AS status,
             due_date
      FROM dated) st {f"WHERE status = '{only}'" if only else ""}"""  # noqa: S608 -- literals type-checked; user input only in s_params
    return sql, list(s_params)


def _unfiltered(servants: QuerySet) -> bool:
    """The queryset is every servant (the republic-wide case): no id filter needed."""
    q = servants.query
    return servants.model is CivilServant and not q.where and not q.distinct and q.low_mark == 0 \
        and q.high_mark is None


# With all three rules the planner's cost estimate can cross jit_above_cost; JIT compilation then costs more
# (~0.5 s) than the query itself: switched off for the transaction around the query.
_NO_JIT = "SET LOCAL jit = off"


def _rule_order_sql() -> str:
    return "array_position(ARRAY[" + ", ".join(f"'{r}'" for r in R.RULES) + "]::text[], rule)"


# --- public reads ---------------------------------------------------------------------------------------------

def iter_statuses(servants: QuerySet, as_of: date, rules: Iterable[str] | None = None,
                  chunk_size: int = CHUNK) -> Iterator[StatusRow]:
    """Every applicable (servant, rule) status, ordered by personnel number then rule, streamed in chunks."""
    params = params_in_force(as_of, rules)
    if connection.vendor != "postgresql":
        yield from _python_statuses(servants, as_of, params, chunk_size)
        return
    sql, args = statuses_sql(servants, as_of, params)
    sql = f"SELECT * FROM ({sql}) x ORDER BY personnel_number, {_rule_order_sql()}"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, args)
        while rows := cursor.fetchmany(chunk_size):
            yield from (StatusRow(*row) for row in rows)


def status_summary(servants: QuerySet, as_of: date, rules: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
    """rule -> status -> count (zeros included); one GROUP BY on PostgreSQL."""
    params = params_in_force(as_of, rules)
    summary = {rule: dict.fromkeys(R.STATUSES, 0) for rule in params}
    if connection.vendor != "postgresql":
        for (rule, status), n in Counter((r.rule, r.status) for r in
                                         _python_statuses(servants, as_of, params, CHUNK)).items():
            summary[rule][status] = n
        return summary
    sql, args = statuses_sql(servants, as_of, params)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_NO_JIT)
        cursor.execute(f"SELECT rule, status, COUNT(*) FROM ({sql}) x GROUP BY rule, status", args)  # noqa: S608
        for rule, status, n in cursor.fetchall():
            summary[rule][status] = n
    return summary


def status_page(servants: QuerySet, as_of: date, *, rule: str, status: str, limit: int = 50,
                offset: int = 0) -> list[StatusRow]:
    """One page of the servants with `status` under `rule`, most urgent (earliest due date) first."""
    if status not in R.STATUSES:
        raise ValueError(status)
    params = params_in_force(as_of, [rule])
    if connection.vendor != "postgresql":
        rows = sorted((r for r in _python_statuses(servants, as_of, params, CHUNK) if r.status == status),
                      key=lambda r: (r.due_date, r.personnel_number))
        return rows[offset:offset + limit]
    sql, args = statuses_sql(servants, as_of, params, only=status)
    sql = (f"SELECT * FROM ({sql}) x "  # noqa: S608
           f"ORDER BY due_date, personnel_number LIMIT {int(limit)} OFFSET {int(offset)}")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_NO_JIT)
        cursor.execute(sql, args)
        return [StatusRow(*row) for row in cursor.fetchall()]


# --- the same in Python, chunk by chunk -----------------------------------------------------------------------

def _python_statuses(servants: QuerySet, as_of: date, params: dict[str, R.RuleParams],
                     chunk_size: int) -> Iterator[StatusRow]:
    qs = (servants.filter(is_active=True).order_by("personnel_number")
          .values_list("pk", "personnel_number", "position__corps", "position__managerial",
                       "first_time_entrant", "entered_service_on", "appointed_on"))
    chunk = []
    for row in qs.iterator(chunk_size=chunk_size):
        chunk.append(row)
        if len(chunk) >= chunk_size:
            yield from _python_chunk(chunk, as_of, params)
            chunk = []
    if chunk:
        yield from _python_chunk(chunk, as_of, params)


def _python_chunk(rows: list, as_of: date, params: dict[str, R.RuleParams]) -> Iterator[StatusRow]:
    ids = [r[0] for r in rows]
    histories = {pk: R.ServantHistory(R.ServantFacts(corps, managerial, entrant, entered, appointed))
                 for pk, _n, corps, managerial, entrant, entered, appointed in rows}
    for sid, kind, hours, day, counts in (
            TrainingRecord.objects.filter(servant_id__in=ids, completed_on__lte=as_of)
            .annotate(counts=ExpressionWrapper(COUNTS, output_field=BooleanField()))
            .values_list("servant_id", "course_type", "hours", "completed_on", "counts")):
        histories[sid].completions.append(R.Completion(kind, hours, day, counts))
    for sid, start, end in Exemption.objects.filter(servant_id__in=ids).values_list("servant_id", "start_on",
                                                                                     "end_on"):
        histories[sid].exemptions.append(R.Period(start, end))
    for pk, number, *_facts in rows:
        for result in R.evaluate_all(params.values(), histories[pk], as_of, params.keys()):
            yield StatusRow(pk, number, result.rule, result.status, result.due_date)
