"""Reads: position profile resolution, latest assessments and competency gaps (one servant, a body subtree)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from competency_framework.models import (
    SOURCE_PRIORITY,
    BehaviouralIndicator,
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from people.models import CivilServant, Position, StateBody, StructuralUnit
from people.selectors import servants_visible_to
from people.validators import category_group

SEGMENT_LEN = len(StateBody.path_segment(0))


def frameworks() -> QuerySet[Framework]:
    """Frameworks are reference data: everyone may read them."""
    return Framework.objects.filter(is_active=True)


def scale_levels(framework_id: int) -> list[ScaleLevel]:
    """A framework's proficiency scale, lowest level first."""
    return list(ScaleLevel.objects.filter(framework_id=framework_id).order_by("value"))


def primary_framework() -> Framework | None:
    return Framework.objects.filter(is_primary=True).first()


def framework_by_idnumber(idnumber: str) -> Framework | None:
    return Framework.objects.filter(idnumber=idnumber).first()


def competencies_by_idnumber(framework: Framework | None, idnumbers=None) -> dict[str, Competency]:
    """idnumber -> competency of the framework (only those named, when `idnumbers` is given): one query."""
    if framework is None:
        return {}
    qs = Competency.objects.filter(framework=framework)
    if idnumbers is not None:
        qs = qs.filter(idnumber__in=list(idnumbers))
    return {c.idnumber: c for c in qs}


def levels_by_value(framework: Framework | None) -> dict[int, ScaleLevel]:
    return {lv.value: lv for lv in scale_levels(framework.pk)} if framework else {}


def top_competencies(framework: Framework | None) -> list[Competency]:
    """The framework's competencies without a parent (the catalog filter's choices)."""
    return list(Competency.objects.filter(framework=framework, parent__isnull=True)) if framework else []


def competency_tree(framework: Framework) -> list[tuple[int, Competency]]:
    """(depth, competency) in pre-order, siblings by sort_order: one query."""
    children: dict[int | None, list[Competency]] = defaultdict(list)
    for comp in framework.competencies.order_by("sort_order", "idnumber"):
        children[comp.parent_id].append(comp)
    out: list[tuple[int, Competency]] = []

    def walk(parent_id, depth):
        for comp in children.get(parent_id, []):
            out.append((depth, comp))
            walk(comp.pk, depth + 1)

    walk(None, 0)
    return out


# ---- position profiles ------------------------------------------------------------------------------------

def _ancestor_paths(path: str) -> list[str]:
    return [path[: i + SEGMENT_LEN] for i in range(0, len(path), SEGMENT_LEN)]


def _profile_candidates(framework: Framework | None) -> QuerySet[PositionProfile]:
    qs = PositionProfile.objects.filter(is_active=True).select_related("body", "framework")
    return qs.filter(framework=framework) if framework is not None else qs.filter(framework__is_primary=True)


def _matches(profile: PositionProfile, *, corps: str, group: str | None, managerial: bool, body_path: str) -> bool:
    return (
        profile.corps == corps
        and (not profile.category_group or profile.category_group == group)
        and (profile.managerial is None or profile.managerial == managerial)
        and (profile.body_id is None or body_path.startswith(profile.body.path))
    )


def _rank(profile: PositionProfile) -> tuple[int, int]:
    """Sectoral override of the deepest body first, then the most specific filter."""
    depth = profile.body.depth if profile.body_id else -1
    return depth, profile.specificity


def _resolve(profiles: list[PositionProfile], *, corps: str, category_code: str, managerial: bool,
             body_path: str) -> PositionProfile | None:
    group = category_group(category_code) if category_code else None
    matching = [p for p in profiles
                if _matches(p, corps=corps, group=group, managerial=managerial, body_path=body_path)]
    return max(matching, key=_rank, default=None)


def profile_for_position(position: Position, *, framework: Framework | None = None) -> PositionProfile | None:
    """The profile that applies to a post (one query). A sectoral override of the nearest body (deepest
    ancestor-or-self) beats the general profiles; among equals the most specific filter wins."""
    body_path = position.body.path
    candidates = list(
        _profile_candidates(framework).filter(corps=position.corps)
        .filter(Q(body__isnull=True) | Q(body__path__in=_ancestor_paths(body_path)))
    )
    return _resolve(candidates, corps=position.corps, category_code=position.category_code,
                    managerial=position.managerial, body_path=body_path)


# ---- assessments ------------------------------------------------------------------------------------------

def _priority() -> Case:
    return Case(*(When(source=s, then=Value(p)) for s, p in SOURCE_PRIORITY.items()),
                default=Value(0), output_field=IntegerField())


