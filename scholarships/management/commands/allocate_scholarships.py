"""`manage.py allocate_scholarships --instance FILE.json [--format csv|json] [--expect-hash SHA256]`: allocate
an instance offline (no database access) and print one row per applicant in applicant-id order:
`applicant_id,programme_code,status,reason`. The interface contract of issue 13; docs/scholarships-allocation.md.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from lms.exports import csv_writer
from scholarships.allocation import InstanceError, allocate
from scholarships.allocation_instance import input_hash, load_instance
from scholarships.allocation_report import result_to_dict

HEADER = ("applicant_id", "programme_code", "status", "reason")


class Command(BaseCommand):
    help = "Allocate a scholarship instance (JSON) offline and print the outcome per applicant."
    requires_system_checks = []  # offline: works on a bare checkout, without a database or migrations
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--instance", required=True, metavar="FILE.json", help="the instance ('-': standard input)"
        )
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--expect-hash", metavar="SHA256", help="refuse an instance with another input hash"
        )

    def handle(self, *args, instance: str, format: str, expect_hash=None, **options):
        problem = None
        try:
            notes: list[str] = []
            loaded = load_instance(self._read(instance), notes)
            for note in notes:
                self.stderr.write(f"{instance}: {note}")
            digest = input_hash(loaded)
            if expect_hash and digest != expect_hash.strip().lower():
                raise CommandError(f"{instance}: input hash {digest} differs from the expected {expect_hash}")
            result = allocate(loaded)
        except InstanceError as error:
            problem = error
        if problem is not None:
            lines = [f"  {where}: {message}" for where, message in problem.problems]
            raise CommandError(f"{instance}: not a valid instance:\n" + "\n".join(lines))
        if format == "json":
            self.stdout.write(json.dumps(result_to_dict(result), ensure_ascii=False, indent=1) + "\n")
            return
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for outcome in result.outcomes.values():
            writer.writerow((outcome.applicant_id, outcome.programme or "", outcome.status, outcome.text))

    def _read(self, path: str) -> bytes:
        if path == "-":
            import sys

            return sys.stdin.buffer.read()
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the instance: {error.strerror}")
