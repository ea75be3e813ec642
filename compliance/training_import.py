"""Import of historical training records (E-kyzmet or other providers): CSV (UTF-8 or Windows-1251, ',' or
';') or XLSX with the columns personnel_number,title,course_type,hours,completed_on,provider.

Same contract as people.ekyzmet: every row is validated first; with any error nothing is written. The natural
key (servant, title, completed_on, provider) makes a re-import report every row unchanged; a known key with a
different course type or hours is updated."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from compliance.cache import bump_data_version
from compliance.models import TrainingRecord
from courses.selectors import course_types
from lms.audit import audit_record
from lms.errors import NotAllowed
from lms.importing import ImportReport, RowError
from people.ekyzmet_base import OUTSIDE_AREA, Scope, bulk_set
from people.ekyzmet_read import UnreadableFile, parse_date, read_table, unreadable_message
from people.models import CivilServant, Role
from people.permissions import actor_for

COLUMNS = ("personnel_number", "title", "course_type", "hours", "completed_on", "provider")
REQUIRED = ("personnel_number", "title", "course_type", "hours", "completed_on")
LAYOUT = "training"
BATCH = 5000
MAX_HOURS = 32767  # PositiveSmallIntegerField
_LOCK_ID = 0x54524E47  # "TRNG": one training import at a time on PostgreSQL
_TITLE_MAX = TrainingRecord._meta.get_field("title").max_length
_PROVIDER_MAX = TrainingRecord._meta.get_field("provider").max_length


@dataclass
class Plan:
    new: list[TrainingRecord] = field(default_factory=list)
    changed: list[TrainingRecord] = field(default_factory=list)
    unchanged: int = 0


def _scope_for(actor) -> Scope:
    if actor is None:
        return Scope(None)
    roles = actor_for(actor)
    if roles.is_admin:
        return Scope(None)
    if roles.has(Role.HR_OFFICER):
        return Scope(roles.hr_body_paths)
    raise NotAllowed(_("Only administrators and HR officers may import training records."))


def training_import(*, content: bytes, filename: str, actor, dry_run: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
    scope = _scope_for(actor)
    report = ImportReport(layout=LAYOUT, dry_run=dry_run)
    try:
        table = read_table(content, filename)
    except UnreadableFile as exc:
        report.errors.append(RowError(1, "", unreadable_message(exc, _("The file cannot be read as CSV or XLSX."))))
        return report
    missing = [c for c in REQUIRED if c not in table.index]
    if missing:
        report.errors.append(RowError(1, "", str(_("Missing columns: %(columns)s.") % {
            "columns": ", ".join(missing)})))
        return report
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        plan = _validate(table, scope, report, progress)
        if report.errors:
            return report
        report.created, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if not dry_run:
            TrainingRecord.objects.bulk_create(plan.new, batch_size=BATCH)
            bulk_set(TrainingRecord, plan.changed, ["course_type", "hours"])
            _audit(actor, content, filename, report)
            bump_data_version()
    if progress is not None:
        progress(1, 1)
    return report


def _validate(table, scope: Scope, report: ImportReport, progress) -> Plan:
    get = {name: table.getter(name) for name in COLUMNS}
    numbers = {get["personnel_number"](row) for row in table.rows}
    servants = {n: (pk, path) for n, pk, path in CivilServant.objects.filter(personnel_number__in=numbers)
                .values_list("personnel_number", "pk", "body__path")}
    existing = _existing(pk for pk, _path in servants.values())
    codes = list(course_types().values_list("code", flat=True))  # the one vocabulary (courses)
    plan, seen = Plan(), {}
    for number, raw in enumerate(table.rows, start=2):
        if progress is not None and number % 5000 == 0:
            progress(number, len(table.rows) + 1)
        if not any(raw):
            continue
        values = _parse_row(raw, get, number, servants, scope, report, codes)
        if values is None:
            continue
        servant_id, title, course_type, hours, completed_on, provider = values
        key = (servant_id, title, completed_on, provider)
        if key in seen:
            report.errors.append(RowError(number, "title", str(
                _("The same training (servant, title, date, provider) is already in row %(row)d.")
                % {"row": seen[key]})))
            continue
        seen[key] = number
        _plan_row(plan, existing.get(key), key, course_type, hours)
    return plan


def _existing(servant_ids) -> dict[tuple, tuple[int, str, int]]:
    ids = list(servant_ids)
    rows = {}
    for start in range(0, len(ids), BATCH):
        for pk, sid, title, day, provider, kind, hours in TrainingRecord.objects.filter(
                servant_id__in=ids[start:start + BATCH]).values_list(
                "pk", "servant_id", "title", "completed_on", "provider", "course_type", "hours"):
            rows[(sid, title, day, provider)] = (pk, kind, hours)
    return rows


def _plan_row(plan: Plan, found, key, course_type: str, hours: int) -> None:
    servant_id, title, completed_on, provider = key
    if found is None:
        plan.new.append(TrainingRecord(servant_id=servant_id, title=title, course_type_id=course_type, hours=hours,
                                       completed_on=completed_on, provider=provider,
                                       source=TrainingRecord.Source.IMPORT))
    elif (found[1], found[2]) == (course_type, hours):
        plan.unchanged += 1
    else:
        plan.changed.append(TrainingRecord(pk=found[0], course_type_id=course_type, hours=hours))


def _parse_row(raw, get, number: int, servants: dict, scope: Scope, report: ImportReport, codes: list[str]):
    errors_before = len(report.errors)

    def error(column: str, message) -> None:
        report.errors.append(RowError(number, column, str(message)))

    values = {name: get[name](raw) for name in COLUMNS}
    for name in REQUIRED:
        if not values[name]:
            error(name, _("This value is required."))
    servant = servants.get(values["personnel_number"])
    if values["personnel_number"] and (servant is None or not scope.covers(servant[1])) and scope.paths is not None:
        # Scope-neutral: an unknown number and a servant elsewhere read the same to an HR officer.
        error("personnel_number", OUTSIDE_AREA)
    elif values["personnel_number"] and servant is None:
        error("personnel_number", _("No civil servant has this personnel number."))
    if len(values["title"]) > _TITLE_MAX:
        error("title", _("This value is longer than %(max)d characters.") % {"max": _TITLE_MAX})
    if len(values["provider"]) > _PROVIDER_MAX:
        error("provider", _("This value is longer than %(max)d characters.") % {"max": _PROVIDER_MAX})
    course_type = values["course_type"].lower()
    if values["course_type"] and course_type not in codes:
        error("course_type", _("Unknown course type; expected one of: %(codes)s.")
              % {"codes": ", ".join(codes)})
    hours = _hours(values["hours"])
    if values["hours"] and hours is None:
        error("hours", _("Hours must be a whole number from 1 to %(max)d.") % {"max": MAX_HOURS})
    completed_on = parse_date(values["completed_on"])
    if values["completed_on"] and completed_on is None:
        error("completed_on", _("Expected a date as YYYY-MM-DD or DD.MM.YYYY."))
    if len(report.errors) > errors_before:
        return None
    return servant[0], values["title"], course_type, hours, completed_on, values["provider"]


def _hours(text: str) -> int | None:
    text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if not value.is_integer() or not 1 <= value <= MAX_HOURS:
        return None
    return int(value)


def _audit(actor, content: bytes, filename: str, report: ImportReport) -> None:
    sha256 = hashlib.sha256(content).hexdigest()
    audit_record(actor=actor, action="training.import", object_type="training.file", object_id=sha256,
                 summary=f"{filename}: {report.summary_line()}",
                 after={"filename": filename, "sha256": sha256, "created": report.created,
                        "updated": report.updated, "unchanged": report.unchanged})
