"""Moodle competency-framework CSV (tool_lpimportcsv): parsing with row-level checks, and writing.

Columns are read by position (headers vary by Moodle language and version):
 0 Parent ID number, 1 ID number, 2 Short name, 3 Description, 4 Description format, 5 Scale values,
 6 Scale configuration, 7 Rule type, 8 Rule outcome, 9 Rule config, 10 Cross-referenced competency ID numbers,
 11 Exported ID, 12 Is framework, 13 Taxonomy.
The framework row (Is framework = 1) carries the scale and the taxonomy; every other row is a competency.
Row numbers count CSV records with the header as row 1 (a quoted multi-line cell is still one row)."""

import csv
import io
import json
import re
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.utils.translation import gettext as _

from lms.importing import ImportReport as BaseImportReport
from lms.importing import RowError

HEADERS = [
    "Parent ID number", "ID number", "Short name", "Description", "Description format", "Scale values",
    "Scale configuration", "Rule type (optional)", "Rule outcome (optional)", "Rule config (optional)",
    "Cross-referenced competency ID numbers", "Exported ID (optional)", "Is framework", "Taxonomy",
]
(PARENT, IDNUMBER, SHORTNAME, DESCRIPTION, DESCFORMAT, SCALEVALUES, SCALECONFIG, RULETYPE, RULEOUTCOME,
 RULECONFIG, RELATED, EXPORTID, ISFRAMEWORK, TAXONOMY) = range(14)
