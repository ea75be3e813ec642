"""python manage.py export_questions CODE FILE [--format gift|xml] [--language kk|ru|en]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.banks import bank_export
from assessments.models import QuestionBank


class Command(BaseCommand):
    help = "Export a question bank as Moodle GIFT or Moodle XML (import_questions reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="bank CODE")
        parser.add_argument("file", help="output file")
        parser.add_argument(
            "--format", choices=["gift", "xml"], help="default: from the file name, else gift"
        )
        parser.add_argument(
            "--language",
            choices=["kk", "ru", "en"],
            help="language to write; default: each question's own (first filled of ru, kk, en)",
        )

    def handle(self, *args, code, file, **options):
        bank = QuestionBank.objects.filter(code=code).first()
        if bank is None:
            raise CommandError(f"no question bank {code}")
        fmt = options.get("format") or ("xml" if file.lower().endswith(".xml") else "gift")
        text = bank_export(bank=bank, actor=None, fmt=fmt, language=options.get("language"))
        Path(file).write_text(text, encoding="utf-8")
        self.stdout.write(
            f"exported {bank.questions.filter(is_active=True).count()} questions to {file} ({fmt})"
        )
