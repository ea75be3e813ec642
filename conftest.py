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


@pytest.fixture(scope="session")
def _migration_rows(django_db_setup, django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _migration_rows_present(request, django_db_blocker):
    if request.node.get_closest_marker("django_db") is None and not (DB_FIXTURES & set(request.fixturenames)):
        yield
        return
    rows = request.getfixturevalue("_migration_rows")
    from django.db import connection

    from courses.models import CourseType

    with django_db_blocker.unblock():
        if not CourseType.objects.exists():
            connection.creation.deserialize_db_from_string(rows)
    yield
