"""`python manage.py export_analytics FILE.h5 [--variant full|analyst]`: the analytics HDF5 file
(docs/analytics.md), with a progress bar."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from media.tracking.analytics_export import write_export


class Command(BaseCommand):
    help = "Write the analytics HDF5 file (competency gaps, compliance by month, training hours, engagement)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="output .h5 path")
        parser.add_argument("--variant", choices=["full", "analyst"], default="full",
                            help="analyst: aggregates by state body, no personal data")

    def handle(self, *args, file, variant, **options):
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="row" if stage == "competencies" else "step",
                                         file=self.stderr, disable=None)
            bar.update(done - bar.n)

        path = write_export(file, variant=variant, progress=progress)
        for bar in bars.values():
            bar.close()
        self.stdout.write(str(path))
