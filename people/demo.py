"""Demo data for the foundation: regions, state-body trees, units, staff lists and ~2,000 civil servants.

Every step is idempotent (natural keys: Region.code, StateBody.code, (body, unit code), the Position natural key,
CivilServant.personnel_number, User.username) and reproducible: a fixed seed drives every random choice, and
each step draws its numbers whether or not its rows already exist, so a second run plans the same rows and
inserts none. Rows go in with bulk_create; only bodies use people.services.body_create (paths and audit)."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from tqdm import tqdm

from people.demo_data import BODIES, COMMON_TOPICS, GROUP_WEIGHT, REGIONS, TOPICS, UNIT_LEVELS, UNIT_WORDS
from people.demo_names import make_iin, make_person
from people.demo_posts import LADDERS, Post, top_posts
from people.models import CivilServant, Corps, EmploymentRecord, Position, Region, StateBody, StructuralUnit
from people.services import body_create
from people.signals import personnel_bulk_changed

SEED = 2026
DEMO_SERVANTS = 2000
DEMO_PREFIX = "EK"  # demo personnel numbers: EK0000001 ...
SCALE_PREFIX = "SCALE"  # benchmark servants: SCALE0000001 ...
DEMO_TODAY = date(2026, 11, 20)  # fixed, not date.today(): the same data on every run
ENTRANT_SHARE = 0.08
HISTORY_SHARE = 0.30
BATCH = 5000


def rng_for(step: str) -> random.Random:
    """One generator per step, so that changing one step does not reshuffle the others."""
    return random.Random(f"{SEED}:{step}")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


# --- regions and bodies -------------------------------------------------------------------------------------

def seed_regions() -> dict[str, Region]:
    existing = set(Region.objects.values_list("code", flat=True))
    Region.objects.bulk_create([Region(code=r.code, kind=r.kind, name_kk=r.kk, name_ru=r.ru, name_en=r.en)
                                for r in REGIONS if r.code not in existing])
    return {r.code: r for r in Region.objects.filter(code__in=[r.code for r in REGIONS])}


def seed_bodies(regions: dict[str, Region]) -> dict[str, StateBody]:
    """Tables list parents before children; body_create sets path/depth and writes the audit row."""
    bodies = {b.code: b for b in StateBody.objects.filter(code__in=[row.code for row in BODIES])}
    for row in BODIES:
        if row.code not in bodies:
            bodies[row.code] = body_create(
                actor=None, code=row.code, name_kk=row.kk, name_ru=row.ru, name_en=row.en,
                parent=bodies[row.parent] if row.parent else None, kind=row.kind,
                region=regions[row.region] if row.region else None,
            )
    return bodies


# --- structural units ---------------------------------------------------------------------------------------

@dataclass
class UnitSpec:
    body: str
    code: str
    parent: str | None
    kk: str
    ru: str
    en: str
    kk_gen: str  # for post titles: "Персоналды басқару департаментінің"
    ru_gen: str  # "Департамента управления персоналом"


def unit_spec(body: str, code: str, parent: str | None, word_key: str) -> UnitSpec:
    topic = TOPICS[code.rsplit("-", 1)[-1]]
    ru_nom, ru_gen, kk_nom, kk_gen, en_word = UNIT_WORDS[word_key]
    return UnitSpec(body, code, parent, kk=f"{topic.kk} {kk_nom}", ru=f"{ru_nom} {topic.ru}",
                    en=f"{en_word} of {topic.en}", kk_gen=f"{topic.kk} {kk_gen}", ru_gen=f"{ru_gen} {topic.ru}")


def plan_units() -> list[UnitSpec]:
    """2-5 departments per body (always HR, then its sector topics, then common ones), some with divisions."""
    rng, specs = rng_for("units"), []
    for row in BODIES:
        dept_word, div_word, (low, high) = UNIT_LEVELS[row.group]
        commons = rng.sample(COMMON_TOPICS, len(COMMON_TOPICS))
        topics = ["HR", *row.topics, *[t for t in commons if t not in row.topics]][: rng.randint(low, high)]
        division_odds = 0.6 if dept_word == "department" else 0.35
        for topic in topics:
            specs.append(unit_spec(row.code, topic, None, dept_word))
            for division in TOPICS[topic].divisions:
                if rng.random() < division_odds:
                    specs.append(unit_spec(row.code, f"{topic}-{division}", topic, div_word))
    return specs


def seed_units(bodies: dict[str, StateBody], specs: list[UnitSpec]) -> dict[tuple[str, str], StructuralUnit]:
    def load():
        qs = StructuralUnit.objects.filter(body__in=bodies.values()).select_related("body")
        return {(u.body.code, u.code): u for u in qs}

    units = load()
    for top_level in (True, False):  # departments first: divisions need their parent's id
        StructuralUnit.objects.bulk_create([
            StructuralUnit(body=bodies[s.body], code=s.code, name_kk=s.kk, name_ru=s.ru, name_en=s.en,
                           parent=None if top_level else units[(s.body, s.parent)])
            for s in specs if (s.parent is None) == top_level and (s.body, s.code) not in units
        ], batch_size=BATCH)
        units = load()
    return units


# --- positions ----------------------------------------------------------------------------------------------

@dataclass
class PostSpec:
    body: str
    unit: str | None
    post: Post
    kk: str
    ru: str
    en: str
    position: Position | None = None

    @property
    def key(self) -> tuple:
        return (self.body, self.ru, self.post.corps, self.post.code, self.post.managerial)


def _unit_post(body: str, unit: UnitSpec, post: Post) -> PostSpec:
    fill = {"kg": unit.kk_gen, "g": unit.ru_gen, "en": unit.en}
    return PostSpec(body, unit.code, post, post.kk.format(**fill), post.ru.format(**fill), post.en.format(**fill))


def plan_posts(units: list[UnitSpec]) -> list[PostSpec]:
    by_body = defaultdict(list)
    for unit in units:
        by_body[unit.body].append(unit)
    specs = []
    for row in BODIES:
        if row.group is None:
            continue
        specs += [PostSpec(row.code, None, p, p.kk, p.ru, p.en) for p in top_posts(row.kind, row.group)]
        ladder = LADDERS[row.group]
        for unit in by_body[row.code]:
            heads = [ladder.dept_head, ladder.dept_deputy] if unit.parent is None else [ladder.div_head]
            specs += [_unit_post(row.code, unit, p) for p in heads if p is not None]
            specs += [_unit_post(row.code, unit, p) for p in ladder.executive]
    return specs


def seed_positions(bodies, units, specs: list[PostSpec]) -> list[PostSpec]:
    def key(p: Position):
        return (p.body.code, p.title_ru, p.corps, p.category_code, p.managerial)

    def load():
        return {key(p): p for p in Position.objects.filter(body__in=bodies.values()).select_related("body")}

    existing = load()
    Position.objects.bulk_create([
        Position(body=bodies[s.body], unit=units[(s.body, s.unit)] if s.unit else None, title_kk=s.kk,
                 title_ru=s.ru, title_en=s.en, corps=s.post.corps, category_code=s.post.code,
                 managerial=s.post.managerial)
        for s in {s.key: s for s in specs}.values() if s.key not in existing
    ], batch_size=BATCH)
    existing = load()
    for s in specs:
        s.position = existing[s.key]
    return specs


# --- civil servants -----------------------------------------------------------------------------------------

@dataclass
class ServantPlan:
    number: str
    spec: PostSpec
    person: object
    iin: str
    entered: date
    appointed: date
    entrant: bool
    history: list[tuple[PostSpec, date, date]] = field(default_factory=list)
    mentor: str | None = None


def _allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest-remainder split of `total` by weight."""
    whole = sum(weights.values())
    shares = {k: total * w / whole for k, w in weights.items()}
    counts = {k: int(v) for k, v in shares.items()}
    for k in sorted(shares, key=lambda k: counts[k] - shares[k])[: total - sum(counts.values())]:
        counts[k] += 1
    return counts


