"""Import of evaluation results: CSV (UTF-8 with or without BOM, or Windows-1251; ',' or ';') or XLSX with the
columns personnel_number,period,score. `period` is YYYY-Qn (a quarterly score, supervisor and head of unit) or
YYYY (an older KPI-era annual result); `score` a number from 0 to settings.DEVELOPMENT["EVALUATION_SCALE_MAX"].

Same contract as people.ekyzmet and compliance.training_import: every row is validated first; with any error
nothing is written (`row N, column X: message`); a re-import reports every row unchanged. After writing, the
evaluated servants' training needs are recorded: an annual score below the threshold, and competencies
assessed below their position profile's level; open needs feed the next draft."""

import hashlib
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from competency_framework import selectors as cf
from development.models import EvaluationResult, TrainingNeed
from development.rules import conf
from development.selectors import annual_from
from lms.audit import audit_record
from lms.errors import NotAllowed
from lms.importing import ImportReport, RowError
from people.ekyzmet_base import OUTSIDE_AREA, Scope
from people.ekyzmet_read import UnreadableFile, read_table, unreadable_message
from people.models import CivilServant, Role
from people.permissions import actor_for

COLUMNS = ("personnel_number", "period", "score")
LAYOUT = "evaluations"
BATCH = 5000
_PERIOD = re.compile(r"^(\d{4})(?:-[QqКк]([1-4]))?$")  # Q, or a Cyrillic К typed in a Russian layout
_LOCK_ID = 0x4556414C  # "EVAL"


def _scope_for(actor) -> Scope:
    if actor is None:
        return Scope(None)
    roles = actor_for(actor)
    if roles.is_admin:
        return Scope(None)
    if roles.has(Role.HR_OFFICER):
        return Scope(roles.hr_body_paths)
    raise NotAllowed(_("Only administrators and HR officers may import evaluation results."))


def evaluations_import(
    *,
    content: bytes,
    filename: str,
    actor,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    scope = _scope_for(actor)
    report = ImportReport(layout=LAYOUT, dry_run=dry_run)
    try:
        table = read_table(content, filename)
    except UnreadableFile as exc:
        report.errors.append(
            RowError(1, "", unreadable_message(exc, _("The file cannot be read as CSV or XLSX.")))
        )
        return report
    missing = [c for c in COLUMNS if c not in table.index]
    if missing:
        report.errors.append(
            RowError(1, "", str(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}))
        )
        return report
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        new, changed, touched = _validate(table, scope, report, progress)
        if report.errors:
            return report
        report.created, report.updated = len(new), len(changed)
        if not dry_run:
            EvaluationResult.objects.bulk_create(new, batch_size=BATCH)
            EvaluationResult.objects.bulk_update(changed, ["score", "source"], batch_size=BATCH)
            needs_record(servant_years=touched)
            _audit(actor, content, filename, report)
    if progress is not None:
        progress(1, 1)
    return report


def _validate(table, scope: Scope, report: ImportReport, progress):
    get = {name: table.getter(name) for name in COLUMNS}
    numbers = {get["personnel_number"](row) for row in table.rows}
    servants = {
        n: (pk, path)
        for n, pk, path in CivilServant.objects.filter(personnel_number__in=numbers).values_list(
            "personnel_number", "pk", "body__path"
        )
    }
    existing = {
        (s, y, q): (pk, score)
        for pk, s, y, q, score in EvaluationResult.objects.filter(
            servant_id__in=[pk for pk, _p in servants.values()]
        ).values_list("pk", "servant_id", "year", "quarter", "score")
    }
    new, changed, seen, touched = [], [], {}, set()
    for number, raw in enumerate(table.rows, start=2):
        if progress is not None and number % 5000 == 0:
            progress(number, len(table.rows) + 1)
        if not any(raw):
            continue
        values = _parse_row(raw, get, number, servants, scope, report)
        if values is None:
            continue
        key, score = values
        if key in seen:
            report.errors.append(
                RowError(
                    number,
                    "period",
                    str(_("The same servant and period are already in row %(row)d.") % {"row": seen[key]}),
                )
            )
            continue
        seen[key] = number
        touched.add((key[0], key[1]))
        found = existing.get(key)
        if found is None:
            new.append(EvaluationResult(servant_id=key[0], year=key[1], quarter=key[2], score=score))
        elif found[1] == score:
            report.unchanged += 1
        else:
            changed.append(EvaluationResult(pk=found[0], score=score, source=EvaluationResult.Source.IMPORT))
    return new, changed, touched


