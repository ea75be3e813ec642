"""E-kyzmet servants file: validate every row against what is loaded in a few queries, then write set-based
(positions, new servants with their first employment record, changed servants with history, audit)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lms.models import AuditEntry
from people import ekyzmet_columns
from people.ekyzmet_base import OUTSIDE_AREA, Context, Earlier, bulk_set
from people.ekyzmet_read import Table, parse_bool, parse_corps, parse_date, transliterate
from people.masking import mask_iin_in
from people.models import CivilServant, EmploymentRecord, Position, StateBody
from people.validators import category_group, iin_problem, normalize_category_code

BATCH = 2000
NAME_PARTS = ("last_name", "first_name", "middle_name")
NAME_FIELDS = tuple(f"{part}_{lang}" for lang in ("kk", "ru", "en") for part in NAME_PARTS)
# Compared field by field to decide created / updated / unchanged; `position` is the Position natural key.
FIELDS = ("iin", *NAME_FIELDS, "position", "appointed_on", "entered_service_on", "first_time_entrant")
_POS = FIELDS.index("position")

MSG_REQUIRED = _("This value is required.")
MSG_TOO_LONG = _("This value is longer than %(max)d characters.")


@dataclass(frozen=True)
class NewBody:
    """Stands for the id of a body an earlier table of the workbook creates, in position keys until written."""
    code: str


@dataclass
class ServantsPlan:
    new_positions: dict[tuple, tuple[str, str]] = field(default_factory=dict)  # key -> (title_kk, title_en)
    new: list[tuple] = field(default_factory=list)  # (personnel_number, values in FIELDS order)
    changed: list[tuple] = field(default_factory=list)  # (pk, personnel_number, old values, new values)
    unchanged: int = 0
    new_bodies: set[str] = field(default_factory=set)  # codes of NewBody placeholders used in the keys
    extras: list[tuple] = field(default_factory=list)  # (ekyzmet_columns handler, its plan)
    extra_updated: int = 0  # rows unchanged here whose optional columns (extras) change something


def _load_existing():
    positions = {
        (body, title, corps, cat, man): pk
        for pk, body, title, corps, cat, man in Position.objects.values_list(
            "id", "body_id", "title_ru", "corps", "category_code", "managerial").iterator(chunk_size=BATCH)
    }
    key_of = {pk: key for key, pk in positions.items()}
    servants, iin_owner = {}, {}
    columns = ("id", "personnel_number", "body_id", "iin", *NAME_FIELDS, "position_id", "appointed_on",
               "entered_service_on", "first_time_entrant")
    for row in CivilServant.objects.values_list(*columns).iterator(chunk_size=BATCH):
        pk, number, body_id, *values = row
        values[_POS] = key_of[values[_POS]]
        servants[number] = (pk, body_id, tuple(values))
        iin_owner[values[0]] = number
    return positions, servants, iin_owner


def validate(table: Table, ctx: Context, earlier: Earlier | None = None) -> ServantsPlan:
    """`earlier`: what tables before this one in the same workbook will write (bodies, numbers, IINs)."""
    earlier = earlier if earlier is not None else Earlier()
    bodies = {code: (pk, path) for pk, code, path in StateBody.objects.values_list("id", "code", "path")}
    # New bodies were checked against the actor's scope by their own table.
    bodies.update({code: (NewBody(code), None) for code in earlier.bodies if code not in bodies})
    path_of_body = {pk: path for pk, path in bodies.values()}
    positions, servants, iin_owner = _load_existing()
    get = {name: table.getter(name) for name in (
        *table.index, *(f"{p}_{lang}" for p in NAME_PARTS for lang in ("kk", "en")),
        "position_title_kk", "position_title_en",
    )}
    plan = ServantsPlan()
    seen_numbers, seen_iins = earlier.personnel_numbers, earlier.iins
    extras = [(handler, columns, {c: table.getter(c) for c in columns}, [])
              for handler, columns in ekyzmet_columns.handlers_for(table.index)]
    unchanged_rows: set[int] = set()
    for number, raw in enumerate(table.rows, start=2):
        if number % 1000 == 0:
            ctx.step(1000)
        if not any(raw):
            continue
        errors_before = len(ctx.errors)
        pn = get["personnel_number"](raw)
        if not pn:
            ctx.error(number, "personnel_number", MSG_REQUIRED)
        elif len(pn) > 32:
            ctx.error(number, "personnel_number", MSG_TOO_LONG % {"max": 32})
        elif pn in seen_numbers:
            ctx.error(number, "personnel_number",
                      _("Personnel number %(number)s appears twice in the file.") % {"number": pn})
        seen_numbers.add(pn)
        for _handler, _columns, getters, extra_rows in extras:
            cells = {c: g(raw) for c, g in getters.items()}
            if pn and any(cells.values()):
                extra_rows.append(ekyzmet_columns.ExtraRow(row=number, personnel_number=pn, values=cells))
        current = servants.get(pn)
        owner_visible = _owner_in_scope(iin_owner, servants, path_of_body, ctx)
        iin = _check_iin(get["iin"](raw), table, pn, number, seen_iins, iin_owner, ctx, owner_visible)
        names = _names(raw, get, number, ctx)
        body = _check_body(get["body_code"](raw), current, path_of_body, bodies, number, ctx)
        key = _position_key(raw, get, body, number, ctx)
        first_time = parse_bool(get["first_time_entrant"](raw))
        if first_time is None:
            ctx.error(number, "first_time_entrant", _("Expected 1/0, true/false, yes/no, да/нет or иә/жоқ."))
        appointed = _date(get["appointed_on"](raw), "appointed_on", number, ctx)
        entered = _date(get["entered_service_on"](raw), "entered_service_on", number, ctx)
        if appointed and entered and appointed < entered:
            ctx.error(number, "appointed_on", _("The appointment date precedes entry into the civil service."))
        if len(ctx.errors) > errors_before:
            continue
        values = (iin, *names, key, appointed, entered, first_time)
        if current is None:
            plan.new.append((pn, values))
        elif current[2] == values:
            plan.unchanged += 1
            unchanged_rows.add(number)
        else:
            old = current[2]
            if old[_POS] != key and appointed < old[FIELDS.index("appointed_on")]:
                ctx.error(number, "appointed_on", _("The new appointment cannot precede the current one."))
                continue
            plan.changed.append((current[0], pn, old, values))
        if key not in positions and key not in plan.new_positions and key not in earlier.positions:
            plan.new_positions[key] = (get["position_title_kk"](raw), get["position_title_en"](raw))
        if isinstance(key[0], NewBody):
            plan.new_bodies.add(key[0].code)
    earlier.positions.update(plan.new_positions)
    for handler, _columns, _getters, extra_rows in extras:
        handler_plan = handler.validate(extra_rows, ctx, earlier.extra.setdefault(handler.name, {}))
        plan.extras.append((handler, handler_plan))
        moved = len(unchanged_rows & set(handler_plan.changed_rows))
        unchanged_rows -= set(handler_plan.changed_rows)
        plan.unchanged -= moved
        plan.extra_updated += moved
    ctx.step(len(table.rows) % 1000)
    return plan


def _owner_in_scope(iin_owner, servants, path_of_body, ctx):
    """A function IIN -> may the actor know who holds it (the holder's body is in their scope)."""
    def visible(iin: str) -> bool:
        holder = servants.get(iin_owner.get(iin, ""))
        return holder is None or ctx.scope.covers(path_of_body.get(holder[1]))
    return visible


def _check_iin(iin, table, pn, number, seen_iins, iin_owner, ctx, owner_visible) -> str:
    if table.numeric_cells and iin.isdigit() and len(iin) < 12:
        iin = iin.zfill(12)  # a spreadsheet stored it as a number and dropped the leading zeros
    problem = iin_problem(iin)
    if problem:
        ctx.error(number, "iin", problem)
    elif iin in seen_iins:
        ctx.error(number, "iin", _("This IIN appears twice in the file."))
    elif iin_owner.get(iin, pn) != pn and not owner_visible(iin):
        # Scope-neutral: the same refusal as any row outside the actor's area, never "this IIN is taken".
        ctx.error(number, "iin", OUTSIDE_AREA)
    elif iin_owner.get(iin, pn) != pn:
        ctx.error(number, "iin", _("This IIN already belongs to another civil servant."))
    seen_iins.add(iin)
    return iin


def _names(raw, get, number, ctx) -> tuple:
    ru = [get[part](raw) for part in NAME_PARTS]
    for part, value in zip(NAME_PARTS, ru, strict=True):
        if not value and part != "middle_name":
            ctx.error(number, part, MSG_REQUIRED)
    kk = [get[f"{part}_kk"](raw) or value for part, value in zip(NAME_PARTS, ru, strict=True)]
    en = [get[f"{part}_en"](raw) or transliterate(value) for part, value in zip(NAME_PARTS, ru, strict=True)]
    for lang, values in (("kk", kk), ("ru", ru), ("en", en)):
        for part, value in zip(NAME_PARTS, values, strict=True):
            if len(value) > 100:
                ctx.error(number, part if lang == "ru" else f"{part}_{lang}", MSG_TOO_LONG % {"max": 100})
    return (*kk, *ru, *en)


def _check_body(code, current, path_of_body, bodies, number, ctx) -> int | None:
    if not code:
        ctx.error(number, "body_code", MSG_REQUIRED)
        return None
    body = bodies.get(code)
    if body is None:
        ctx.error(number, "body_code", _("Unknown body code %(code)s.") % {"code": code})
        return None
    new_body = isinstance(body[0], NewBody)
    if (not new_body and not ctx.scope.covers(body[1])) or (
            current is not None and not ctx.scope.covers(path_of_body[current[1]])):
        ctx.error(number, "body_code", OUTSIDE_AREA)
        return None
    return body[0]


def _position_key(raw, get, body_id, number, ctx) -> tuple | None:
    title = get["position_title"](raw)
    if not title:
        ctx.error(number, "position_title", MSG_REQUIRED)
    elif len(title) > 300:
        ctx.error(number, "position_title", MSG_TOO_LONG % {"max": 300})
    corps_text = get["corps"](raw)
    corps = parse_corps(corps_text)
    code_text = get["category_code"](raw)
    code = normalize_category_code(code_text)
    if corps is None:
        ctx.error(number, "corps", _("Corps must be A, B or political, not “%(value)s”.") % {"value": corps_text})
    elif corps == "B" and not code:
        ctx.error(number, "category_code", _("Corps B positions need a category code."))
    elif corps in ("A", "B") and code and category_group(code) is None:
        ctx.error(number, "category_code",
                  _("“%(code)s” is not a corps B category code (e.g. C-4, C-O-3, E-G-2).") % {"code": code_text})
    elif corps == "political" and code:
        ctx.error(number, "category_code", _("Political posts have no category code."))
    managerial = parse_bool(get["managerial"](raw))
    if managerial is None:
        ctx.error(number, "managerial", _("Expected 1/0, true/false, yes/no, да/нет or иә/жоқ."))
    return (body_id, title, corps, code, managerial)


def _date(text, column, number, ctx):
    value = parse_date(text)
    if value is None:
        if text:
            ctx.error(number, column, _("“%(value)s” is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"value": text})
        else:
            ctx.error(number, column, MSG_REQUIRED)
    return value


# --- writing -------------------------------------------------------------------------------------------------

def write(plan: ServantsPlan, ctx: Context) -> None:
    if plan.new_bodies:
        _resolve_new_bodies(plan)
    position_ids = _create_positions(plan)
    _create_servants(plan, position_ids, ctx)
    _update_servants(plan, position_ids, ctx)
    for handler, handler_plan in plan.extras:  # optional columns of apps above people (ekyzmet_columns)
        handler.write(handler_plan, ctx)


def _resolve_new_bodies(plan: ServantsPlan) -> None:
    """Put the ids of the bodies written by an earlier table in place of the NewBody placeholders."""
    ids = dict(StateBody.objects.filter(code__in=plan.new_bodies).values_list("code", "id"))

    def real(key: tuple) -> tuple:
        return (ids[key[0].code], *key[1:]) if isinstance(key[0], NewBody) else key

    def fixed(values: tuple) -> tuple:
        return (*values[:_POS], real(values[_POS]), *values[_POS + 1:])

    plan.new_positions = {real(key): titles for key, titles in plan.new_positions.items()}
    plan.new = [(pn, fixed(values)) for pn, values in plan.new]
    plan.changed = [(pk, pn, old, fixed(new)) for pk, pn, old, new in plan.changed]
    plan.new_bodies = set()


def _create_positions(plan: ServantsPlan) -> dict:
    new = [Position(body_id=key[0], title_ru=key[1], corps=key[2], category_code=key[3], managerial=key[4],
                    title_kk=kk, title_en=en) for key, (kk, en) in plan.new_positions.items()]
    Position.objects.bulk_create(new, batch_size=BATCH)
    wanted = {values[_POS] for _pn, values in plan.new} | {new[_POS] for *_x, new in plan.changed}
    bodies = {key[0] for key in wanted}
    return {
        (body, title, corps, cat, man): pk
        for pk, body, title, corps, cat, man in Position.objects.filter(body_id__in=bodies).values_list(
            "id", "body_id", "title_ru", "corps", "category_code", "managerial").iterator(chunk_size=BATCH)
    }


def _servant_kwargs(values, position_ids) -> dict:
    kwargs = dict(zip(FIELDS, values, strict=True))
    key = kwargs.pop("position")
    kwargs["position_id"], kwargs["body_id"] = position_ids[key], key[0]
    return kwargs


def _create_servants(plan: ServantsPlan, position_ids: dict, ctx: Context) -> None:
    for start in range(0, len(plan.new), BATCH):
        chunk = plan.new[start:start + BATCH]
        servants = CivilServant.objects.bulk_create(
            [CivilServant(personnel_number=pn, **_servant_kwargs(values, position_ids)) for pn, values in chunk])
        EmploymentRecord.objects.bulk_create(
            [EmploymentRecord(servant_id=s.pk, position_id=s.position_id, body_id=s.body_id, started_on=s.appointed_on)
             for s in servants])
        ctx.step(len(chunk))


def _update_servants(plan: ServantsPlan, position_ids: dict, ctx: Context) -> None:
    if not plan.changed:
        return
    changed_fields: set[str] = set()
    servants, moved = [], []
    for pk, _pn, old, new in plan.changed:
        servant = CivilServant(pk=pk, **_servant_kwargs(new, position_ids))
        servants.append(servant)
        changed_fields.update(f for f, a, b in zip(FIELDS, old, new, strict=True) if a != b)
        if old[_POS] != new[_POS]:
            moved.append(servant)
    if "position" in changed_fields:
        changed_fields.add("body")  # the body follows the position
    bulk_set(CivilServant, servants, sorted(changed_fields), batch_size=BATCH)
    _record_moves(moved)
    _audit_updates(plan, ctx)
    ctx.step(len(plan.changed))


def _record_moves(moved: list[CivilServant]) -> None:
    """Close each moved servant's open record on the new appointment date and open a new one."""
    closing = []
    for start in range(0, len(moved), BATCH):
        chunk = {s.pk: s for s in moved[start:start + BATCH]}
        for record in EmploymentRecord.objects.filter(servant_id__in=chunk, ended_on__isnull=True).only("id",
                                                                                                         "servant_id"):
            record.ended_on = chunk[record.servant_id].appointed_on
            closing.append(record)
    bulk_set(EmploymentRecord, closing, ["ended_on"], batch_size=BATCH)
    EmploymentRecord.objects.bulk_create(
        [EmploymentRecord(servant_id=s.pk, position_id=s.position_id, body_id=s.body_id, started_on=s.appointed_on)
         for s in moved], batch_size=BATCH)


def _audit_value(name, value):
    if name == "position":
        return {"body_id": value[0], "title_ru": value[1], "corps": value[2], "category_code": value[3],
                "managerial": value[4]}
    return value.isoformat() if hasattr(value, "isoformat") else value


def _audit_updates(plan: ServantsPlan, ctx: Context) -> None:
    actor = ctx.user if getattr(ctx.user, "is_authenticated", False) else None
    entries = []
    for pk, pn, old, new in plan.changed:
        diff = [(f, a, b) for f, a, b in zip(FIELDS, old, new, strict=True) if a != b]
        entries.append(AuditEntry(
            actor=actor, action="ekyzmet.servant_update", object_type="people.civilservant", object_id=str(pk),
            summary=pn, before=mask_iin_in({f: _audit_value(f, a) for f, a, _b in diff}),
            after=mask_iin_in({f: _audit_value(f, b) for f, _a, b in diff}),
        ))
    AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