MIN_COLUMNS = 13  # files written before the Taxonomy column existed still import
MAX_IDNUMBER = 100
VALID_FORMATS = {0, 1, 2, 4}
TRUE_WORDS = {"1", "true", "yes", "y", "x"}
UPLOAD_MAX_BYTES = getattr(settings, "COMPETENCY_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)  # API and page alike


def export_filename(idnumber: str, language: str) -> str:
    """An attachment name safe in a Content-Disposition header."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", idnumber) or "framework"
    return f"{safe}-{language}.csv"


@dataclass
class ImportReport(BaseImportReport):
    """The shared import report, plus the ID number of the framework the file described."""

    framework_idnumber: str = ""


@dataclass
class LevelSpec:
    value: int
    name: str
    is_default: bool
    is_proficient: bool


@dataclass
class FrameworkRow:
    row: int
    idnumber: str
    name: str
    description: str
    description_format: int
    levels: list[LevelSpec]
    taxonomies: str


@dataclass
class CompetencyRow:
    row: int
    parent: str
    idnumber: str
    name: str
    description: str
    description_format: int
    scale_values: str
    scale_configuration: str
    rule_type: str
    rule_outcome: int
    rule_config: str | None
    related: list[str]
    sort_order: int = 0


@dataclass
class ParsedFile:
    framework: FrameworkRow | None = None
    competencies: list[CompetencyRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    layout: str = ""

    def error(self, row: int, column: int | None, message: str) -> None:
        self.errors.append(RowError(row=row, column=HEADERS[column] if column is not None else "", message=message))


def sanitize_html(text: str) -> str:
    """Descriptions arrive as HTML from other systems: keep formatting, drop scripts, handlers and styles."""
    return nh3.clean(text).strip() if text else ""


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def split_related(cell: str) -> list[str]:
    """'A,B%2CC' -> ['A', 'B,C'] (Moodle escapes a comma inside an ID number as %2C)."""
    return [part.strip().replace("%2C", ",") for part in cell.split(",") if part.strip()]


def join_related(idnumbers: list[str]) -> str:
    return ",".join(i.replace(",", "%2C") for i in idnumbers)


def parse_scale(values: str, config: str) -> tuple[list[LevelSpec] | None, int | None, str]:
    """Levels from 'Scale values' and 'Scale configuration', or (None, column, message)."""
    names = [v.strip() for v in values.split(",")]
    if not values.strip() or any(not n for n in names):
        return None, SCALEVALUES, _("Scale values must be a comma-separated list of level names.")
    try:
        data = json.loads(config)
    except (json.JSONDecodeError, TypeError):
        return None, SCALECONFIG, _("Scale configuration is not valid JSON.")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict) or "scaleid" not in data[0]:
        return None, SCALECONFIG, _('Scale configuration must be a JSON list starting with {"scaleid": ...}.')
    levels = [LevelSpec(i + 1, n, False, False) for i, n in enumerate(names)]
    for item in data[1:]:
        try:
            index = int(item["id"]) - 1
            if index < 0:
                raise IndexError
            level = levels[index]
        except (KeyError, TypeError, ValueError, IndexError):
            return None, SCALECONFIG, _("Scale configuration refers to a level the scale does not have.")
        level.is_default = bool(int(item.get("scaledefault") or 0))
        level.is_proficient = bool(int(item.get("proficient") or 0))
    if sum(lv.is_default for lv in levels) != 1:
        return None, SCALECONFIG, _("Scale configuration must mark exactly one default level.")
    if not any(lv.is_proficient for lv in levels):
        return None, SCALECONFIG, _("Scale configuration must mark at least one proficient level.")
    return levels, None, ""


def scale_configuration(levels, scale_id) -> str:
    items = [{"scaleid": str(scale_id)}]
    items += [{"id": lv.value, "scaledefault": int(lv.is_default), "proficient": int(lv.is_proficient)}
              for lv in levels]
    return json.dumps(items, separators=(",", ":"))


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _description_format(parsed: ParsedFile, rownum: int, raw: str) -> int | None:
    try:
        value = int(raw) if raw else 1
    except ValueError:
        value = -1
    if value not in VALID_FORMATS:
        parsed.error(rownum, DESCFORMAT, _("Description format must be 0, 1, 2 or 4."))
        return None
    return value


def _parse_framework(parsed: ParsedFile, rownum: int, row: list[str]) -> None:
    if parsed.framework is not None:
        parsed.error(rownum, ISFRAMEWORK, _("A file may hold one framework only (see row %(row)s).")
                     % {"row": parsed.framework.row})
        return
    fmt = _description_format(parsed, rownum, _cell(row, DESCFORMAT))
    if fmt is None:
        return
    levels, column, message = parse_scale(_cell(row, SCALEVALUES), _cell(row, SCALECONFIG))
    if levels is None:
        parsed.error(rownum, column, message)
        return
    parsed.framework = FrameworkRow(
        row=rownum, idnumber=_cell(row, IDNUMBER), name=_cell(row, SHORTNAME),
        description=sanitize_html(_cell(row, DESCRIPTION)), description_format=fmt, levels=levels,
        taxonomies=",".join(t.strip() for t in _cell(row, TAXONOMY).split(",") if t.strip()),
    )


def _parse_competency(parsed: ParsedFile, rownum: int, row: list[str]) -> None:
    fmt = _description_format(parsed, rownum, _cell(row, DESCFORMAT))
    if fmt is None:
        return
    scale_values, scale_config = _cell(row, SCALEVALUES), _cell(row, SCALECONFIG)
    if scale_values:
        levels, column, message = parse_scale(scale_values, scale_config)
        if levels is None:
            parsed.error(rownum, column, message)
            return
    rule_config = _cell(row, RULECONFIG)
    if rule_config in ("", "null"):
        rule_config = None
    else:
        try:
            json.loads(rule_config)
        except json.JSONDecodeError:
            parsed.error(rownum, RULECONFIG, _("Rule config is not valid JSON (use null for none)."))
            return
    try:
        outcome = int(_cell(row, RULEOUTCOME) or 0)
    except ValueError:
        parsed.error(rownum, RULEOUTCOME, _("Rule outcome must be a whole number."))
        return
    parsed.competencies.append(CompetencyRow(
        row=rownum, parent=_cell(row, PARENT), idnumber=_cell(row, IDNUMBER), name=_cell(row, SHORTNAME),
        description=sanitize_html(_cell(row, DESCRIPTION)), description_format=fmt,
        scale_values=scale_values, scale_configuration=scale_config if scale_values else "",
        rule_type=_cell(row, RULETYPE), rule_outcome=outcome, rule_config=rule_config,
        related=split_related(_cell(row, RELATED)),
    ))


def _check_common(parsed: ParsedFile, rownum: int, row: list[str]) -> bool:
    idnumber, name = _cell(row, IDNUMBER), _cell(row, SHORTNAME)
    if not idnumber:
        parsed.error(rownum, IDNUMBER, _("ID number is required."))
    elif len(idnumber) > MAX_IDNUMBER:
        parsed.error(rownum, IDNUMBER, _("ID number is longer than %(n)s characters.") % {"n": MAX_IDNUMBER})
    elif not name:
        parsed.error(rownum, SHORTNAME, _("Short name is required."))
    else:
        return True
    return False


def _check_tree(parsed: ParsedFile) -> None:
    """Duplicate ID numbers, unknown parents and cross-references, cycles; assign sibling order."""
    by_id: dict[str, CompetencyRow] = {}
    for comp in parsed.competencies:
        if comp.idnumber in by_id:
            parsed.error(comp.row, IDNUMBER, _("ID number “%(id)s” is already used in row %(row)s.")
                         % {"id": comp.idnumber, "row": by_id[comp.idnumber].row})
        else:
            by_id[comp.idnumber] = comp
    for comp in parsed.competencies:
        if comp.parent and comp.parent not in by_id:
            parsed.error(comp.row, PARENT, _("Parent ID number “%(id)s” is not in the file.") % {"id": comp.parent})
        unknown = [r for r in comp.related if r not in by_id]
        if unknown:
            parsed.error(comp.row, RELATED, _("Cross-referenced ID number “%(id)s” is not in the file.")
                         % {"id": unknown[0]})
    for comp in parsed.competencies:
        seen, node = {comp.idnumber}, comp
        while node.parent and node.parent in by_id:
            node = by_id[node.parent]
            if node.idnumber in seen:
                parsed.error(comp.row, PARENT, _("Parent chain loops back to “%(id)s”.") % {"id": node.idnumber})
                break
            seen.add(node.idnumber)
    siblings: dict[str, int] = {}
    for comp in parsed.competencies:
        comp.sort_order = siblings.get(comp.parent, 0)
        siblings[comp.parent] = comp.sort_order + 1


def parse(content: bytes) -> ParsedFile:
    parsed = ParsedFile()
    text = _decode(content)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        parsed.error(1, None, _("The file is not valid CSV: %(error)s") % {"error": exc})
        return parsed
    if not rows or len(rows[0]) < MIN_COLUMNS:
        parsed.error(1, None, _("The header must have the %(n)s Moodle competency columns.") % {"n": len(HEADERS)})
        return parsed
    parsed.layout = "moodle"
    for rownum, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if not _check_common(parsed, rownum, row):
            continue
        if _cell(row, ISFRAMEWORK).lower() in TRUE_WORDS:
            _parse_framework(parsed, rownum, row)
        else:
            _parse_competency(parsed, rownum, row)
    if parsed.framework is None and not parsed.errors:
        parsed.error(1, None, _("No framework row (Is framework = 1) in the file."))
    _check_tree(parsed)
    parsed.errors = _first_per_row(parsed.errors)
    return parsed


def _first_per_row(errors: list[RowError]) -> list[RowError]:
    """One message per bad row (the first found), in row order."""
    first: dict[int, RowError] = {}
    for error in errors:
        first.setdefault(error.row, error)
    return [first[row] for row in sorted(first)]


def write(framework_row: list, competency_rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerow(framework_row)
    writer.writerows(competency_rows)
    return out.getvalue()
