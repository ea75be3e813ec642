import os

import pytest

os.environ.setdefault("LMS_TESTING", "1")

# One Playwright/Chromium per test process, shared by browser tests in every folder.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks(settings):
    """The platform defaults to Russian; tests read English source strings unless they switch language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# ---- rows that migrations seed (course types, compliance rules, beat schedules, equivalences) ----------------
# A transactional test (threads, browser, live server) ends with a flush that also deletes them, and later tests
# in the same process would then miss them. They are captured once per process after the test database is
# built and put back before any database test that finds them gone.

DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


SEEDED_MODELS = ("courses.CourseType", "compliance.ComplianceRule", "compliance.RuleVersion",
                 "scholarships.EnglishEquivalence", "django_celery_beat.IntervalSchedule",
                 "django_celery_beat.CrontabSchedule", "django_celery_beat.PeriodicTask")


@pytest.fixture(scope="session")
def _migration_rows(django_db_setup, django_db_blocker):
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        rows = [obj for label in SEEDED_MODELS for obj in apps.get_model(label).objects.all()]
        return serializers.serialize("json", rows)


@pytest.fixture(autouse=True)
def _migration_rows_present(request, django_db_blocker):
    if request.node.get_closest_marker("django_db") is None and not (DB_FIXTURES & set(request.fixturenames)):
        yield
        return
    rows = request.getfixturevalue("_migration_rows")
    from django.core import serializers

    from courses.models import CourseType

    with django_db_blocker.unblock():
        if not CourseType.objects.exists():
            for obj in serializers.deserialize("json", rows):
                obj.save()
    yield
