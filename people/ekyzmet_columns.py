"""Optional columns of the E-kyzmet servants file that an app above people handles, such as the corps A
personnel reserve (development). people imports none of those apps: the app registers a handler in its
AppConfig.ready(), and the servants import hands it the cells of its columns.

    # development/apps.py
    ekyzmet_columns.register(ReserveColumns())

A handler has a unique `name`, its `columns` (lower-case header names; each optional) and two methods:

- `validate(rows, ctx, state)`: every row of the table that fills at least one of its columns, as `ExtraRow`s
  (row number, personnel number, the cells of its columns present in the header). It reports problems with
  `ctx.error(row, column, message)` and returns its plan: any object with `changed_rows`, the row numbers it
  will change (a servant row otherwise `unchanged` is then counted `updated`). `state` is a dict kept across
  the sheets of one workbook (e.g. keys seen in earlier sheets). It must not write.
- `write(plan, ctx)`: after the table's servants are written (new servants have ids by then), in the same
  transaction; nothing is written when any row of any table had an error, or on a dry run.

Row numbers, the scope check (a row outside the actor's area is already an error), atomicity and the summary
line stay the servants import's."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from people.ekyzmet_base import Context


@dataclass(frozen=True)
class ExtraRow:
    row: int  # the file row number (the header is row 1)
    personnel_number: str
    values: dict[str, str]  # column -> trimmed cell text, for the handler's columns present in the header


class ColumnHandler(Protocol):
    name: str
    columns: tuple[str, ...]

    def validate(self, rows: list[ExtraRow], ctx: Context, state: dict) -> Any: ...

    def write(self, plan: Any, ctx: Context) -> None: ...


_handlers: dict[str, ColumnHandler] = {}


def register(handler: ColumnHandler) -> None:
    """Register (or replace, by name) the handler of some optional servants columns."""
    _handlers[handler.name] = handler


def handlers() -> list[ColumnHandler]:
    return list(_handlers.values())


def extra_columns() -> tuple[str, ...]:
    """Every registered optional column, for the import page's help."""
    return tuple(c for h in _handlers.values() for c in h.columns)


def handlers_for(header: Iterable[str]) -> list[tuple[ColumnHandler, tuple[str, ...]]]:
    """The handlers with at least one column in the header, each with its columns present."""
    present = set(header)
    found = []
    for handler in _handlers.values():
        columns = tuple(c for c in handler.columns if c in present)
        if columns:
            found.append((handler, columns))
    return found
