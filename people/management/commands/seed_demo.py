"""`manage.py seed_demo`: the demo organisations, staff and one account per role (idempotent)."""

import time

from django.core.management.base import BaseCommand, CommandError

from lms.demo import run_demo_steps
from people.demo import seed_demo, seed_scale
from people.models import StateBody


class Command(BaseCommand):
    help = "Seed demo regions, state bodies, units, positions, ~2,000 civil servants and one user per role."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when state bodies already exist (used by the run command).")
        parser.add_argument("--scale", type=int, default=0, metavar="N",
                            help="Also add N benchmark servants (SCALE0000001 ...), idempotently.")
        parser.add_argument("--reset-passwords", action="store_true",
                            help="Set the demo password again on existing demo accounts.")

    def handle(self, *args, if_empty=False, scale=0, reset_passwords=False, verbosity=1, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or a positive number.")
        if if_empty and StateBody.objects.exists():
            if verbosity:
                self.stdout.write("State bodies exist already: demo data not seeded (--if-empty).")
            return
        progress = verbosity >= 1
        started = time.monotonic()
        created = seed_demo(progress=progress, reset_passwords=reset_passwords)
        if verbosity:
            summary = ", ".join(f"{n} {kind}" for kind, n in created.items() if n) or "nothing new"
            self.stdout.write(self.style.SUCCESS(f"Demo data: {summary} ({time.monotonic() - started:.1f} s)."))
        run_demo_steps(write=self.stdout.write if verbosity else (lambda _line: None))
        if scale:
            started = time.monotonic()
            added = seed_scale(scale, progress=progress)
            if verbosity:
                self.stdout.write(self.style.SUCCESS(
                    f"Scale: {added} servants added, {scale - added} present already "
                    f"({time.monotonic() - started:.1f} s)."))
