"""Writes for competency frameworks: Moodle CSV import (and its export twin), assessments. Atomic and audited."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from competency_framework import moodle_csv
from competency_framework.models import (
    LANGUAGES,
    AssessmentSource,
    Competency,
    CompetencyAssessment,
    Framework,
    ProfileRequirement,
    ScaleLevel,
)
from competency_framework.moodle_csv import ImportReport, RowError
from competency_framework.selectors import competency_tree
from lms import data_versions
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from people.models import CivilServant, localized
from people.permissions import actor_for

COMPETENCY_FIELDS = ("parent_id", "description_format", "sort_order", "scale_values", "scale_configuration",
                     "rule_type", "rule_outcome", "rule_config")


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (dry run, or errors found while writing)."""


def _require_framework_admin(actor) -> None:
    # None = the system (management commands run by an operator).
    if actor is not None and not actor_for(actor).is_admin:
        raise NotAllowed(_("Only APA administrators may import competency frameworks."))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ApplicationError("bad_language", _("Language must be one of kk, ru, en."))


def _assign(obj, values: dict) -> bool:
    """Set attributes; True when any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def framework_import_moodle_csv(*, content: bytes, actor, dry_run: bool = False, language: str = "en",
                                filename: str = "", progress: Callable[[int, int], None] | None = None,
                                ) -> ImportReport:
    """Create or update (by ID number) a framework from a Moodle competency CSV. Names and descriptions go to
    the `language` fields; the other languages are kept. All or nothing: any error writes nothing.
    Also the importer of the "competency_framework" import job (lms.import_jobs): `progress(done, total)` is
    called per level of the tree, `filename` goes to the audit entry."""
    _require_framework_admin(actor)
    _check_language(language)
    parsed = moodle_csv.parse(content)
    report = ImportReport(layout=parsed.layout, errors=list(parsed.errors), dry_run=dry_run)
    if report.errors:
        return report
    report.framework_idnumber = parsed.framework.idnumber
    try:
        with transaction.atomic():
            framework = _import_framework(parsed.framework, report, language)
            _import_competencies(framework, parsed.competencies, report, language, progress)
            if report.errors or dry_run:
                raise _Rollback
            after = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                     "language": language}
            if filename:
                after["filename"] = filename
            audit_record(actor=actor, action="competency_framework.import", obj=framework,
                         summary=f"{framework.idnumber}: {report.summary_line()}", after=after)
            data_versions.bump_data_version("competency_framework")  # bulk writes send no signals
    except _Rollback:
        pass
    if report.errors:
        report.created = report.updated = report.unchanged = 0  # nothing was written
    return report


def _import_framework(row: moodle_csv.FrameworkRow, report: ImportReport, language: str) -> Framework:
    values = {f"name_{language}": row.name, f"description_{language}": row.description,
              "description_format": row.description_format, "taxonomies": row.taxonomies}
    framework = Framework.objects.select_for_update().filter(idnumber=row.idnumber).first()
    if framework is None:
        framework = Framework.objects.create(idnumber=row.idnumber, **values)
        _sync_levels(framework, row, report, language)
        report.created += 1
        return framework
    changed = _assign(framework, values)
    if changed:
        framework.save()
    changed |= _sync_levels(framework, row, report, language)
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1
    return framework


def _sync_levels(framework: Framework, row: moodle_csv.FrameworkRow, report: ImportReport, language: str) -> bool:
    existing = {lv.value: lv for lv in framework.levels.all()}
    new, changed = [], []
    for spec in row.levels:
        values = {f"name_{language}": spec.name, "is_default": spec.is_default, "is_proficient": spec.is_proficient}
        level = existing.get(spec.value)
        if level is None:
            new.append(ScaleLevel(framework=framework, value=spec.value, **values))
        elif _assign(level, values):
            changed.append(level)
    dropped = [lv for value, lv in existing.items() if value > len(row.levels)]
    if dropped and (ProfileRequirement.objects.filter(level__in=dropped).exists()
                    or CompetencyAssessment.objects.filter(level__in=dropped).exists()):
        report.errors.append(RowError(row.row, moodle_csv.HEADERS[moodle_csv.SCALEVALUES], _(
            "The scale would lose levels that position profiles or assessments use.")))
        return False
    ScaleLevel.objects.filter(pk__in=[lv.pk for lv in dropped]).delete()
    ScaleLevel.objects.bulk_create(new)
    ScaleLevel.objects.bulk_update(changed, [f"name_{language}", "is_default", "is_proficient"])
    return bool(new or changed or dropped)


def _depths(rows: list[moodle_csv.CompetencyRow]) -> dict[str, int]:
    by_id = {r.idnumber: r for r in rows}
    depth: dict[str, int] = {}

    def of(idnumber: str) -> int:
        if idnumber not in depth:
            parent = by_id[idnumber].parent
            depth[idnumber] = of(parent) + 1 if parent else 0
        return depth[idnumber]

    for r in rows:
        of(r.idnumber)
    return depth


def _import_competencies(framework: Framework, rows: list[moodle_csv.CompetencyRow], report: ImportReport,
                         language: str, progress: Callable[[int, int], None] | None = None) -> None:
    """Upsert by ID number, one depth at a time so parents have keys before their children."""
    done, total = 0, len(rows) + 1  # + the cross-references
    existing = {c.idnumber: c for c in framework.competencies.all()}
    ids = {idn: c.pk for idn, c in existing.items()}
    status: dict[str, str] = {}
    depth = _depths(rows)
    update_fields = [f"name_{language}", f"description_{language}", *COMPETENCY_FIELDS]
    for level in sorted(set(depth.values())):
        to_create, to_update = [], []
        level_rows = [r for r in rows if depth[r.idnumber] == level]
        for r in level_rows:
            values = {
                f"name_{language}": r.name, f"description_{language}": r.description,
                "parent_id": ids[r.parent] if r.parent else None, "description_format": r.description_format,
                "sort_order": r.sort_order, "scale_values": r.scale_values,
                "scale_configuration": r.scale_configuration, "rule_type": r.rule_type,
                "rule_outcome": r.rule_outcome, "rule_config": r.rule_config,
            }
            comp = existing.get(r.idnumber)
            if comp is None:
                to_create.append(Competency(framework=framework, idnumber=r.idnumber, **values))
                status[r.idnumber] = "created"
            elif _assign(comp, values):
                to_update.append(comp)
                status[r.idnumber] = "updated"
            else:
                status[r.idnumber] = "unchanged"
        for comp in Competency.objects.bulk_create(to_create):
            ids[comp.idnumber] = comp.pk
        Competency.objects.bulk_update(to_update, update_fields)
        done += len(level_rows)
        if progress is not None:
            progress(done, total)
    _sync_related(rows, ids, status)
    if progress is not None:
        progress(total, total)
    for value in status.values():
        setattr(report, value, getattr(report, value) + 1)


def _sync_related(rows: list[moodle_csv.CompetencyRow], ids: dict[str, int], status: dict[str, str]) -> None:
    """The file is authoritative for its competencies' cross-references (symmetric, stored both ways)."""
    through = Competency.related.through
    file_pks = [ids[r.idnumber] for r in rows]
    before: dict[int, set[int]] = defaultdict(set)
    for a, b in through.objects.filter(from_competency_id__in=file_pks).values_list(
            "from_competency_id", "to_competency_id"):
        before[a].add(b)
    after: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        for other in r.related:
            a, b = ids[r.idnumber], ids[other]
            if a != b:
                after[a].add(b)
                after[b].add(a)
    idnumber_of = {pk: idn for idn, pk in ids.items()}
    changed = [pk for pk in file_pks if before[pk] != after[pk]]
    if not changed:
        return
    for pk in changed:
        if status[idnumber_of[pk]] == "unchanged":
            status[idnumber_of[pk]] = "updated"
    through.objects.filter(from_competency_id__in=file_pks).delete()
    through.objects.filter(to_competency_id__in=file_pks).delete()
    through.objects.bulk_create(
        [through(from_competency_id=a, to_competency_id=b) for a, others in after.items() for b in others]
    )


