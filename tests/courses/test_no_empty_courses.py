"""A course without lessons is never offered: publishing refuses it, starting refuses it, its page shows no
Start (issue 11: "37 of the 40 catalog courses have no lessons yet offer 'Start the course'")."""

import pytest
from django.urls import reverse

from courses import services
from courses.models import CourseProgress, CourseVersion
from lms.errors import ApplicationError
from tests.courses.conftest import make_course, publish


def _published_without_lessons(course):
    """What an old database may hold: a published version with no lessons (the services refuse it now)."""
    version = course.versions.get()
    CourseVersion.objects.filter(pk=version.pk).update(status="published", frozen=True)
    course.published_version = version
    course.save(update_fields=["published_version"])
    return version


def test_publish_refused_without_lessons(types, apa, faculty_a, admin):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=0)
    version = course.versions.get()
    with pytest.raises(ApplicationError) as exc:
        services.version_submit(version=version, actor=faculty_a)
    assert exc.value.code == "no_lessons"
    course.refresh_from_db()
    assert course.published_version is None


def test_start_refused_without_lessons(types, apa, faculty_a, learner):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=0)
    _published_without_lessons(course)
    with pytest.raises(ApplicationError) as exc:
        services.course_start(user=learner, course=course)
    assert exc.value.code == "no_lessons"
    assert not CourseProgress.objects.filter(learner=learner).exists()


def test_course_page_offers_no_start_without_lessons(client, types, apa, faculty_a, admin, learner):
    empty = make_course(
        faculty_a, code="EMPTY-1", course_type=types["advanced_training"], provider=apa, lessons=0
    )
    _published_without_lessons(empty)
    full = make_course(
        faculty_a, code="FULL-1", course_type=types["advanced_training"], provider=apa, lessons=1
    )
    publish(full, faculty_a, admin)
    client.force_login(learner)
    c = client
    html = c.get(reverse("courses:detail", args=["EMPTY-1"])).content.decode()
    assert reverse("courses:start", args=["EMPTY-1"]) not in html and 'id="no-lessons-note"' in html
    assert (
        reverse("courses:start", args=["FULL-1"])
        in c.get(reverse("courses:detail", args=["FULL-1"])).content.decode()
    )
    c.post(reverse("courses:start", args=["EMPTY-1"]))  # a forged POST starts nothing (no 500 either)
    assert not CourseProgress.objects.filter(learner=learner).exists()
