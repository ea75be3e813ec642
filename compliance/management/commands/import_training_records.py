"""`manage.py import_training_records FILE [--dry-run]`: historical training (E-kyzmet or other providers).
Errors print as `row N, column X: message`; the last line is the summary; exit 1 when any row is bad
(and then nothing is written)."""

from compliance.training_import import training_import
from lms.management.importing import ImportCommand


class Command(ImportCommand):
    help = ("Import training records: CSV or XLSX with columns personnel_number,title,course_type,hours,"
            "completed_on,provider; see docs/compliance.md.")

    def run_import(self, *, content, filename, dry_run, progress, **options):
        return training_import(content=content, filename=filename, actor=None, dry_run=dry_run, progress=progress)