def _slots(posts: list[PostSpec], rng: random.Random, total: int) -> list[PostSpec]:
    """Managerial and top posts get their holders; the rest of `total` fills executive posts, split between
    bodies by weight and drawn at random inside a body."""
    fixed = [s for s in posts if s.post.managerial or s.post.corps != Corps.B for _ in range(s.post.holders)]
    executive = defaultdict(list)
    for s in posts:
        if not s.post.managerial and s.post.corps == Corps.B:
            executive[s.body].append(s)
    rows = {row.code: row for row in BODIES}
    weights = {code: rows[code].weight or GROUP_WEIGHT[rows[code].group] for code in executive}
    counts = _allocate(max(0, total - len(fixed)), weights)
    slots = list(fixed)
    for code, pool in executive.items():
        slots += [rng.choice(pool) for _ in range(counts[code])]
    return slots


def _dates(rng: random.Random, birth: date, entrant: bool) -> tuple[date, date]:
    if entrant:
        appointed = random_day(rng, date(2026, 1, 12), DEMO_TODAY)
        return appointed, appointed
    earliest = max(date(1998, 1, 5), date(birth.year + 21, 9, 1))
    entered = random_day(rng, earliest, DEMO_TODAY - timedelta(days=120))
    return entered, random_day(rng, entered, DEMO_TODAY - timedelta(days=30))


