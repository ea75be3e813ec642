"""The report every file import returns (E-kyzmet, training records, Moodle competency CSV), so commands,
pages and API endpoints print and render them the same way."""

from dataclasses import dataclass, field


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
