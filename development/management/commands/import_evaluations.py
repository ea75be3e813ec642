"""`manage.py import_evaluations FILE [--dry-run]`: evaluation results, columns personnel_number,period,score
(period YYYY-Qn or YYYY). Errors print as `row N, column X: message`; the last line is
`created N, updated N, unchanged N, errors N`; exit 1 when any row is bad (and then nothing is written)."""

from development.evaluations import evaluations_import
from lms.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import evaluation results: CSV or XLSX with columns personnel_number,period,score "
        "(period YYYY-Qn or YYYY); see docs/development.md."
    )

    def run_import(self, *, content, filename, dry_run, progress, **options):
        return evaluations_import(
            content=content, filename=filename, actor=None, dry_run=dry_run, progress=progress
        )
