"""`manage.py import_ekyzmet FILE [--dry-run]`: import an E-kyzmet bodies or servants export (or a workbook
holding both) as the system. Errors print as `[sheet NAME, ]row N, column X: message` (RowError.__str__)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from people.ekyzmet import ekyzmet_import


class Command(BaseCommand):
    help = ("Import an E-kyzmet export (bodies or servants, CSV or XLSX; an XLSX workbook may hold both as "
            "sheets, taken in order); see docs/ekyzmet-format.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8 or Windows-1251, ',' or ';') or XLSX file")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}")
        bar = tqdm(total=1, unit="step", file=sys.stderr, disable=options["verbosity"] < 1, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            report = ekyzmet_import(content=content, filename=path.name, actor=None, dry_run=dry_run,
                                    progress=progress)
        finally:
            bar.close()
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        if not report.ok:
            self.stdout.flush()
            sys.exit(1)
