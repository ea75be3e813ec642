"""`manage.py import_ekyzmet FILE [--dry-run]`: import an E-kyzmet bodies or servants export (or a workbook
holding both) as the system. Errors print as `[sheet NAME, ]row N, column X: message` (RowError.__str__)."""

from lms.management.importing import ImportCommand
from people.ekyzmet import ekyzmet_import


class Command(ImportCommand):
    help = ("Import an E-kyzmet export (bodies or servants, CSV or XLSX; an XLSX workbook may hold both as "
            "sheets, taken in order); see docs/ekyzmet-format.md.")

    def run_import(self, *, content, filename, dry_run, progress, **options):
        return ekyzmet_import(content=content, filename=filename, actor=None, dry_run=dry_run, progress=progress)
