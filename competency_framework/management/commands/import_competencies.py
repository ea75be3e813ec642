"""python manage.py import_competencies FILE [--dry-run] [--language en] [--user USERNAME]"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from competency_framework.services import framework_import_moodle_csv
from lms.errors import ApplicationError


class Command(BaseCommand):
    help = ("Import a Moodle competency-framework CSV. All or nothing: one line per bad row, then "
            "'created N, updated N, unchanged N, errors N'; exit status 0 only when the whole file imported.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument("--language", default="en", choices=["kk", "ru", "en"],
                            help="Language the file's names and descriptions are in.")
        parser.add_argument("--user", help="Username recorded as the actor (default: the system).")

    def handle(self, *args, file, dry_run, language, user, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user {user!r}.")
        try:
            with open(file, "rb") as fh:
                content = fh.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            report = framework_import_moodle_csv(content=content, actor=actor, dry_run=dry_run, language=language)
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(report.summary_line())
        if not report.ok:
            sys.exit(1)
