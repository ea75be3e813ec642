"""Reads of the compliance dashboard (HR), the national overview (analysts) and the servant's own status.

Everything starts from a scoped queryset (people.selectors) and wraps the engine's one statement
(compliance.engine.statuses_sql) in a single SQL query per use: the breakdowns by status, unit and
corps/category are one GROUP BY GROUPING SETS; a page of the list joins names, bodies, units and the last
qualifying training (a LATERAL index probe per row of the page) and is LIMITed in SQL, so the query count does
not depend on the page size. On SQLite (the first look) the same answers come from iter_statuses in Python."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from compliance import engine as compliance
from compliance import rules as R
from compliance.cache import data_version
from compliance.models import TrainingRecord, shown_title
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, Region, Role, StateBody, StructuralUnit
from people.permissions import actor_for
from people.selectors import SEGMENT_LEN, bodies_visible_to, servants_visible_to, units_visible_to

SORTS = ("due_date", "-due_date", "name", "-name")
TREND_MONTHS = 12
TREND_TTL = 3600
_NO_JIT = "SET LOCAL jit = off"  # see compliance.engine: JIT costs more than these queries


def today() -> date:
    return timezone.localdate()  # Asia/Almaty (settings.TIME_ZONE)


def can_use_dashboard(user) -> bool:
    actor = actor_for(user)
    return bool(actor.is_admin or actor.hr_body_paths or actor.managed_unit_ids)


def _managed_q(actor) -> Q:
    """A line manager's scope: the servants of their units and of the units directly under them."""
    ids = actor.managed_unit_ids
    return Q(unit__in=ids) | Q(unit__parent__in=ids) if ids else Q(pk__in=[])


def require_dashboard(user) -> None:
    if not can_use_dashboard(user):
        raise NotAllowed(_("The compliance dashboard is for HR officers, line managers and administrators."))


def require_national(user) -> None:
    if not actor_for(user).sees_national_figures:
        raise NotAllowed(_("National figures are available to analysts and administrators only."))


@dataclass(frozen=True)
class Filters:
    """What the dashboard shows: one rule, as of one day, optionally narrowed. body/unit are already checked
    against the actor's scope (resolve_filters)."""

    rule: str = R.THREE_YEAR
    as_of: date = field(default_factory=today)
    status: str = ""
    body: StateBody | None = None
    unit: StructuralUnit | None = None
    corps: str = ""
    category: str = ""
    sort: str = "due_date"

    def cache_part(self) -> str:
        return "|".join([self.rule, self.as_of.isoformat(), self.body.path if self.body else "",
                         str(self.unit.pk if self.unit else ""), self.corps, self.category])


def resolve_filters(user, *, rule: str = "", as_of: date | None = None, status: str = "", body: str = "",
                    unit: int | str | None = None, corps: str = "", category: str = "",
                    sort: str = "") -> Filters:
    """Checks the values and the scope: a body or unit the actor may not see is a 404 (it 'does not exist')."""
    if rule and rule not in R.RULES:
        raise ApplicationError("invalid_rule", _("Unknown compliance rule."))
    if status and status not in R.STATUSES:
        raise ApplicationError("invalid_status", _("Unknown compliance status."))
    if sort and sort not in SORTS:
        raise ApplicationError("invalid_sort", _("Unknown sort order."))
    body_obj = None
    if body:
        body_obj = bodies_visible_to(user).filter(code=body).first()
        if body_obj is None or not _in_hr_scope(user, body_obj):
            raise Http404("body outside scope")
    unit_obj = None
    if unit not in (None, ""):
        try:
            unit_obj = units_visible_to(user).filter(pk=int(unit)).first()
        except (TypeError, ValueError):
            raise ApplicationError("invalid_unit", _("Unknown structural unit."))
        if unit_obj is None or not _in_hr_scope(user, unit_obj.body):
            raise Http404("unit outside scope")
    return Filters(rule=rule or R.THREE_YEAR, as_of=as_of or today(), status=status, body=body_obj,
                   unit=unit_obj, corps=corps, category=category.strip().upper(), sort=sort or "due_date")


