"""E-kyzmet bodies file: validate every row, then upsert state bodies and recompute tree paths set-based."""

from collections import ChainMap
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _

from lms.models import AuditEntry
from people.ekyzmet_base import OUTSIDE_AREA, Context, Earlier
from people.ekyzmet_read import Table
from people.models import Region, StateBody

_FIELDS = ("parent_code", "region_id", "name_kk", "name_ru", "name_en", "kind")


@dataclass
class BodiesPlan:
    new: list[dict] = field(default_factory=list)
    changed: list[tuple[int, dict, dict]] = field(default_factory=list)  # (pk, before, after)
    unchanged: int = 0


def _region_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for pk, code, kk, ru, en in Region.objects.values_list("id", "code", "name_kk", "name_ru", "name_en"):
        for key in (kk, ru, en, code):  # the code wins over a name that happens to equal it
            if key:
                lookup[key.strip().lower()] = pk
    return lookup


def validate(table: Table, ctx: Context, earlier: Earlier | None = None) -> BodiesPlan:
    """`earlier`: bodies tables before this one in the same workbook; their codes count as parents and
    this table's rows are added to it."""
    prior = earlier.bodies if earlier is not None else {}
    existing = {
        row["code"]: row
        for row in StateBody.objects.values("id", "code", "parent_id", "path", "region_id", "name_kk",
                                            "name_ru", "name_en", "kind")
    }
    code_by_id = {row["id"]: code for code, row in existing.items()}
    for row in existing.values():
        row["parent_code"] = code_by_id.get(row["parent_id"], "")
    regions = _region_lookup()
    kinds = set(StateBody.Kind.values)
    col = {name: table.getter(name) for name in ("body_code", "parent_code", "name_kk", "name_ru", "name_en",
                                                 "region", "kind")}
    has_kind = "kind" in table.index
    seen: dict[str, dict] = {}  # code -> parsed row, in file order
    plan = BodiesPlan()
    for number, raw in enumerate(table.rows, start=2):
        if not any(raw):
            continue
        row = _parse_row(raw, number, col, regions, kinds, has_kind, ctx)
        code = row["code"]
        if code and (code in seen or code in prior):
            ctx.error(number, "body_code", _("Body code %(code)s appears twice in the file.") % {"code": code})
            continue
        parent = row["parent_code"]
        if parent and parent == code:
            ctx.error(number, "parent_code", _("A body cannot be its own parent."))
        elif parent and parent not in existing and parent not in seen and parent not in prior:
            ctx.error(number, "parent_code",
                      _("Parent body %(code)s is neither in the database nor earlier in the file.") % {"code": parent})
        elif code and not _in_scope(code, row, existing, ChainMap(seen, prior), ctx):
            ctx.error(number, "body_code", OUTSIDE_AREA)
        if code:
            seen[code] = row
    _check_cycles(existing, seen, prior, ctx)
    prior.update(seen)  # even with errors: later tables then report only their own problems
    if ctx.errors:
        return plan
    for code, row in seen.items():
        current = existing.get(code)
        if current is None:
            plan.new.append(row)
            continue
        if not has_kind:
            row["kind"] = current["kind"]
        before = {f: current[f] for f in _FIELDS if current[f] != row[f]}
        if before:
            plan.changed.append((current["id"], before, {f: row[f] for f in before}))
        else:
            plan.unchanged += 1
    return plan


def _parse_row(raw, number, col, regions, kinds, has_kind, ctx: Context) -> dict:
    code = col["body_code"](raw)
    if not code:
        ctx.error(number, "body_code", _("Body code is required."))
    elif len(code) > 32:
        ctx.error(number, "body_code", _("Body code is longer than 32 characters."))
    name_ru = col["name_ru"](raw)
    if not name_ru:
        ctx.error(number, "name_ru", _("The Russian name is required."))
    region_text = col["region"](raw)
    region_id = regions.get(region_text.lower()) if region_text else None
    if region_text and region_id is None:
        ctx.error(number, "region", _("Unknown region %(region)s.") % {"region": region_text})
    kind = col["kind"](raw).lower() or StateBody.Kind.ORGANISATION
    if has_kind and kind not in kinds:
        ctx.error(number, "kind", _("Unknown body kind %(kind)s.") % {"kind": kind})
    names = {lang: col[f"name_{lang}"](raw) or name_ru for lang in ("kk", "en")}
    for lang, value in (("kk", names["kk"]), ("ru", name_ru), ("en", names["en"])):
        if len(value) > 300:
            ctx.error(number, f"name_{lang}", _("The name is longer than 300 characters."))
    return {"row": number, "code": code, "parent_code": col["parent_code"](raw), "region_id": region_id,
            "name_kk": names["kk"], "name_ru": name_ru, "name_en": names["en"], "kind": kind}


