"""`manage.py compliance_report --as-of YYYY-MM-DD [--body CODE] [--rule RULE] --format csv`: one CSV row per
servant and applicable rule (personnel_number,rule,status,due_date), streamed from the set-based engine."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from compliance.engine import iter_statuses
from compliance.rules import RULES
from lms.exports import csv_writer
from people.models import CivilServant, StateBody

HEADER = ("personnel_number", "rule", "status", "due_date")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: expected YYYY-MM-DD, got {text!r}")


class Command(BaseCommand):
    help = "Compliance status of every servant (or a body's subtree) as of a day, as CSV on standard output."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, type=_day, metavar="YYYY-MM-DD")
        parser.add_argument("--body", metavar="BODY_CODE", help="only this body and every body under it")
        parser.add_argument("--rule", choices=RULES, help="only this rule")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, as_of: date, body=None, rule=None, **options):
        servants = CivilServant.objects.all()
        if body:
            root = StateBody.objects.filter(code=body).first()
            if root is None:
                raise CommandError(f"--body: no state body with code {body!r}")
            servants = servants.filter(body__path__startswith=root.path)
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for row in iter_statuses(servants, as_of, [rule] if rule else None):
            writer.writerow((row.personnel_number, row.rule, row.status, row.due_date.isoformat()))