def _parse_row(raw, get, number: int, servants: dict, scope: Scope, report: ImportReport):
    before = len(report.errors)

    def error(column: str, message) -> None:
        report.errors.append(RowError(number, column, str(message)))

    values = {name: get[name](raw) for name in COLUMNS}
    for name in COLUMNS:
        if not values[name]:
            error(name, _("This value is required."))
    servant = servants.get(values["personnel_number"])
    if values["personnel_number"] and servant is None:
        error("personnel_number", _("No civil servant has this personnel number."))
    elif servant is not None and not scope.covers(servant[1]):
        error("personnel_number", OUTSIDE_AREA)
    match = _PERIOD.match(values["period"].strip())
    if values["period"] and (match is None or not 1990 <= int(match.group(1)) <= 2100):
        error("period", _("Expected a period as YYYY-Qn (e.g. 2026-Q3) or YYYY."))
    score = _score(values["score"])
    if values["score"] and score is None:
        error("score", _("Expected a number from 0 to %(max)s.") % {"max": conf("EVALUATION_SCALE_MAX")})
    if len(report.errors) > before:
        return None
    quarter = int(match.group(2)) if match.group(2) else None
    return (servant[0], int(match.group(1)), quarter), score


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= Decimal(conf("EVALUATION_SCALE_MAX")):
        return None
    return value.quantize(Decimal("0.01"))


def needs_record(*, servant_years: set[tuple[int, int]]) -> int:
    """Record the training needs of these servants for these years: an annual score below the threshold, and
    each competency assessed below the profile's level. Idempotent (UNIQUE; conflicts ignored)."""
    if not servant_years:
        return 0
    servant_ids = {s for s, _y in servant_years}
    scores: dict[tuple[int, int], list] = {}
    for sid, year, quarter, score in EvaluationResult.objects.filter(servant_id__in=servant_ids).values_list(
        "servant_id", "year", "quarter", "score"
    ):
        scores.setdefault((sid, year), []).append((quarter, score))
    threshold = Decimal(str(conf("EVALUATION_THRESHOLD")))
    needs = []
    for key in sorted(servant_years):
        annual = annual_from(scores.get(key, []))
        if annual is not None and annual < threshold:
            needs.append(
                TrainingNeed(
                    servant_id=key[0],
                    source=TrainingNeed.Source.EVALUATION,
                    year=key[1],
                    reason=f"{key[1]}: {annual} < {threshold}",
                )
            )
    needs += _gap_needs(servant_ids, max(y for _s, y in servant_years))
    TrainingNeed.objects.bulk_create(needs, batch_size=BATCH, ignore_conflicts=True)
    return len(needs)


def _gap_needs(servant_ids, year: int) -> list[TrainingNeed]:
    framework = cf.primary_framework()
    if framework is None:
        return []
    required = cf.RequiredLevels(framework)
    rows = list(
        CivilServant.objects.filter(pk__in=servant_ids).values_list(
            "pk", "position__corps", "position__category_code", "position__managerial", "body__path"
        )
    )
    required.load({r[1:] for r in rows})
    assessed = cf.latest_levels_for(servant_ids, framework)
    needs = []
    for row in rows:
        for cid, level in required.of(row[1:]).items():
            got = assessed.get((row[0], cid))
            if got is not None and got < level:
                needs.append(
                    TrainingNeed(
                        servant_id=row[0],
                        source=TrainingNeed.Source.ASSESSMENT,
                        year=year,
                        competency_id=cid,
                        target_level=level,
                        reason=f"{got} < {level}",
                    )
                )
    return needs


def _audit(actor, content: bytes, filename: str, report: ImportReport) -> None:
    sha256 = hashlib.sha256(content).hexdigest()
    audit_record(
        actor=actor,
        action="evaluations.import",
        object_type="evaluations.file",
        object_id=sha256,
        summary=f"{filename}: {report.summary_line()}",
        after={
            "filename": filename,
            "sha256": sha256,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
