"""python manage.py export_competencies FRAMEWORK_IDNUMBER FILE [--language en]  (FILE '-' = stdout)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from competency_framework.models import Framework
from competency_framework.services import framework_export_moodle_csv


class Command(BaseCommand):
    help = "Export a competency framework as a Moodle competency CSV."

    def add_arguments(self, parser):
        parser.add_argument("framework_idnumber")
        parser.add_argument("file", help="Output path, or - for standard output.")
        parser.add_argument("--language", default="en", choices=["kk", "ru", "en"])

    def handle(self, *args, framework_idnumber, file, language, **options):
        framework = Framework.objects.filter(idnumber=framework_idnumber).first()
        if framework is None:
            raise CommandError(f"No framework with ID number {framework_idnumber!r}.")
        text = framework_export_moodle_csv(framework=framework, language=language)
        if file == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(file)
        path.parent.mkdir(parents=True, exist_ok=True)  # `var/exports/...` works from a fresh clone
        path.write_text(text, encoding="utf-8", newline="")
        rows = framework.competencies.count()
        self.stdout.write(f"exported {framework.idnumber}: {rows} competencies to {file}")