def _in_hr_scope(user, body: StateBody) -> bool:
    """bodies_visible_to also lists a servant's own body; the dashboard needs HR scope over it (or a managed
    unit in it: the servants stay limited to the manager's units by scoped_servants)."""
    actor = actor_for(user)
    return (actor.is_admin or body.path.startswith(tuple(actor.hr_body_paths))
            or body.pk in _managed_body_ids(actor))


def _managed_body_ids(actor) -> set[int]:
    return {a.unit.body_id for a in actor.assignments if a.role == Role.LINE_MANAGER and a.unit_id}


def dashboard_bodies(user) -> QuerySet[StateBody]:
    """The body select of the dashboard: the HR officer's subtrees (everything for administrators)."""
    actor = actor_for(user)
    qs = bodies_visible_to(user).order_by("path")
    if actor.is_admin:
        return qs
    paths, managed = tuple(actor.hr_body_paths), _managed_body_ids(actor)
    return qs.filter(pk__in=[b.pk for b in qs if (paths and b.path.startswith(paths)) or b.pk in managed])


def dashboard_units(user, body: StateBody | None) -> QuerySet[StructuralUnit]:
    actor = actor_for(user)
    qs = units_visible_to(user).filter(body__in=dashboard_bodies(user).values("pk"))
    if not actor.is_admin and not actor.hr_body_paths:  # a line manager only: their units
        ids = actor.managed_unit_ids
        qs = qs.filter(Q(pk__in=ids) | Q(parent__in=ids))
    if body is not None:
        qs = qs.filter(body__path__startswith=body.path)
    return qs.order_by("body__path", "code")


def scoped_servants(user, f: Filters) -> QuerySet[CivilServant]:
    """The actor's HR scope narrowed by the filters (the status filter is applied on the engine's rows)."""
    actor = actor_for(user)
    qs = servants_visible_to(user)
    if not actor.is_admin:  # HR subtrees and managed units: not the officer's own record
        qs = qs.filter(reduce(or_, (Q(body__path__startswith=p) for p in actor.hr_body_paths), _managed_q(actor)))
    if f.body is not None:
        qs = qs.filter(body__path__startswith=f.body.path)
    if f.unit is not None:
        qs = qs.filter(unit=f.unit)
    if f.corps:
        qs = qs.filter(position__corps=f.corps)
    if f.category:
        qs = qs.filter(position__category_code=f.category)
    return qs


def _scope_key(user) -> str:
    """What the dashboard's figures depend on in the actor: the HR subtrees and managed units (or all)."""
    actor = actor_for(user)
    return "admin" if actor.is_admin else ",".join(
        sorted(actor.hr_body_paths) + [f"u{pk}" for pk in sorted(actor.managed_unit_ids)])


def page_cache_key(user, query: list[tuple[str, list[str]]], *parts) -> str:
    """A cache key for a page of dashboard figures: the actor's scope, the query string as given, the reader's
    language and time zone, today (the default as-of day), the data version (compliance.cache) and the caller's
    `parts` (what else the page shows differently: e.g. the Nominate column). Never the user: two officers of the
    same scope share the entry, whose content depends on the scope only."""
    raw = repr((_scope_key(user), sorted(query), get_language(), timezone.get_current_timezone_name(),
                today().isoformat(), data_version(), parts))
    return "compliance-page:" + hashlib.sha256(raw.encode()).hexdigest()


# --- counts and rates ---------------------------------------------------------------------------------------