def latest_assessments() -> QuerySet[CompetencyAssessment]:
    """Assessments no other assessment of the same servant and competency supersedes: a later date wins,
    then the more reliable source (test > evaluation > manager > self), then the later record. Set-based:
    a NOT EXISTS anti-join, composable with filters and GROUP BY."""
    newer = (
        CompetencyAssessment.objects.filter(servant_id=OuterRef("servant_id"), competency_id=OuterRef("competency_id"))
        .annotate(prio=_priority())
        .filter(
            Q(assessed_on__gt=OuterRef("assessed_on"))
            | Q(assessed_on=OuterRef("assessed_on"), prio__gt=OuterRef("prio"))
            | Q(assessed_on=OuterRef("assessed_on"), prio=OuterRef("prio"), pk__gt=OuterRef("pk"))
        )
    )
    return CompetencyAssessment.objects.annotate(prio=_priority()).filter(~Exists(newer))


def assessments_visible_to(user) -> QuerySet[CompetencyAssessment]:
    return CompetencyAssessment.objects.filter(servant__in=servants_visible_to(user).values("pk"))


# ---- gaps -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GapRow:
    competency: Competency
    required_level: int | None
    assessed_level: int | None
    gap: int | None  # required - assessed; positive = below requirement; None when either is unknown


def servant_gaps(servant: CivilServant, *, framework: Framework | None = None) -> list[GapRow]:
    """Required minus latest assessed level for each competency the servant's profile requires or that was
    assessed. The caller obtained `servant` through a scoped selector."""
    profile = profile_for_position(servant.position, framework=framework)
    fw_id = profile.framework_id if profile else (framework.pk if framework else None)
    if fw_id is None:
        primary = primary_framework()
        if primary is None:
            return []
        fw_id = primary.pk
    required = {}
    if profile is not None:
        required = {r.competency_id: r.level.value
                    for r in profile.requirements.select_related("level")}
    assessed = {a.competency_id: a.level.value
                for a in latest_assessments().filter(servant=servant, competency__framework_id=fw_id)
                .select_related("level")}
    comps = Competency.objects.filter(pk__in=set(required) | set(assessed))
    rows = []
    for comp in sorted(comps, key=lambda c: (c.sort_order, c.idnumber)):
        req, got = required.get(comp.pk), assessed.get(comp.pk)
        rows.append(GapRow(comp, req, got, req - got if req is not None and got is not None else None))
    return rows


@dataclass
class GapCell:
    headcount: int = 0  # servants whose profile requires the competency
    assessed: int = 0  # of them, with an assessment
    below: int = 0  # of them, assessed below the required level
    gap_sum: int = 0

    @property
    def avg_gap(self) -> float | None:
        """Mean of (required - assessed) over assessed servants; None when nobody was assessed."""
        return round(self.gap_sum / self.assessed, 2) if self.assessed else None


@dataclass
class GapMatrix:
    body: StateBody
    framework: Framework | None
    competencies: list[Competency] = field(default_factory=list)
    units: list[StructuralUnit | None] = field(default_factory=list)  # None = servants without a unit
    cells: dict[tuple[int | None, int], GapCell] = field(default_factory=dict)

    def cell(self, unit: StructuralUnit | None, competency: Competency) -> GapCell:
        return self.cells.get((unit.pk if unit else None, competency.pk), GapCell())


_POS_KEY = ("position__corps", "position__category_code", "position__managerial", "position__body__path")


