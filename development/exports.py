"""CSV and XLSX exports of the HR views (plans of a subtree, demand per competency and course, the mentor
allowance period). A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe. Every export is audited."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from lms.audit import audit_record
from lms.exports import safe_cell as escape_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(escape_cell(value) if isinstance(value, str) else value)


class _Echo:
    def write(self, value):
        return value


def _csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([_text(h) for h in headers])  # BOM: Excel reads UTF-8 Cyrillic right
    for row in rows:
        yield writer.writerow([_text(v) for v in row])


def export_response(*, user, name: str, fmt: str, headers: list[str], rows: Iterable[list], what: str):
    audit_record(
        actor=user,
        action="development.export",
        object_type="development",
        summary=f"{fmt} {name}",
        after={"export": what, "format": fmt},
    )
    if fmt == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=what[:31])
        sheet.append([str(h) for h in headers])
        for row in rows:
            sheet.append([escape_cell(v) for v in row])
        out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        book.save(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX_TYPE)
    response = StreamingHttpResponse(
        _csv_lines([str(h) for h in headers], rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
