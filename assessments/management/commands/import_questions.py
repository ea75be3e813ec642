"""python manage.py import_questions FILE --bank CODE [--format gift|xml] [--language kk|ru|en]"""

from assessments.banks import bank_import
from lms.management.importing import ImportCommand


class Command(ImportCommand):
    help = "Import questions from Moodle GIFT or Moodle XML into a bank (created if needed). All or nothing."
    file_help = "GIFT (.gift/.txt) or Moodle XML (.xml) file, UTF-8"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--bank", required=True, help="bank CODE (created when missing)")
        parser.add_argument("--format", choices=["gift", "xml"], help="guessed from the content when omitted")
        parser.add_argument(
            "--language",
            choices=["kk", "ru", "en"],
            help="column the texts go to; guessed per question when omitted",
        )

    def run_import(self, *, content, filename, dry_run, progress, **options):
        return bank_import(
            bank_code=options["bank"],
            content=content,
            actor=None,
            fmt=options.get("format"),
            language=options.get("language"),
            dry_run=dry_run,
            progress=progress,
        )