def _in_scope(code: str, row: dict, existing: dict, seen: dict, ctx: Context) -> bool:
    """An HR officer may change bodies inside their subtrees and put new bodies only under such bodies."""
    if ctx.scope.paths is None:
        return True
    current = existing.get(code)
    if current is not None:
        if not ctx.scope.covers(current["path"]):
            return False
        if row["parent_code"] == current["parent_code"]:
            return True  # an HR officer's own root keeps its parent outside the subtree
    parent = row["parent_code"]
    if not parent:
        return False  # a new root is outside every subtree
    while parent in seen and parent not in existing:  # new parent: its own chain decides
        parent = seen[parent]["parent_code"]
    return parent in existing and ctx.scope.covers(existing[parent]["path"])


def _check_cycles(existing: dict, seen: dict, prior: dict, ctx: Context) -> None:
    """A re-parented existing body must not end up under itself."""
    parent_of = {code: row["parent_code"] for code, row in existing.items()}
    parent_of.update({code: row["parent_code"] for code, row in prior.items()})
    parent_of.update({code: row["parent_code"] for code, row in seen.items()})
    for code, row in seen.items():
        if code not in existing or row["parent_code"] == existing[code]["parent_code"]:
            continue
        node, steps = row["parent_code"], 0
        while node and steps <= len(parent_of):
            if node == code:
                ctx.error(row["row"], "parent_code",
                          _("Moving this body under %(code)s would create a cycle.") % {"code": row["parent_code"]})
                break
            node, steps = parent_of.get(node, ""), steps + 1


def write(plan: BodiesPlan, ctx: Context) -> None:
    ids = dict(StateBody.objects.values_list("code", "id"))
    created = StateBody.objects.bulk_create(
        [StateBody(code=r["code"], parent_id=ids.get(r["parent_code"]), region_id=r["region_id"], kind=r["kind"],
                   name_kk=r["name_kk"], name_ru=r["name_ru"], name_en=r["name_en"]) for r in plan.new],
        batch_size=2000,
    )
    ids.update({b.code: b.pk for b in created})
    # New bodies whose parent is also new get their parent now that it has an id.
    late = [b for b, r in zip(created, plan.new, strict=True) if r["parent_code"] and b.parent_id is None]
    parent_code = {r["code"]: r["parent_code"] for r in plan.new}
    for body in late:
        body.parent_id = ids[parent_code[body.code]]
    StateBody.objects.bulk_update(late, ["parent_id"], batch_size=2000)
    ctx.step(len(plan.new))
    updates = []
    for pk, _before, after in plan.changed:
        body = StateBody(pk=pk)
        values = {**after}
        if "parent_code" in values:
            values["parent_id"] = ids.get(values.pop("parent_code"))
        for name, value in values.items():
            setattr(body, name, value)
        updates.append((body, list(values)))
    for fields in {tuple(sorted(f)) for _b, f in updates}:
        StateBody.objects.bulk_update([b for b, f in updates if tuple(sorted(f)) == fields], fields, batch_size=2000)
    ctx.step(len(plan.changed))
    recompute_paths()
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor=ctx.user if getattr(ctx.user, "is_authenticated", False) else None,
                    action="ekyzmet.body_update", object_type="people.statebody", object_id=str(pk),
                    summary=str(after.get("name_ru", ""))[:255], before=before, after=after)
         for pk, before, after in plan.changed],
        batch_size=2000,
    )


def recompute_paths() -> None:
    """Rewrite path/depth of every body whose materialised path is stale, in one recursive statement
    (people.services.body_fix_path does the same for a single body)."""
    table = StateBody._meta.db_table
    if connection.vendor == "postgresql":
        segment = "lpad(id::text, 8, '0') || '/'"
        child_segment = "lpad(b.id::text, 8, '0') || '/'"
    else:
        segment, child_segment = "printf('%08d/', id)", "printf('%08d/', b.id)"
    sql = f"""
        WITH RECURSIVE tree(id, path, depth) AS (
            SELECT id, {segment}, 0 FROM {table} WHERE parent_id IS NULL
            UNION ALL
            SELECT b.id, tree.path || {child_segment}, tree.depth + 1
            FROM {table} b JOIN tree ON b.parent_id = tree.id
        )
        UPDATE {table} SET path = tree.path, depth = tree.depth
        FROM tree WHERE {table}.id = tree.id AND ({table}.path <> tree.path OR {table}.depth <> tree.depth)
    """  # noqa: S608 -- table name from model meta, no user input
    with connection.cursor() as cursor:
        cursor.execute(sql)
