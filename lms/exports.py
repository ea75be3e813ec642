"""The one escaping rule for every CSV and XLSX cell the platform writes (docs/security.md, "Exports").

Spreadsheet programs run a cell whose text starts with `=`, `+`, `-`, `@`, tab or carriage return as a formula
(`=HYPERLINK(...)`, `@SUM(1+1)*cmd|...`): such text gets a leading apostrophe, which Excel and LibreOffice show
as plain text. Numbers, dates and empty cells stay as they are, so sums still work. In XLSX an escaped value can
no longer start with `=`, so openpyxl stores it as a string, never as a formula."""

import csv
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """`csv.writer` whose rows pass through `safe_cell` (the only writer exports should use)."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self._writer.writerow(safe_row(row))


def csv_writer(out, **kwargs) -> SafeWriter:
    return SafeWriter(out, **kwargs)
