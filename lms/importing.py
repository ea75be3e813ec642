"""The report every file import returns (E-kyzmet, training records, Moodle competency CSV), so commands,
pages and API endpoints print and render them the same way."""

import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class RowError:
    row: int  # 1 = header row
    column: str  # column name, '' for file-level
    message: str  # already rendered in the active language
    sheet: str = ""  # worksheet name in a workbook of several tables, else ''

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"
        if self.column:
            return f"{where}, column {self.column}: {self.message}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    layout: str  # what the header was recognised as; '' when it matched no layout
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary_line(self) -> str:
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"errors {len(self.errors)}")


def report_to_dict(report) -> dict:
    """The JSON an ImportJob keeps of a report (any import's report: E-kyzmet, training records, evaluations,
    Moodle CSV, question banks)."""
    return {
        "layout": str(getattr(report.layout, "value", report.layout) or ""),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "dry_run": bool(report.dry_run),
        "error_count": len(report.errors),
        "summary": report.summary_line(),
    }


@dataclass
class StoredRowError(RowError):
    """A row error read back from an import job; `line` is the line in the file when the importer gave one
    (a GIFT question's error), else 0."""

    line: int = 0


def error_to_dict(error) -> dict:
    """The JSON an ImportJob keeps of one error; `line` only for errors that carry one (question imports)."""
    data = {"row": getattr(error, "row", None), "column": getattr(error, "column", "") or "",
            "message": str(getattr(error, "message", error)), "sheet": getattr(error, "sheet", "") or ""}
    if hasattr(error, "line"):
        data["line"] = error.line or 0
    return data


def report_from_job(result: dict, errors: list[dict]) -> ImportReport:
    """A stored result back as a report, for the pages that render reports."""
    return ImportReport(
        layout=result.get("layout", ""), created=result.get("created", 0), updated=result.get("updated", 0),
        unchanged=result.get("unchanged", 0), dry_run=result.get("dry_run", False),
        errors=[StoredRowError(row=e.get("row"), column=e.get("column", ""), message=e.get("message", ""),
                               sheet=e.get("sheet", ""), line=e.get("line") or 0) for e in errors],
    )


# --- size of an upload, measured cheaply before it is parsed ------------------------------------------------

_CHUNK = 1 << 20


def estimate_rows(content: bytes, filename: str, *, stop_above: int | None = None) -> int:
    """The data rows of a CSV or XLSX upload, counted without parsing it: newlines of a CSV (quoted line breaks
    count too: an upper estimate); for an XLSX the `<row` elements of its worksheets, decompressed in 1 MB
    chunks, so a small archive that expands to millions of rows is seen here in a second or two and never
    reaches a parser. Counting stops past `stop_above` rows or past IMPORT_MAX_XML_BYTES of XML (an archive
    bomb), returning a number above the limit. An unreadable archive counts 0 (the import reports it)."""
    if not (filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04"):
        lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
        return max(0, lines - 1)
    budget = settings.IMPORT_MAX_XML_BYTES
    rows = 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            sheet_rows, tail = 0, b""
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    budget -= len(chunk)
                    if budget < 0:
                        return max(rows + sheet_rows, (stop_above or max_rows()) + 1)
                    data = tail + chunk
                    sheet_rows += data.count(b"<row") - tail.count(b"<row")
                    tail = data[-3:]
                    if stop_above is not None and rows + sheet_rows - 1 > stop_above:
                        return rows + sheet_rows - 1
            rows += max(0, sheet_rows - 1)  # less the header row
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError,
            NotImplementedError):
        return 0
    return rows


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def too_many_rows_message(limit: int | None = None) -> str:
    return str(_("The file has more than %(limit)s rows, more than one import may take; split it into "
                 "smaller files.") % {"limit": f"{limit or max_rows():,}".replace(",", "\u00a0")})
