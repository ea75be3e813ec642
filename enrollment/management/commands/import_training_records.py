"""`manage.py import_training_records FILE [--dry-run]`: historical training (E-kyzmet or other providers).
Errors print as `row N, column X: message`; the last line is the summary; exit 1 when any row is bad
(and then nothing is written)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from enrollment.training_import import training_import


class Command(BaseCommand):
    help = ("Import training records: CSV or XLSX with columns personnel_number,title,course_type,hours,"
            "completed_on,provider; see docs/compliance.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1251, ',' or ';') or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}")
        bar = tqdm(total=1, unit="row", file=sys.stderr, disable=options["verbosity"] < 1, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            report = training_import(content=content, filename=path.name, actor=None, dry_run=dry_run,
                                     progress=progress)
        finally:
            bar.close()
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        if not report.ok:
            self.stdout.flush()
            sys.exit(1)