def _history(rng, entered: date, appointed: date, pool: list[PostSpec]) -> list[tuple[PostSpec, date, date]]:
    """2-3 past posts between entry and the current appointment, each ending when the next starts."""
    k = rng.choice((2, 3))
    span = (appointed - entered).days
    cuts = sorted(rng.sample(range(30, span - 30), k - 1)) if span > 60 * k else []
    if len(cuts) != k - 1:
        return []
    starts = [entered, *(entered + timedelta(days=c) for c in cuts)]
    ends = [*starts[1:], appointed]
    return [(rng.choice(pool), s, e) for s, e in zip(starts, ends, strict=True)]


def plan_servants(posts: list[PostSpec], used_iins: set[str], progress: bool) -> list[ServantPlan]:
    rng = rng_for("servants")
    slots = _slots(posts, rng, DEMO_SERVANTS)
    executive_slots = sum(1 for s in slots if not s.post.managerial and s.post.corps == Corps.B)
    entrant_odds = ENTRANT_SHARE * len(slots) / max(1, executive_slots)
    history_pool = [s for s in posts if not s.post.managerial and s.post.corps == Corps.B]
    plans = []
    for n, spec in enumerate(tqdm(slots, desc="servants", disable=not progress), start=1):
        junior = not spec.post.managerial and spec.post.corps == Corps.B
        entrant = junior and rng.random() < entrant_odds
        birth_years = (1990, 2003) if entrant else (1968, 2003) if junior else (1964, 1988)
        birth = random_day(rng, date(birth_years[0], 1, 1), date(birth_years[1], 12, 31))
        person = make_person(rng, birth)
        entered, appointed = _dates(rng, birth, entrant)
        plan = ServantPlan(f"{DEMO_PREFIX}{n:07d}", spec, person, make_iin(rng, birth, person.female, used_iins),
                           entered, appointed, entrant)
        if not entrant and rng.random() < HISTORY_SHARE / 0.92:
            plan.history = _history(rng, entered, appointed, history_pool)
        plans.append(plan)
    _assign_mentors(rng, plans)
    return plans


def _assign_mentors(rng: random.Random, plans: list[ServantPlan]) -> None:
    """A mentor from the entrant's unit, else from the same body; never another entrant."""
    by_unit, by_body = defaultdict(list), defaultdict(list)
    for p in plans:
        if not p.entrant:
            by_unit[(p.spec.body, p.spec.unit)].append(p.number)
            by_body[p.spec.body].append(p.number)
    for p in plans:
        if p.entrant:
            pool = by_unit[(p.spec.body, p.spec.unit)] or by_body[p.spec.body]
            p.mentor = rng.choice(pool) if pool else None


def _servant(plan: ServantPlan) -> CivilServant:
    person, position = plan.person, plan.spec.position
    return CivilServant(
        personnel_number=plan.number, iin=plan.iin,
        last_name_kk=person.last_kk, first_name_kk=person.first_kk, middle_name_kk=person.middle_kk,
        last_name_ru=person.last_ru, first_name_ru=person.first_ru, middle_name_ru=person.middle_ru,
        last_name_en=person.last_en, first_name_en=person.first_en, middle_name_en=person.middle_en,
        position=position, body_id=position.body_id, unit_id=position.unit_id,
        appointed_on=plan.appointed, entered_service_on=plan.entered, first_time_entrant=plan.entrant,
        probation_until=add_months(plan.appointed, 3) if plan.entrant else None,
    )


def existing_numbers(prefix: str) -> set[str]:
    return set(CivilServant.objects.filter(personnel_number__startswith=prefix)
               .values_list("personnel_number", flat=True))