def rates(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {s: round(100.0 * counts.get(s, 0) / total, 1) if total else 0.0 for s in R.STATUSES}


def _blank() -> dict[str, int]:
    return dict.fromkeys(R.STATUSES, 0)


@dataclass
class Breakdown:
    counts: dict[str, int]
    by_unit: list[dict]
    by_corps_category: list[dict]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rates(self) -> dict[str, float]:
        return rates(self.counts)


def _engine_sql(servants: QuerySet, f: Filters) -> tuple[R.RuleParams | None, str, list]:
    params = compliance.params_in_force(f.as_of, [f.rule])
    sql, args = compliance.statuses_sql(servants, f.as_of, params)
    return params.get(f.rule), sql, args


def breakdown(user, f: Filters) -> Breakdown:
    """Counts by status, by unit and by corps and category: one GROUP BY GROUPING SETS on PostgreSQL."""
    servants = scoped_servants(user, f)
    if connection.vendor == "postgresql":
        _p, sql, args = _engine_sql(servants, f)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_NO_JIT)
            cursor.execute(f"""
                SELECT GROUPING(cs.unit_id), GROUPING(p.corps), cs.unit_id, p.corps, p.category_code, x.status,
                       COUNT(*)
                FROM ({sql}) x JOIN {CivilServant._meta.db_table} cs ON cs.id = x.servant_id
                     JOIN people_position p ON p.id = cs.position_id
                GROUP BY GROUPING SETS ((x.status), (cs.unit_id, x.status), (p.corps, p.category_code, x.status))
            """, args)  # noqa: S608 -- the engine's SQL; user input only in args
            rows = cursor.fetchall()
    else:
        rows = _python_grouped(servants, f)
    counts, units, groups = _blank(), {}, {}
    for g_unit, g_corps, unit_id, corps, category, status, n in rows:
        if g_unit and g_corps:
            counts[status] += n
        elif not g_unit:
            units.setdefault(unit_id, _blank())[status] += n
        else:
            groups.setdefault((corps, category), _blank())[status] += n
    return Breakdown(counts, _unit_rows(units), [
        _with_rates({"corps": corps, "category": category}, c) for (corps, category), c in sorted(groups.items())])


def small_cell_threshold() -> int:
    return getattr(settings, "SMALL_CELL_THRESHOLD", 5)


def suppress_small(row: dict) -> dict:
    """A group of fewer than SMALL_CELL_THRESHOLD people shows its head count only: with two people a rate is
    an individual's status. The counts and rates become None and `suppressed` True (docs/security.md)."""
    if 0 < row["total"] < small_cell_threshold():
        return {**row, "counts": dict.fromkeys(R.STATUSES), "rates": dict.fromkeys(R.STATUSES),
                "suppressed": True}
    return {**row, "suppressed": False}


def _with_rates(row: dict, counts: dict[str, int]) -> dict:
    return {**row, "counts": counts, "total": sum(counts.values()), "rates": rates(counts)}


def _unit_rows(units: dict) -> list[dict]:
    named = StructuralUnit.objects.select_related("body").in_bulk([u for u in units if u is not None])
    rows = [_with_rates({"unit": named.get(uid)}, c) for uid, c in units.items()]
    return sorted(rows, key=lambda r: (r["unit"] is None, r["unit"].body.path if r["unit"] else "",
                                       r["unit"].name if r["unit"] else ""))


def _python_grouped(servants: QuerySet, f: Filters) -> list[tuple]:
    """SQLite: the same grouping sets, computed from the Python engine."""
    facts = {pk: (u, c, k) for pk, u, c, k in servants.values_list(
        "pk", "unit_id", "position__corps", "position__category_code")}
    tally: dict[tuple, int] = {}
    for row in compliance.iter_statuses(servants, f.as_of, [f.rule]):
        unit_id, corps, category = facts[row.servant_id]
        for key in ((1, 1, None, None, None, row.status), (0, 1, unit_id, None, None, row.status),
                    (1, 0, None, corps, category, row.status)):
            tally[key] = tally.get(key, 0) + 1
    return [(*k, n) for k, n in tally.items()]


# --- the servant list ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListRow:
    servant_id: int
    personnel_number: str
    name: str
    body: str
    unit: str
    corps: str
    category: str
    status: str
    due_date: date
    last_title: str
    last_completed_on: date | None
    # The language `last_title` is written in when it is not the reader's (the page marks it), else "".
    last_title_lang: str = ""


