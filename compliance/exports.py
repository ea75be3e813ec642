"""CSV and XLSX of the dashboard's servant list: the same rows (all pages), the same filters, the same columns
and cell texts as the table on screen (the template renders `cells()` too). IINs are not on screen, so not here.
Every export of personal data is audited."""

import tempfile
from collections.abc import Iterator
from datetime import date

from django.http import FileResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from compliance.dashboard import Filters, ListRow, iter_servant_rows
from lms.audit import audit_record
from lms.exports import csv_writer, safe_row

STATUS_LABELS = {"compliant": _("compliant"), "due_soon": _("due soon"), "overdue": _("overdue"),
                 "exempt": _("exempt")}
COLUMNS = [
    ("personnel_number", _("Personnel number")), ("name", _("Name")), ("body", _("State body")),
    ("unit", _("Unit")), ("corps", _("Corps")), ("category", _("Category")), ("status", _("Status")),
    ("due_date", _("Due date")), ("last_title", _("Last qualifying training")),
    ("last_completed_on", _("Completed on")),
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return [str(label) for _key, label in COLUMNS]


def cell_values(row: ListRow) -> list:
    """Typed values (dates stay dates, for XLSX)."""
    return [row.personnel_number, row.name, row.body, row.unit, row.corps, row.category,
            str(STATUS_LABELS[row.status]), row.due_date, row.last_title, row.last_completed_on]


def cells(row: ListRow) -> list[str]:
    """The texts of one row, as the table on screen shows them (dates in the reader's language's short format,
    e.g. 07.12.2029 in Kazakh and Russian: what Excel of that locale reads as a date)."""
    return [date_format(v, "SHORT_DATE_FORMAT") if isinstance(v, date) else ("" if v is None else str(v)) for v in cell_values(row)]


def filename(f: Filters, ext: str) -> str:
    scope = f"-{f.body.code}" if f.body else ""
    status = f"-{f.status}" if f.status else ""
    return f"compliance-{f.rule}{scope}{status}-{f.as_of.isoformat()}.{ext}"


def _audit(user, f: Filters, fmt: str) -> None:
    audit_record(actor=user, action="compliance.export", object_type="compliance",
                 summary=f"{fmt} {filename(f, fmt)}",
                 after={"format": fmt, "rule": f.rule, "as_of": f.as_of.isoformat(), "status": f.status,
                        "body": f.body.code if f.body else "", "unit": f.unit.pk if f.unit else None,
                        "corps": f.corps, "category": f.category, "sort": f.sort})


class _Echo:
    def write(self, value):
        return value


def _csv_lines(user, f: Filters) -> Iterator[str]:
    writer = csv_writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(headers())  # the BOM makes Excel read UTF-8 Cyrillic and Kazakh right
    for row in iter_servant_rows(user, f):
        yield writer.writerow(cells(row))


def csv_response(user, f: Filters) -> StreamingHttpResponse:
    _audit(user, f, "csv")
    response = StreamingHttpResponse(_csv_lines(user, f), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(f, "csv")}"'
    return response


def xlsx_file(user, f: Filters):
    """A spooled file with the workbook (openpyxl write-only mode: rows are not kept in memory)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=f.rule)
    sheet.append(headers())
    for row in iter_servant_rows(user, f):
        sheet.append(safe_row(cell_values(row)))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def xlsx_response(user, f: Filters) -> FileResponse:
    _audit(user, f, "xlsx")
    return FileResponse(xlsx_file(user, f), as_attachment=True, filename=filename(f, "xlsx"),
                        content_type=XLSX_TYPE)
