"""Reads, already scoped to what the actor may see. Every API view and page starts here."""

from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from people.models import CivilServant, Role, StateBody, StructuralUnit
from people.permissions import actor_for
from people.validators import normalize_category_code

SEGMENT_LEN = len(StateBody.path_segment(0))


def _prefix_q(field: str, paths: list[str]) -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths), Q(pk__in=[]))


def bodies_visible_to(user) -> QuerySet[StateBody]:
    actor = actor_for(user)
    qs = StateBody.objects.select_related("region", "parent")
    if actor.is_admin or actor.has(Role.ANALYST):
        return qs  # bodies are public organisational data
    q = _prefix_q("path", actor.hr_body_paths)
    if actor.managed_unit_ids:
        q |= Q(units__in=actor.managed_unit_ids)
    servant = _own_servant(user)
    if servant is not None:
        q |= Q(pk=servant.body_id)
    return qs.filter(q).distinct() if actor.managed_unit_ids else qs.filter(q)


def servants_visible_to(user) -> QuerySet[CivilServant]:
    """Personal records: admin all; HR their bodies' subtrees; line manager their units (and sub-units);
    a servant only themself; analysts, faculty and partners none."""
    actor = actor_for(user)
    qs = CivilServant.objects.select_related("position", "body", "unit")
    if actor.is_admin:
        return qs
    q = _prefix_q("body__path", actor.hr_body_paths)
    if actor.managed_unit_ids:
        q |= Q(unit__in=actor.managed_unit_ids) | Q(unit__parent__in=actor.managed_unit_ids)
    servant = _own_servant(user)
    if servant is not None:
        q |= Q(pk=servant.pk)
    return qs.filter(q)


def servant_search(user, *, body: StateBody | None = None, corps: str = "", category: str = "",
                   term: str = "") -> QuerySet[CivilServant]:
    """The servants list of HR officers, line managers and administrators: visible servants, filtered by a
    body subtree, corps, category code and a search term (name in any language, personnel number; the IIN only
    for those who may see it). `body` must itself be visible (callers pick it from bodies_visible_to)."""
    qs = servants_visible_to(user).order_by("last_name_ru", "first_name_ru", "pk")
    if body is not None:
        qs = qs.filter(body__path__startswith=body.path)
    if corps:
        qs = qs.filter(position__corps=corps)
    if category:
        qs = qs.filter(position__category_code=normalize_category_code(category))
    term = term.strip()
    if term:
        match = Q(personnel_number__iexact=term)
        for field in ("last_name", "first_name"):
            for lang in ("kk", "ru", "en"):
                match |= Q(**{f"{field}_{lang}__icontains": term})
        if actor_for(user).can_see_iin and term.isdigit() and len(term) == 12:
            match |= Q(iin=term)
        qs = qs.filter(match)
    return qs


def units_visible_to(user) -> QuerySet[StructuralUnit]:
    return StructuralUnit.objects.filter(body__in=bodies_visible_to(user).values("pk")).select_related("body")


def _own_servant(user) -> CivilServant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.servant
    except CivilServant.DoesNotExist:
        return None


def body_subtree(body: StateBody) -> QuerySet[StateBody]:
    return StateBody.objects.filter(path__startswith=body.path)


def headcount_by_corps_category(*, user, body: StateBody | None = None) -> list[dict]:
    """Active servants the actor may see, grouped by corps and category code (one GROUP BY)."""
    qs = _countable_servants(user)
    if body is not None:
        qs = qs.filter(body__path__startswith=body.path)
    return list(
        qs.values("position__corps", "position__category_code")
        .annotate(headcount=Count("pk"))
        .order_by("position__corps", "position__category_code")
    )


def headcount_by_child_body(*, user, body: StateBody | None) -> list[dict]:
    """Drill-down: for each direct child of `body` (or each visible root), active servants in its subtree.
    One GROUP BY on the path prefix of the child's depth, whatever the number of children."""
    visible = bodies_visible_to(user)
    children = list(visible.filter(parent=body) if body else _visible_roots(visible))
    if not children:
        return []
    counts: dict[str, int] = {}
    for depth in {c.depth for c in children}:  # one depth below a body; roots may differ in depth
        prefix_len = SEGMENT_LEN * (depth + 1)
        rows = (
            _countable_servants(user)
            .annotate(prefix=Substr("body__path", 1, prefix_len))
            .filter(prefix__in=[c.path for c in children if c.depth == depth])
            .values("prefix").annotate(n=Count("pk")).values_list("prefix", "n")
        )
        counts.update(rows)
    return [{"body": c, "headcount": counts.get(c.path, 0)} for c in children]


def _countable_servants(user) -> QuerySet[CivilServant]:
    """Servants whose head counts the actor may see: aggregates are not personal data, so analysts
    (national figures) count everyone; everybody else counts what they may see."""
    if actor_for(user).sees_national_figures:
        return CivilServant.objects.filter(is_active=True)
    return servants_visible_to(user).filter(is_active=True)


def _visible_roots(visible: QuerySet[StateBody]) -> list[StateBody]:
    bodies = list(visible.order_by("path"))
    roots, last_root_path = [], None
    for b in bodies:
        if last_root_path is None or not b.path.startswith(last_root_path):
            roots.append(b)
            last_root_path = b.path
    return roots
