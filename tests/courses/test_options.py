"""Finding 7 of issue 15: OPTIONS on a course's draft competencies answered 500 (DRF's metadata called the
default get_object(), which asserts a `pk` URL kwarg)."""

import pytest
from rest_framework.test import APIClient

from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db


def test_options_on_draft_competencies(types, apa, faculty_a, faculty_b):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa)
    api = APIClient()
    api.force_authenticate(faculty_a)
    response = api.options(f"/api/v1/courses/{course.code}/draft/competencies/")
    assert response.status_code == 200 and "PUT" in response.json()["actions"]
    api.force_authenticate(faculty_b)  # not theirs: no metadata about it, and no 500
    assert api.options(f"/api/v1/courses/{course.code}/draft/competencies/").status_code in (200, 403, 404)
