from django.core.management.base import BaseCommand

from courses.demo import seed_courses_demo


class Command(BaseCommand):
    help = "Seed the demo course catalog (idempotent by course code)."

    def handle(self, *args, **options):
        result = seed_courses_demo()
        self.stdout.write(f"courses created {result['courses']}, total {result['total']}, "
                          f"providers {result['providers']}")