def create_servants(plans: list[ServantPlan], existing: set[str]) -> int:
    """Insert the planned servants whose numbers are not in `existing`, their employment history and mentors."""
    new = [p for p in plans if p.number not in existing]
    if not new:
        return 0
    servants = [_servant(p) for p in new]
    CivilServant.objects.bulk_create(servants, batch_size=BATCH)
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover - old SQLite
        ids = dict(CivilServant.objects.filter(personnel_number__in=[s.personnel_number for s in servants])
                   .values_list("personnel_number", "pk"))
        for s in servants:
            s.pk = ids[s.personnel_number]
    records = []
    for plan, servant in zip(new, servants, strict=True):
        records += [EmploymentRecord(servant_id=servant.pk, position=spec.position, body_id=spec.position.body_id,
                                     started_on=start, ended_on=end) for spec, start, end in plan.history]
        records.append(EmploymentRecord(servant_id=servant.pk, position=plan.spec.position,
                                        body_id=plan.spec.position.body_id, started_on=plan.appointed))
    EmploymentRecord.objects.bulk_create(records, batch_size=BATCH)
    _link_mentors(new, servants)
    return len(servants)


def _link_mentors(new: list[ServantPlan], servants: list[CivilServant]) -> None:
    mentored = [(p, s) for p, s in zip(new, servants, strict=True) if p.mentor]
    if not mentored:
        return
    ids = dict(CivilServant.objects.filter(personnel_number__in=[p.mentor for p, _ in mentored])
               .values_list("personnel_number", "pk"))
    for plan, servant in mentored:
        servant.mentor_id = ids.get(plan.mentor)
    CivilServant.objects.bulk_update([s for _, s in mentored], ["mentor"], batch_size=BATCH)


# --- the whole demo -----------------------------------------------------------------------------------------

@dataclass
class Structure:
    regions: dict[str, Region]
    bodies: dict[str, StateBody]
    units: dict[tuple[str, str], StructuralUnit]
    posts: list[PostSpec]


def seed_structure() -> Structure:
    regions = seed_regions()
    bodies = seed_bodies(regions)
    unit_specs = plan_units()
    units = seed_units(bodies, unit_specs)
    posts = seed_positions(bodies, units, plan_posts(unit_specs))
    return Structure(regions, bodies, units, posts)


def demo_iins_in_use(prefix: str) -> set[str]:
    """IINs the plan must avoid: those of servants outside the planned series (imports, the other series)."""
    return set(CivilServant.objects.exclude(personnel_number__startswith=prefix).values_list("iin", flat=True))


@transaction.atomic
def seed_demo(*, progress: bool = False, reset_passwords: bool = False) -> dict[str, int]:
    """The whole demo; returns how many rows of each kind were created by this run."""
    from people.demo_users import seed_users  # users pick servants, so they come last

    before = counts()
    structure = seed_structure()
    plans = plan_servants(structure.posts, demo_iins_in_use(DEMO_PREFIX), progress)
    create_servants(plans, existing_numbers(DEMO_PREFIX))
    seed_users(structure, reset_password=reset_passwords)
    personnel_bulk_changed.send(sender=None)
    after = counts()
    return {k: after[k] - before[k] for k in after}


@transaction.atomic
def seed_scale(n: int, *, progress: bool = False) -> int:
    """N more servants (SCALE0000001 ...) on the demo's executive posts, with one open record each; run after
    seed_demo. Idempotent: numbers already present are skipped, the random stream stays the same."""
    structure = seed_structure()
    pool = [s for s in structure.posts if not s.post.managerial and s.post.corps == Corps.B]
    rng, used, existing = rng_for("scale"), demo_iins_in_use(SCALE_PREFIX), existing_numbers(SCALE_PREFIX)
    created, chunk = 0, []
    for i in tqdm(range(1, n + 1), desc="scale servants", disable=not progress, mininterval=0.5):
        spec = rng.choice(pool)
        birth = random_day(rng, date(1966, 1, 1), date(2003, 12, 31))
        person = make_person(rng, birth)
        iin = make_iin(rng, birth, person.female, used)
        entered, appointed = _dates(rng, birth, entrant=False)
        chunk.append(ServantPlan(f"{SCALE_PREFIX}{i:07d}", spec, person, iin, entered, appointed, entrant=False))
        if len(chunk) >= BATCH or i == n:
            created += create_servants(chunk, existing)
            chunk = []
    personnel_bulk_changed.send(sender=None)
    return created


def counts() -> dict[str, int]:
    from people.models import PartnerParticipant, RoleAssignment, User

    return {
        "regions": Region.objects.count(), "bodies": StateBody.objects.count(),
        "units": StructuralUnit.objects.count(), "positions": Position.objects.count(),
        "servants": CivilServant.objects.count(), "employment records": EmploymentRecord.objects.count(),
        "users": User.objects.count(), "role assignments": RoleAssignment.objects.count(),
        "partner participants": PartnerParticipant.objects.count(),
    }

