"""`seed_demo` is strictly idempotent: a second run creates nothing, in any table of any app (audit rows,
notifications, many-to-many links and third-party tables included)."""

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


# transaction=True: the demo steps' on-commit work (video processing, notices) runs as in a real run. The rows
# migrations seed (course types, rules) and the flush afterwards removes come back through conftest.py
# (SEEDED_MODELS); serialized_rollback would collide with the content types a previous flush recreated.
@pytest.mark.django_db(transaction=True)
def test_a_second_seed_demo_creates_nothing():
    call_command("seed_demo", scale=3, verbosity=0)
    first = row_counts()
    assert first["people_civilservant"] > 0 and first["lms_auditentry"] > 0
    assert_demo_catalog_complete()

    call_command("seed_demo", scale=3, verbosity=0)
    second = row_counts()

    grown = {table: (first[table], second[table]) for table in first if second[table] != first[table]}
    assert not grown, f"tables whose row count changed on the second run (first, second): {grown}"


def assert_demo_catalog_complete() -> None:
    """No published course is empty; the eight complete e-courses have text and video lessons, a practice quiz
    and a final test of at least 10 questions, and together develop all 13 corps B competencies; learners are
    at every stage (started, completed with a certificate)."""
    from assessments.models import Quiz
    from certificates.models import Certificate
    from courses.demo import COMPLETE_COURSES
    from courses.models import Course, CourseProgress

    published = Course.objects.filter(published_version__isnull=False).select_related("published_version")
    assert published.count() >= 8
    assert not [c.code for c in published if not c.published_version.lessons.exists()]
    covered = set()
    for course in published.filter(code__in=COMPLETE_COURSES):
        version = course.published_version
        kinds = set(version.lessons.values_list("kind", flat=True))
        assert {"text", "video", "quiz"} <= kinds, (course.code, kinds)
        video = version.lessons.get(kind="video")
        assert video.completion_rule == "video_share" and video.completion_param == 80 and video.video.status == "ready"
        quizzes = {q.role: q for q in Quiz.objects.filter(lesson__version=version)}
        assert set(quizzes) == {"practice", "final"}, course.code
        assert sum(s.count for s in quizzes["final"].slots.all()) >= 10, course.code
        covered |= set(version.competencies.values_list("competency__idnumber", flat=True))
    assert published.filter(code__in=COMPLETE_COURSES).count() == len(COMPLETE_COURSES) >= 8
    assert len(covered) == 13, covered
    progress = CourseProgress.objects.filter(version__course__code__in=COMPLETE_COURSES)
    assert progress.filter(completed_at__isnull=True).exists() and progress.filter(completed_at__isnull=False).exists()
    assert Certificate.objects.exists()
