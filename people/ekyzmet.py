"""Import of E-kyzmet personnel exports (bodies files, servants files, or XLSX workbooks holding several such
tables), see docs/ekyzmet-format.md.

Every row of every table is validated before anything is written; with any error nothing is written. The write is one
transaction, set-based (people.ekyzmet_bodies, people.ekyzmet_servants)."""

import hashlib
from collections.abc import Callable

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_record
from lms.errors import NotAllowed
from lms.importing import ImportReport, RowError
from people import ekyzmet_bodies, ekyzmet_servants
from people.ekyzmet_base import Context, Earlier, Scope
from people.ekyzmet_read import (
    BODIES_COLUMNS,
    SERVANTS_COLUMNS,
    UnreadableFile,
    read_tables,
    unreadable_message,
)
from people.models import Role
from people.permissions import actor_for
from people.signals import personnel_bulk_changed

__all__ = ["ImportReport", "RowError", "ekyzmet_import", "detect_layout"]

_LAYOUTS = {"servants": (SERVANTS_COLUMNS, ekyzmet_servants), "bodies": (BODIES_COLUMNS, ekyzmet_bodies)}
_LOCK_ID = 0x454B5A4D  # serialises concurrent imports on PostgreSQL ("EKZM")


def detect_layout(header: list[str]) -> tuple[str, list[str]]:
    """('servants' | 'bodies', []) or ('', missing columns of the closest layout)."""
    present = set(header)
    missing = {name: [c for c in columns if c not in present] for name, (columns, _m) in _LAYOUTS.items()}
    for name in _LAYOUTS:
        if not missing[name]:
            return name, []
    closest = min(_LAYOUTS, key=lambda name: len(missing[name]) / len(_LAYOUTS[name][0]))
    return "", missing[closest]


def _scope_for(actor) -> Scope:
    if actor is None:
        return Scope(None)
    roles = actor_for(actor)
    if roles.is_admin:
        return Scope(None)
    if roles.has(Role.HR_OFFICER):
        return Scope(roles.hr_body_paths)
    raise NotAllowed(_("Only administrators and HR officers may import personnel files."))


def ekyzmet_import(*, content: bytes, filename: str, actor, dry_run: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import one file: a CSV table, or an XLSX workbook whose non-empty sheets are tables taken in order
    (a servants sheet may use bodies that an earlier bodies sheet creates). All or nothing."""
    scope = _scope_for(actor)
    try:
        tables = read_tables(content, filename)
    except UnreadableFile as exc:
        return _file_error("", unreadable_message(exc, _("The file cannot be read as CSV or XLSX.")), dry_run)
    layouts, header_errors = [], []
    for table in tables:
        layout, missing = detect_layout(table.header)
        layouts.append(layout)
        if not layout:
            header_errors.append(RowError(row=1, column="", sheet=table.sheet, message=str(
                _("The header matches neither the bodies nor the servants layout; missing columns: %(columns)s.")
                % {"columns": ", ".join(missing)})))
    if header_errors:
        return ImportReport(layout="", dry_run=dry_run, errors=header_errors)
    report = ImportReport(layout="+".join(dict.fromkeys(layouts)), dry_run=dry_run)
    ctx = Context(user=actor, scope=scope, errors=[], progress=progress,
                  total_steps=max(1, sum(2 * len(t.rows) for t in tables)))
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            with connection.cursor() as cursor:  # two imports at once would race on the same keys
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        plans = _validate_all(tables, layouts, ctx, report)
        if report.errors:
            return report
        for plan in plans:
            report.created += len(plan.new)
            report.updated += len(plan.changed) + getattr(plan, "extra_updated", 0)
            report.unchanged += plan.unchanged
        if not dry_run:
            for layout, plan in zip(layouts, plans, strict=True):  # workbook order: bodies before their servants
                _LAYOUTS[layout][1].write(plan, ctx)
            _audit(actor, content, filename, report, tables, layouts, plans)
            personnel_bulk_changed.send(sender=None)
    if progress is not None:
        progress(ctx.total_steps, ctx.total_steps)
    return report


def _validate_all(tables, layouts, ctx: Context, report: ImportReport) -> list:
    """Validate every table before writing any, each against the database plus the plans before it."""
    earlier, plans = Earlier(), []
    for table, layout in zip(tables, layouts, strict=True):
        ctx.sheet, ctx.errors = table.sheet, []
        plans.append(_LAYOUTS[layout][1].validate(table, ctx, earlier))
        report.errors.extend(sorted(ctx.errors, key=lambda e: e.row))
    return plans


def _audit(actor, content: bytes, filename: str, report: ImportReport, tables, layouts, plans) -> None:
    sha256 = hashlib.sha256(content).hexdigest()
    after = {"layout": report.layout, "filename": filename, "sha256": sha256,
             "created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    if len(tables) > 1:
        after["sheets"] = [{"sheet": t.sheet, "layout": layout, "created": len(p.new),
                            "updated": len(p.changed) + getattr(p, "extra_updated", 0), "unchanged": p.unchanged} for t, layout, p in zip(tables, layouts, plans, strict=True)]
    audit_record(actor=actor, action="ekyzmet.import", object_type="ekyzmet.file", object_id=sha256,
                 summary=f"{report.layout} {filename}: {report.summary_line()}", after=after)


def _file_error(layout: str, message, dry_run: bool) -> ImportReport:
    return ImportReport(layout=layout, dry_run=dry_run, errors=[RowError(row=1, column="", message=str(message))])
