import pytest

from courses import selectors, services
from courses.demo import seed_courses_demo
from courses.models import Course, Provider
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_catalog_is_published_trilingual_and_idempotent():
    faculty = UserFactory(username="faculty")
    first = seed_courses_demo()
    assert first["courses"] >= 40 and first["providers"] == Provider.objects.count() >= 6
    assert seed_courses_demo()["courses"] == 0 and Course.objects.count() == first["total"]
    assert selectors.catalog().count() == first["courses"]
    assert set(Provider.objects.values_list("kind", flat=True)) == {"apa", "apa_branch", "retraining_centre",
                                                                    "foreign_partner"}
    assert {v.course_type.code for v in selectors.catalog()} == {"advanced_training", "retraining", "management_course", "seminar",
                                                                 "master_class", "e_course"}
    assert selectors.catalog(q="антикоррупционные").get().course.code == "APA-AC-102"
    assert selectors.catalog(q="стрессті").get().course.code == "APA-SM-105"
    assert selectors.catalog(competency="LEAD", min_level=4).count() >= 1
    assert Course.objects.get(code="APA-AC-102").authors.get() == faculty
    # a learner can take a demo course with real lessons
    learner = UserFactory(username="demo_learner")
    course = Course.objects.get(code="APA-AC-102")
    progress = services.course_start(user=learner, course=course)
    for lesson in course.published_version.lessons.all():
        assert len(lesson.body_kk) > 100 and len(lesson.body_ru) > 100 and len(lesson.body_en) > 100
        services.lesson_mark_complete(user=learner, lesson=lesson)
    assert selectors.my_learning(learner).get().percent == 100 and progress.version.lessons.count() == 3


def test_no_published_demo_course_is_empty():
    seed_courses_demo()
    published = Course.objects.filter(published_version__isnull=False).select_related("published_version")
    assert published.count() >= 40
    for course in published:
        lessons = course.published_version.lessons.all()
        assert lessons, course.code
        for lesson in lessons.filter(kind="text"):
            assert all(len(getattr(lesson, f"body_{lang}")) > 100 for lang in ("kk", "ru", "en")), course.code
