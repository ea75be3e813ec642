"""Query counts of the pages on the load path (bench/bench_load.py): catalog, course, lesson (as the demo
servant) and the HR compliance dashboard (as the demo HR officer), on the demo data, sessions in the database as
the test settings keep them (production reads them from Redis: one query less). Computed (page caches off):
measured 12, 10, 17 and 19 (no query per row; the course and lesson pages had 14 and 19 before they read the
learner's progress, the course type and the provider with the course and the module totals from the outline); from the page caches (the catalog's
and the dashboard's bodies, a second view): 4 each (session, user, role assignments, unread notifications). The bounds catch an N+1 creeping
in or a cache that stopped serving. One test, one seed_demo (it takes ~25 s)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import F
from django.test import Client

pytestmark = pytest.mark.django_db

BOUNDS = {"catalog": 12, "course": 10, "lesson": 17, "hr_dashboard": 19}
CACHED_BOUNDS = {"catalog": 4, "hr_dashboard": 4}


def test_load_path_pages_query_counts(django_assert_max_num_queries, settings):
    from courses.models import Lesson
    from people.models import User

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "page-query-counts"}}
    cache.clear()
    call_command("seed_demo", verbosity=0)
    lesson = (
        Lesson.objects.filter(version__course__published_version=F("version"))
        .select_related("version__course")
        .order_by("pk")
        .first()
    )
    code = lesson.version.course.code
    learner, hr = Client(), Client()
    learner.force_login(User.objects.get(username="servant"))
    hr.force_login(User.objects.get(username="hr"))
    learner.post(f"/courses/{code}/start/")
    pages = {
        "catalog": (learner, "/courses/"),
        "course": (learner, f"/courses/{code}/"),
        "lesson": (learner, f"/courses/{code}/learn/{lesson.pk}/"),
        "hr_dashboard": (hr, "/compliance/"),
    }
    settings.CATALOG_CACHE_SECONDS = settings.COMPLIANCE_DASHBOARD_CACHE_SECONDS = 0
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, name  # warm per-process caches
        with django_assert_max_num_queries(BOUNDS[name]):
            assert client.get(url).status_code == 200, name
    settings.CATALOG_CACHE_SECONDS = settings.COMPLIANCE_DASHBOARD_CACHE_SECONDS = 300
    for name, bound in CACHED_BOUNDS.items():
        client, url = pages[name]
        assert client.get(url).status_code == 200, name  # computed and cached
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200, name
