"""Passing the quiz completes its lesson (and so the course: record and certificate); failing does not."""

import pytest

from assessments import services
from certificates.models import Certificate
from compliance.models import TrainingRecord
from courses.models import CourseProgress
from tests.assessments.conftest import enrol
from tests.assessments.test_attempts import right_answers

pytestmark = pytest.mark.django_db


def _progress(user, quiz):
    return CourseProgress.objects.get(learner=user, version=quiz.lesson.version)


def test_passing_the_final_test_completes_the_course(quiz, servant_learner):
    enrol(servant_learner, quiz)
    text_lesson = quiz.lesson.version.lessons.exclude(pk=quiz.lesson_id).get()
    from courses import services as courses_services

    courses_services.lesson_open(user=servant_learner, lesson=text_lesson)  # "viewed": complete
    failed = services.attempt_submit(
        attempt=services.attempt_start(quiz=quiz, user=servant_learner), user=servant_learner
    )
    assert not failed.passed
    assert _progress(servant_learner, quiz).completed_at is None

    attempt = services.attempt_start(quiz=quiz, user=servant_learner)
    attempt = services.attempt_submit(attempt=attempt, user=servant_learner, responses=right_answers(attempt))
    assert attempt.passed
    progress = _progress(servant_learner, quiz)
    assert progress.completed_at is not None
    assert Certificate.objects.filter(
        source_key=f"course-progress:{progress.pk}", holder=servant_learner
    ).exists()
    record = TrainingRecord.objects.get(source_key=f"course-progress:{progress.pk}")
    assert (record.course_type_id, record.hours) == ("e_course", 8)
