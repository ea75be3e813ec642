"""Types shared by the E-kyzmet import modules (re-exported by people.ekyzmet)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext_lazy as _

from lms.importing import RowError

OUTSIDE_AREA = _("outside your area")


class Scope:
    """Which bodies the importing actor may touch: None = all, else the materialised paths of subtree roots."""

    def __init__(self, paths: list[str] | None):
        self.paths = tuple(paths) if paths is not None else None

    def covers(self, path: str | None) -> bool:
        if self.paths is None:
            return True
        return bool(path) and path.startswith(self.paths)


@dataclass
class Context:
    user: object  # the acting User, or None for the system
    scope: Scope
    errors: list[RowError]
    progress: Callable[[int, int], None] | None = None
    total_steps: int = 1
    done_steps: int = 0
    sheet: str = ""  # the table being validated, for error messages

    def error(self, row: int, column: str, message) -> None:
        self.errors.append(RowError(row=row, column=column, message=str(message), sheet=self.sheet))

    def step(self, n: int = 1) -> None:
        self.done_steps = min(self.total_steps, self.done_steps + n)
        if self.progress is not None:
            self.progress(self.done_steps, self.total_steps)


@dataclass
class Earlier:
    """What earlier tables of the same workbook will write. Every table is validated before anything is
    written, so later tables consult these plans, not the database."""
    bodies: dict[str, dict] = field(default_factory=dict)  # body code -> parsed row of a bodies table
    personnel_numbers: set[str] = field(default_factory=set)
    iins: set[str] = field(default_factory=set)
    positions: set[tuple] = field(default_factory=set)  # position keys a servants table will create
    extra: dict[str, dict] = field(default_factory=dict)  # ekyzmet_columns handler name -> its state


def bulk_set(model, objs: list, fields: list[str], batch_size: int = 2000) -> None:
    """bulk_update for many rows: on PostgreSQL one UPDATE ... FROM (VALUES ...) per batch, which is several
    times faster than Django's CASE WHEN statements; elsewhere plain bulk_update."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=batch_size)
        return
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(f) for f in fields)]
    casts = [f"%s::{c.db_type(connection)}" for c in columns]
    names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
    assignments = ", ".join(f"{connection.ops.quote_name(c.column)} = v.{connection.ops.quote_name(c.column)}"
                            for c in columns[1:])
    table, pk = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start:start + batch_size]
            rows = ", ".join(f"({', '.join(casts)})" for _o in chunk)
            params = [getattr(o, c.attname) for o in chunk for c in columns]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {rows}) AS v({names}) "  # noqa: S608 -- model meta only
                f"WHERE {table}.{pk} = v.{pk}",
                params,
            )