def _lang() -> str:
    lang = (get_language() or "ru")[:2]
    return lang if lang in ("kk", "ru", "en") else "ru"


def _pick(values: dict[str, str], lang: str) -> str:
    for candidate in (lang, "ru", "kk", "en"):
        if values.get(candidate):
            return values[candidate]
    return ""


_LIST_COLUMNS = ("x.servant_id, cs.personnel_number, x.status, x.due_date, p.corps, p.category_code, "
                 "lt.title, lt.completed_on, "
                 + ", ".join(f"cs.{part}_name_{lg}" for part in ("last", "first", "middle") for lg in ("kk", "ru", "en"))
                 + ", " + ", ".join(f"b.name_{lg}" for lg in ("kk", "ru", "en"))
                 + ", " + ", ".join(f"u.name_{lg}" for lg in ("kk", "ru", "en"))
                 + ", lt.title_language, lt.title_kk, lt.title_ru, lt.title_en")


def _row(raw: tuple, lang: str) -> ListRow:
    sid, number, status, due, corps, category, title, done = raw[:8]

    def pick(i: int) -> str:  # columns i, i+1, i+2 are the kk, ru, en variants
        return _pick({"kk": raw[i], "ru": raw[i + 1], "en": raw[i + 2]}, lang)
    person = " ".join(p for p in (pick(8), pick(11), pick(14)) if p)
    title, title_lang = _last_title(title, raw[23], {"kk": raw[24], "ru": raw[25], "en": raw[26]}, lang)
    return ListRow(sid, number, person, pick(17), pick(20), corps, category, status, due, title, done, title_lang)


def _last_title(title, title_language, translations: dict, lang: str) -> tuple[str, str]:
    """The last training's title in the reader's language when the record has it, else with the language it
    is shown in (for the fallback marker; '' when it is the reader's or unknown)."""
    if not title:
        return "", ""
    shown, shown_lang = shown_title(title, title_language or "", translations, lang)
    return shown, "" if shown_lang == lang else shown_lang


def _order_sql(sort: str, lang: str) -> str:
    desc = " DESC" if sort.startswith("-") else ""
    if sort.lstrip("-") == "name":
        name = f"COALESCE(NULLIF(cs.last_name_{lang}, ''), cs.last_name_ru){desc}, " \
               f"COALESCE(NULLIF(cs.first_name_{lang}, ''), cs.first_name_ru){desc}"
        return f"{name}, cs.personnel_number{desc}"
    return f"x.due_date{desc}, cs.personnel_number{desc}"


def _list_sql(servants: QuerySet, f: Filters, lang: str) -> tuple[str, list]:
    p, sql, args = _engine_sql(servants, f)
    qualifying = compliance._qualifying(p, f.as_of) if p else "FALSE"  # the engine's own definition
    where = f"WHERE x.status = '{f.status}'" if f.status else ""  # checked against R.STATUSES
    return f"""
        SELECT {_LIST_COLUMNS}
        FROM ({sql}) x JOIN {CivilServant._meta.db_table} cs ON cs.id = x.servant_id
             JOIN people_position p ON p.id = cs.position_id
             JOIN people_statebody b ON b.id = cs.body_id
             LEFT JOIN people_structuralunit u ON u.id = cs.unit_id
             LEFT JOIN LATERAL (SELECT t.title, t.completed_on, t.title_language, t.title_kk, t.title_ru,
                                       t.title_en FROM {TrainingRecord._meta.db_table} t
                                WHERE t.servant_id = x.servant_id AND {qualifying}
                                ORDER BY t.completed_on DESC, t.id DESC LIMIT 1) lt ON TRUE
        {where}
        ORDER BY {_order_sql(f.sort, lang)}""", args  # noqa: S608 -- checked literals; user input only in args


def servant_page(user, f: Filters, *, limit: int, offset: int = 0) -> list[ListRow]:
    """One page of the list; a constant number of queries whatever `limit` is."""
    servants = scoped_servants(user, f)
    lang = _lang()
    if connection.vendor != "postgresql":
        return _python_rows(servants, f, lang)[offset:offset + limit]
    sql, args = _list_sql(servants, f, lang)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_NO_JIT)
        cursor.execute(f"{sql} LIMIT {int(limit)} OFFSET {int(offset)}", args)
        return [_row(r, lang) for r in cursor.fetchall()]


