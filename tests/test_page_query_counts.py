"""Query counts of the pages on the load path (bench/bench_load.py): catalog, course, lesson (as the demo
servant) and the HR compliance dashboard (as the demo HR officer), on the demo data. Measured 12, 14, 19 and 19
(no query per row); the bounds catch an N+1 creeping in. One test, one seed_demo (it takes ~25 s)."""

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client

pytestmark = pytest.mark.django_db

BOUNDS = {"catalog": 14, "course": 16, "lesson": 21, "hr_dashboard": 21}


def test_load_path_pages_query_counts(django_assert_max_num_queries):
    from courses.models import Lesson
    from people.models import User

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
    for name, (client, url) in pages.items():
        assert client.get(url).status_code == 200, name  # warm per-process caches
        with django_assert_max_num_queries(BOUNDS[name]):
            assert client.get(url).status_code == 200, name
