"""Import of E-kyzmet personnel exports (bodies files and servants files), see docs/ekyzmet-format.md.

Every row is validated before anything is written; with any error nothing is written. The write is one
transaction, set-based (people.ekyzmet_bodies, people.ekyzmet_servants)."""

import hashlib
from collections.abc import Callable

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from lms.audit import audit_record
from lms.errors import NotAllowed
from people import ekyzmet_bodies, ekyzmet_servants
from people.ekyzmet_base import Context, ImportReport, RowError, Scope
from people.ekyzmet_read import BODIES_COLUMNS, SERVANTS_COLUMNS, UnreadableFile, read_table
from people.models import Role
from people.permissions import actor_for

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
    scope = _scope_for(actor)
    try:
        table = read_table(content, filename)
    except UnreadableFile:
        return _file_error("", _("The file cannot be read as CSV or XLSX."), dry_run)
    layout, missing = detect_layout(table.header)
    if not layout:
        return _file_error("", _("The header matches neither the bodies nor the servants layout; missing "
                                 "columns: %(columns)s.") % {"columns": ", ".join(missing)}, dry_run)
    module = _LAYOUTS[layout][1]
    report = ImportReport(layout=layout, dry_run=dry_run)
    ctx = Context(user=actor, scope=scope, errors=report.errors, progress=progress,
                  total_steps=max(1, 2 * len(table.rows)))
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            with connection.cursor() as cursor:  # two imports at once would race on the same keys
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        plan = module.validate(table, ctx)
        if report.errors:
            report.errors.sort(key=lambda e: e.row)
            return report
        report.created, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if not dry_run:
            module.write(plan, ctx)
            audit_record(
                actor=actor, action="ekyzmet.import", object_type="ekyzmet.file",
                object_id=hashlib.sha256(content).hexdigest(),
                summary=f"{layout} {filename}: {report.summary_line()}",
                after={"layout": layout, "filename": filename, "sha256": hashlib.sha256(content).hexdigest(),
                       "created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            )
    if progress is not None:
        progress(ctx.total_steps, ctx.total_steps)
    return report


def _file_error(layout: str, message, dry_run: bool) -> ImportReport:
    return ImportReport(layout=layout, dry_run=dry_run, errors=[RowError(row=1, column="", message=str(message))])