def iter_servant_rows(user, f: Filters, chunk_size: int = 2000) -> Iterator[ListRow]:
    """Every row of the list (all pages, same filters and order), streamed: the exports."""
    servants = scoped_servants(user, f)
    lang = _lang()
    if connection.vendor != "postgresql":
        yield from _python_rows(servants, f, lang)
        return
    sql, args = _list_sql(servants, f, lang)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, args)
        while rows := cursor.fetchmany(chunk_size):
            yield from (_row(r, lang) for r in rows)


def _python_rows(servants: QuerySet, f: Filters, lang: str) -> list[ListRow]:
    statuses = [r for r in compliance.iter_statuses(servants, f.as_of, [f.rule]) if not f.status
                or r.status == f.status]
    people = servants.model.objects.select_related("position", "body", "unit").in_bulk(
        [r.servant_id for r in statuses])
    p = compliance.params_in_force(f.as_of, [f.rule]).get(f.rule)
    last = {}
    if p:
        qs = TrainingRecord.objects.filter(servant_id__in=people, completed_on__lte=f.as_of,
                                           course_type__in=p.qualifying_types)
        for rec in qs.order_by("completed_on", "id"):
            if not p.qualifies(R.Completion(rec.course_type_id, rec.hours, rec.completed_on, rec.counts)):
                continue
            last[rec.servant_id] = rec
    rows = []
    for r in statuses:
        s, rec = people[r.servant_id], last.get(r.servant_id)
        title, title_lang = _last_title(rec.title, rec.title_language, {
            lg: getattr(rec, f"title_{lg}") for lg in ("kk", "ru", "en")}, lang) if rec else ("", "")
        rows.append(ListRow(s.pk, s.personnel_number, s.full_name, s.body.name, s.unit.name if s.unit else "",
                            s.position.corps, s.position.category_code, r.status, r.due_date,
                            title, rec.completed_on if rec else None, title_lang))
    if f.sort.lstrip("-") == "name":
        rows.sort(key=lambda r: (r.name, r.personnel_number), reverse=f.sort.startswith("-"))
    else:
        rows.sort(key=lambda r: (r.due_date, r.personnel_number), reverse=f.sort.startswith("-"))
    return rows


def list_total(b: Breakdown, f: Filters) -> int:
    """The number of rows of the list: the breakdown already counted them (same servants, same rule)."""
    return b.counts[f.status] if f.status else b.total


# --- monthly trend --------------------------------------------------------------------------------------------

def month_ends(as_of: date, months: int = TREND_MONTHS) -> list[date]:
    """The last day of each of the `months - 1` previous months, then `as_of` itself (the month so far)."""
    days, first = [as_of], as_of.replace(day=1)
    for _i in range(months - 1):
        end = first - timedelta(days=1)
        days.append(end)
        first = end.replace(day=1)
    return days[::-1]


