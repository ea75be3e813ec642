"""`manage.py generate_development_plans --period YYYY [--body CODE] [--dry-run]`: drafts a plan for every
servant who must have one (corps A, the corps A reserve: settings.DEVELOPMENT) and has none for the period.
Last line `created N, unchanged N, errors N`; a second run creates nothing; --dry-run writes nothing."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from development.drafting import plans_generate
from people.models import StateBody


class Command(BaseCommand):
    help = "Draft individual development plans for a period (calendar year); see docs/development.md."

    def add_arguments(self, parser):
        parser.add_argument("--period", type=int, required=True, help="the plan year, e.g. 2027")
        parser.add_argument("--body", default="", help="only this state body's subtree (its code)")
        parser.add_argument("--dry-run", action="store_true", help="count, write nothing")

    def handle(self, *args, period, body, dry_run, **options):
        if not 1990 <= period <= 2100:
            raise CommandError("--period must be a year such as 2027")
        root = None
        if body:
            root = StateBody.objects.filter(code=body).first()
            if root is None:
                raise CommandError(f"no state body with code {body}")
        bar = tqdm(total=1, unit="servant", file=sys.stderr, disable=options["verbosity"] < 1, leave=False)

        def progress(done: int, total: int) -> None:
            bar.total, bar.n = total, done
            bar.refresh()

        try:
            report = plans_generate(year=period, body=root, dry_run=dry_run, progress=progress)
        finally:
            bar.close()
        for error in report.errors:
            self.stdout.write(error)
        self.stdout.write(report.summary_line())
        if report.errors:
            self.stdout.flush()
            sys.exit(1)