def body_gap_matrix(*, user, body: StateBody, framework: Framework | None = None) -> GapMatrix:
    """Competencies x structural units of `body`'s subtree, limited to servants `user` may see.

    A fixed handful of queries whatever the headcount: servants are counted per (unit, kind of post), the
    latest assessments are counted per (unit, kind of post, competency, level); profiles are resolved per
    kind of post in Python and the two are combined over units x competencies."""
    framework = framework or primary_framework()
    matrix = GapMatrix(body=body, framework=framework)
    if framework is None:
        return matrix
    servants = servants_visible_to(user).filter(is_active=True, body__path__startswith=body.path)
    heads = list(servants.values("unit_id", *_POS_KEY).annotate(n=Count("pk")).order_by())
    if not heads:
        return matrix
    profiles = list(_profile_candidates(framework))
    profile_of: dict[tuple, PositionProfile | None] = {}
    for h in heads:
        key = tuple(h[k] for k in _POS_KEY)
        if key not in profile_of:
            profile_of[key] = _resolve(profiles, corps=key[0], category_code=key[1], managerial=key[2],
                                       body_path=key[3])
    required: dict[int, dict[int, int]] = defaultdict(dict)  # profile id -> competency id -> level
    used = {p.pk for p in profile_of.values() if p is not None}
    for pid, cid, level in ProfileRequirement.objects.filter(profile_id__in=used).values_list(
            "profile_id", "competency_id", "level__value"):
        required[pid][cid] = level
    cells = matrix.cells
    for h in heads:
        profile = profile_of[tuple(h[k] for k in _POS_KEY)]
        for cid in required.get(profile.pk, {}) if profile else ():
            cells.setdefault((h["unit_id"], cid), GapCell()).headcount += h["n"]
    assessed = (
        latest_assessments().filter(servant__in=servants.values("pk"), competency__framework=framework)
        .values("servant__unit_id", *(f"servant__{k}" for k in _POS_KEY), "competency_id", "level__value")
        .annotate(n=Count("pk")).order_by()
    )
    for a in assessed:
        profile = profile_of.get(tuple(a[f"servant__{k}"] for k in _POS_KEY))
        req = required.get(profile.pk, {}).get(a["competency_id"]) if profile else None
        if req is None:
            continue  # assessed but not required for this post: no gap to report
        cell = cells[(a["servant__unit_id"], a["competency_id"])]
        cell.assessed += a["n"]
        cell.gap_sum += (req - a["level__value"]) * a["n"]
        if a["level__value"] < req:
            cell.below += a["n"]
    comp_ids = {cid for _, cid in cells}
    matrix.competencies = list(Competency.objects.filter(pk__in=comp_ids).order_by("sort_order", "idnumber"))
    unit_ids = {uid for uid, _ in cells}
    units = list(StructuralUnit.objects.filter(pk__in=unit_ids - {None}).order_by("body__path", "code"))
    matrix.units = units + ([None] if None in unit_ids else [])
    return matrix


def competency_tree_with_indicators(framework: Framework) -> list[tuple[int, Competency]]:
    """competency_tree plus, on each node, `indicators_list` (by level) and `children_list`: two queries."""
    tree = competency_tree(framework)
    by_comp: dict[int, list] = defaultdict(list)
    for ind in BehaviouralIndicator.objects.filter(competency__framework=framework).select_related("level"):
        by_comp[ind.competency_id].append(ind)
    nodes = {comp.pk: comp for _depth, comp in tree}
    for _depth, comp in tree:
        comp.indicators_list = by_comp.get(comp.pk, [])
        comp.children_list = []
    for _depth, comp in tree:
        if comp.parent_id in nodes:
            nodes[comp.parent_id].children_list.append(comp)
    return tree


def framework_competencies(framework: Framework | None) -> list[Competency]:
    """The framework's competencies in display order (none without a framework)."""
    return list(framework.competencies.order_by("sort_order", "idnumber")) if framework else []


class RequiredLevels:
    """Levels required by position profiles for kinds of post `(corps, category_code, managerial, body_path)`,
    for readers that stream every servant (the analytics export): each kind is resolved once, and the
    requirements of newly met profiles are read in one query per `load()`."""

    def __init__(self, framework: Framework | None):
        self._profiles = list(_profile_candidates(framework)) if framework else []
        self._profile_of: dict[tuple, int | None] = {}
        self._required: dict[int, dict[int, int]] = {}

    def load(self, kinds: set[tuple]) -> None:
        for kind in kinds - self._profile_of.keys():
            profile = _resolve(self._profiles, corps=kind[0], category_code=kind[1], managerial=kind[2],
                               body_path=kind[3])
            self._profile_of[kind] = profile.pk if profile else None
        missing = {p for p in self._profile_of.values() if p is not None} - self._required.keys()
        for profile_id in missing:
            self._required[profile_id] = {}
        for profile_id, competency_id, level in ProfileRequirement.objects.filter(
                profile_id__in=missing).values_list("profile_id", "competency_id", "level__value"):
            self._required[profile_id][competency_id] = level

    def of(self, kind: tuple) -> dict[int, int]:
        """competency id -> required level value for a kind of post already loaded."""
        profile_id = self._profile_of.get(kind)
        return self._required.get(profile_id, {}) if profile_id else {}


def latest_levels_for(servant_ids, framework: Framework | None) -> dict[tuple[int, int], int]:
    """(servant id, competency id) -> latest assessed level value, for a batch of servants (one query):
    development plans are drafted for thousands of servants at a time."""
    if framework is None:
        return {}
    rows = (latest_assessments().filter(servant_id__in=list(servant_ids), competency__framework=framework)
            .values_list("servant_id", "competency_id", "level__value"))
    return {(sid, cid): level for sid, cid, level in rows}


def competencies_by_ids(ids) -> dict[int, Competency]:
    return {c.pk: c for c in Competency.objects.filter(pk__in=list(ids))}