def trend(user, f: Filters) -> list[dict]:
    """[{day, counts, rates, total}] for the last 12 month ends, the engine as of each; cached for an hour
    per scope, filters, day and data version (a write to the engine's inputs makes a new entry)."""
    key = "compliance-trend:" + hashlib.sha256(
        f"{_scope_key(user)}#{f.cache_part()}#{data_version()}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    servants = scoped_servants(user, f)
    points = []
    for day in month_ends(f.as_of):
        counts = compliance.status_summary(servants, day, [f.rule]).get(f.rule, _blank())
        points.append({"day": day, "counts": counts, "total": sum(counts.values()), "rates": rates(counts)})
    cache.set(key, points, TREND_TTL)
    return points


# --- national overview (no personal data) ----------------------------------------------------------------------

def national_overview(user, *, rule: str = R.THREE_YEAR, as_of: date | None = None,
                      body: StateBody | None = None) -> dict:
    """Counts and rates by region and by state body (top-level bodies, or the children of `body`): aggregates
    only, never a name, personnel number or IIN."""
    require_national(user)
    as_of = as_of or today()
    servants = CivilServant.objects.all()
    depth = 0 if body is None else body.depth + 1
    if body is not None:
        servants = servants.filter(body__path__startswith=body.path)
    prefix = SEGMENT_LEN * (depth + 1)
    f = Filters(rule=rule, as_of=as_of)
    if connection.vendor == "postgresql":
        _p, sql, args = _engine_sql(servants, f)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_NO_JIT)
            cursor.execute(f"""
                SELECT GROUPING(b.region_id), b.region_id, SUBSTR(b.path, 1, {int(prefix)}) AS branch, x.status,
                       COUNT(*)
                FROM ({sql}) x JOIN {CivilServant._meta.db_table} cs ON cs.id = x.servant_id
                     JOIN people_statebody b ON b.id = cs.body_id
                GROUP BY GROUPING SETS ((b.region_id, x.status), (SUBSTR(b.path, 1, {int(prefix)}), x.status))
            """, args)  # noqa: S608
            rows = cursor.fetchall()
    else:
        rows = _python_national(servants, f, prefix)
    regions, branches, counts = {}, {}, _blank()
    for g_region, region_id, branch, status, n in rows:
        if not g_region:
            regions.setdefault(region_id, _blank())[status] += n
            counts[status] += n
        else:
            branches.setdefault(branch, _blank())[status] += n
    named_regions = Region.objects.in_bulk([r for r in regions if r is not None])
    named_bodies = {b.path: b for b in StateBody.objects.filter(path__in=list(branches))}
    region_rows = sorted((_with_rates({"region": named_regions.get(rid)}, c) for rid, c in regions.items()),
                         key=lambda r: (r["region"] is None, r["region"].name if r["region"] else ""))
    body_rows = sorted((_with_rates({"body": named_bodies.get(path)}, c) for path, c in branches.items()),
                       key=lambda r: r["body"].path if r["body"] else "")
    overview = suppress_small({"rule": rule, "as_of": as_of, "body": body, "counts": counts,
                               "total": sum(counts.values()), "rates": rates(counts)})
    return {**overview, "by_region": [suppress_small(r) for r in region_rows],
            "by_body": [suppress_small(r) for r in body_rows]}


def _python_national(servants: QuerySet, f: Filters, prefix: int) -> list[tuple]:
    where = dict((pk, (region, path[:prefix])) for pk, region, path in
                 servants.values_list("pk", "body__region_id", "body__path"))
    tally: dict[tuple, int] = {}
    for row in compliance.iter_statuses(servants, f.as_of, [f.rule]):
        region, branch = where[row.servant_id]
        for key in ((0, region, None, row.status), (1, None, branch, row.status)):
            tally[key] = tally.get(key, 0) + 1
    return [(*k, n) for k, n in tally.items()]


# --- the servant's own status ----------------------------------------------------------------------------------

def my_statuses(user, as_of: date | None = None) -> list[dict]:
    """The signed-in servant's status under every rule that applies to them (nothing else)."""
    as_of = as_of or today()
    servant = CivilServant.objects.filter(user=user).first() if actor_for(user).has(Role.SERVANT) else None
    if servant is None:
        raise Http404("no servant record")
    rows = list(compliance.iter_statuses(CivilServant.objects.filter(pk=servant.pk), as_of))
    out = []
    for r in rows:
        f = Filters(rule=r.rule, as_of=as_of)
        last = next(iter(_python_rows(CivilServant.objects.filter(pk=servant.pk), f, _lang())), None)
        out.append({"rule": r.rule, "status": r.status, "due_date": r.due_date,
                    "days_left": (r.due_date - as_of).days,
                    "last_title": last.last_title if last else "",
                    "last_title_lang": last.last_title_lang if last else "",
                    "last_completed_on": last.last_completed_on if last else None})
    return out
