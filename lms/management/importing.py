"""The shared shape of every file-import command: read FILE, run the import service with a progress bar,
print one line per bad row, end with the summary line, exit 1 when anything was refused (nothing written)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class ImportCommand(BaseCommand):
    """Subclasses define `run_import(*, content, filename, dry_run, progress, **options)` calling their app's
    import service and returning its report (`errors`, `summary_line()`, `ok`)."""

    file_help = "CSV (UTF-8 or Windows-1251, ',' or ';') or XLSX file"

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}")
        bar = tqdm(total=1, unit="step", file=sys.stderr, disable=options["verbosity"] < 1, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        try:
            report = self.run_import(content=content, filename=path.name, dry_run=dry_run, progress=progress,
                                     **options)
        finally:
            bar.close()
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        if not report.ok:
            self.stdout.flush()
            sys.exit(1)
