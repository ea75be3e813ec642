"""Re-sign the Open Badges credentials with the current key (after a rotation or a change of SITE_URL)."""

from django.core.management.base import BaseCommand, CommandError

from certificates.services import certificates_resign
from lms.errors import ApplicationError


class Command(BaseCommand):
    help = "Sign every certificate's Open Badges credential again with the current key and SITE_URL."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="only those not signed yet")

    def handle(self, *args, **options):
        try:
            count = certificates_resign(only_missing=options["missing"])
        except ApplicationError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"signed {count}")