def framework_export_moodle_csv(*, framework: Framework, language: str = "en") -> str:
    """The framework as a Moodle competency CSV (tool_lpimportcsv's column order); a few queries."""
    _check_language(language)
    levels = list(framework.levels.order_by("value"))
    header = [
        "", framework.idnumber, localized(framework, "name", language),
        localized(framework, "description", language), framework.description_format,
        ",".join(localized(lv, "name", language) for lv in levels),
        moodle_csv.scale_configuration(levels, framework.pk), "", "", "", "", "", 1, framework.taxonomies,
    ]
    tree = competency_tree(framework)
    idnumber_of = {c.pk: c.idnumber for _depth, c in tree}
    related: dict[int, list[str]] = defaultdict(list)
    for a, b in Competency.related.through.objects.filter(from_competency__framework=framework).values_list(
            "from_competency_id", "to_competency_id").order_by("from_competency_id", "to_competency_id"):
        related[a].append(idnumber_of[b])
    rows = [
        [
            idnumber_of.get(c.parent_id, ""), c.idnumber, localized(c, "name", language),
            localized(c, "description", language), c.description_format, c.scale_values, c.scale_configuration,
            c.rule_type, c.rule_outcome, "null" if c.rule_config is None else c.rule_config,
            moodle_csv.join_related(sorted(related[c.pk])), c.pk, "", "",
        ]
        for _depth, c in tree
    ]
    return moodle_csv.write(header, rows)


@transaction.atomic
def assessment_record(*, servant: CivilServant, competency: Competency, level: ScaleLevel, source: str,
                      assessed_on: date, actor, note: str = "") -> CompetencyAssessment:
    if level.framework_id != competency.framework_id:
        raise ApplicationError("level_not_in_scale", _("The level does not belong to this framework's scale."))
    if source not in AssessmentSource.values:
        raise ApplicationError("bad_source", _("Unknown assessment source."))
    assessment = CompetencyAssessment.objects.create(
        servant=servant, competency=competency, level=level, source=source, assessed_on=assessed_on,
        assessor=actor if getattr(actor, "is_authenticated", False) else None, note=note,
    )
    audit_record(actor=actor, action="competency.assess", obj=assessment,
                 summary=f"{servant.personnel_number} {competency.idnumber}={level.value}",
                 after={"servant": servant.personnel_number, "competency": competency.idnumber,
                        "level": level.value, "source": source, "assessed_on": str(assessed_on)})
    return assessment
