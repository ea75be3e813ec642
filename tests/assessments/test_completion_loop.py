"""Passing the quiz completes its lesson (and so the course: record and certificate); failing does not. A result
that becomes a pass later (a regrade after a corrected answer key, an override, the essay graded) completes
them too, exactly once; repeating it changes nothing."""

import pytest

from assessments import banks, services
from assessments.models import Attempt, Question, QuestionBank, RubricCriterion
from assessments.regrade import regrade_questions
from assessments.responses import to_indexes
from assessments.signals import attempt_finished
from certificates.models import Certificate
from competency_framework.models import CompetencyAssessment
from compliance.models import TrainingRecord
from courses.models import CourseProgress, LessonProgress
from lms.models import AuditEntry
from tests.assessments.conftest import enrol, make_quiz_course
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


# --- a result changed after the attempt: regrade, override, essay grading ------------------------------------

WRONG_KEY = b"::capital::What is the capital of Kazakhstan? {=Almaty ~Astana}"
FIXED_KEY = b"::capital::What is the capital of Kazakhstan? {~Almaty =Astana}"


def _final_test(faculty, admin, framework, *, content=WRONG_KEY, code="QZ-RG", **settings):
    """A published course (a text lesson, a final test) whose bank holds one question."""
    quiz = make_quiz_course(faculty, admin, code=code, framework=framework, role="final", **settings)
    report = banks.bank_import(bank_code=f"{code}-BANK", content=content, actor=faculty)
    assert report.ok, [str(e) for e in report.errors]
    QuestionBank.objects.filter(code=f"{code}-BANK").update(course=quiz.course)
    question = Question.objects.get(bank__code=f"{code}-BANK")
    services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"question": question}])
    return quiz, question


def _start_course(user, quiz):
    from courses import services as courses_services

    enrol(user, quiz)
    courses_services.lesson_open(
        user=user, lesson=quiz.lesson.version.lessons.exclude(pk=quiz.lesson_id).get()
    )


def _answer(user, quiz, text: str):
    attempt = services.attempt_start(quiz=quiz, user=user)
    row = attempt.questions.select_related("question").get()
    if row.question.kind == "essay":
        return services.attempt_submit(attempt=attempt, user=user, responses={row.position: text})
    choice = row.question.choices.get(text_en=text)
    response = to_indexes(row.question.kind, row.choice_order, choice.pk)
    return services.attempt_submit(attempt=attempt, user=user, responses={row.position: response})


def _outcome(user, quiz) -> dict:
    """What the completion produced, to compare before and after a repeat."""
    progress = _progress(user, quiz)
    return {
        "lesson_done": LessonProgress.objects.filter(
            progress=progress, lesson=quiz.lesson, completed_at__isnull=False
        ).count(),
        "course_completed_at": progress.completed_at,
        "certificates": Certificate.objects.filter(holder=user).count(),
        "records": TrainingRecord.objects.filter(servant=user.servant).count(),
        "evidence": CompetencyAssessment.objects.filter(servant=user.servant).count(),
        "completion_audits": AuditEntry.objects.filter(action="courses.progress.complete").count(),
    }


def _assert_completed_once(user, quiz) -> dict:
    outcome = _outcome(user, quiz)
    assert outcome["course_completed_at"] is not None
    assert {k: v for k, v in outcome.items() if k != "course_completed_at"} == {
        "lesson_done": 1,
        "certificates": 1,
        "records": 1,
        "evidence": 1,
        "completion_audits": 1,
    }
    progress = _progress(user, quiz)
    assert TrainingRecord.objects.filter(source_key=f"course-progress:{progress.pk}").exists()
    assert Certificate.objects.filter(source_key=f"course-progress:{progress.pk}").exists()
    return outcome


def test_a_regrade_that_passes_the_final_test_completes_the_course_once(
    framework, faculty, admin, servant_learner, django_capture_on_commit_callbacks
):
    quiz, question = _final_test(faculty, admin, framework, pass_percent=60)
    _start_course(servant_learner, quiz)
    attempt = _answer(servant_learner, quiz, "Astana")  # right, but the key says Almaty
    assert not attempt.passed
    assert _outcome(servant_learner, quiz) == {
        "lesson_done": 0,
        "course_completed_at": None,
        "certificates": 0,
        "records": 0,
        "evidence": 0,
        "completion_audits": 0,
    }

    received = []

    def handler(sender, attempt, passed, **kwargs):
        received.append((attempt.pk, passed))

    attempt_finished.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = banks.bank_import(bank_code="QZ-RG-BANK", content=FIXED_KEY, actor=faculty)  # regrades
    finally:
        attempt_finished.disconnect(handler)
    assert report.updated == 1
    attempt.refresh_from_db()
    assert attempt.passed
    assert received == [(attempt.pk, True)]
    outcome = _assert_completed_once(servant_learner, quiz)

    assert regrade_questions(question_ids=[question.pk], actor=faculty) == 0  # again: nothing changes
    assert banks.bank_import(bank_code="QZ-RG-BANK", content=FIXED_KEY, actor=faculty).unchanged == 1
    assert _outcome(servant_learner, quiz) == outcome


def test_a_regrade_passing_several_attempts_at_once_completes_once(
    framework, faculty, admin, servant_learner
):
    quiz, question = _final_test(faculty, admin, framework, pass_percent=60)
    _start_course(servant_learner, quiz)
    first, second = (_answer(servant_learner, quiz, "Astana") for _ in range(2))
    assert not first.passed and not second.passed
    banks.bank_import(bank_code="QZ-RG-BANK", content=FIXED_KEY, actor=faculty)
    assert set(Attempt.objects.filter(quiz=quiz).values_list("passed", flat=True)) == {True}
    _assert_completed_once(servant_learner, quiz)  # evidence once, not once per attempt, nor zero


def test_a_regrade_that_fails_an_attempt_does_not_complete(framework, faculty, admin, servant_learner):
    quiz, question = _final_test(faculty, admin, framework, pass_percent=60)
    _start_course(servant_learner, quiz)
    _answer(servant_learner, quiz, "Almaty")  # passed under the wrong key: the course completes
    completed = _assert_completed_once(servant_learner, quiz)
    banks.bank_import(bank_code="QZ-RG-BANK", content=FIXED_KEY, actor=faculty)
    assert not Attempt.objects.get(quiz=quiz).passed
    assert _outcome(servant_learner, quiz) == completed  # nothing issued twice (nor withdrawn)


def test_an_override_that_passes_the_quiz_completes_the_course_once(
    framework, faculty, admin, servant_learner
):
    quiz, _question = _final_test(faculty, admin, framework, content=FIXED_KEY, pass_percent=60)
    _start_course(servant_learner, quiz)
    attempt = _answer(servant_learner, quiz, "Almaty")
    assert not attempt.passed and _outcome(servant_learner, quiz)["certificates"] == 0
    services.attempt_override(attempt=attempt, actor=faculty, percent=80, reason="appeal upheld")
    outcome = _assert_completed_once(servant_learner, quiz)
    services.attempt_override(attempt=attempt, actor=faculty, percent=90, reason="second look")
    assert _outcome(servant_learner, quiz) == outcome


def test_an_override_that_lifts_the_average_completes_the_course(framework, faculty, admin, servant_learner):
    """Graded by the average: 0 % and 100 % fail a 60 % pass mark; overriding the first attempt to 40 % (itself
    still a fail) lifts the average to 70 %: the quiz is passed."""
    quiz, _question = _final_test(
        faculty, admin, framework, content=FIXED_KEY, pass_percent=60, grading_method="average"
    )
    _start_course(servant_learner, quiz)
    first = _answer(servant_learner, quiz, "Almaty")
    assert _answer(servant_learner, quiz, "Astana").passed
    assert _outcome(servant_learner, quiz)["course_completed_at"] is None
    first = services.attempt_override(attempt=first, actor=faculty, percent=40, reason="partial credit")
    assert not first.passed
    _assert_completed_once(servant_learner, quiz)


def test_grading_the_essay_completes_the_course_once(framework, faculty, admin, servant_learner):
    quiz, question = _final_test(
        faculty, admin, framework, content=b"::essay::Explain meritocracy. {}", pass_percent=60
    )
    criterion = RubricCriterion.objects.create(
        question=question, position=1, text_en="Argument", max_points=4
    )
    _start_course(servant_learner, quiz)
    attempt = _answer(servant_learner, quiz, "Merit decides appointments.")
    assert attempt.needs_grading and not attempt.passed
    row = attempt.questions.get()
    services.essay_grade(row=row, actor=faculty, rubric_scores={str(criterion.pk): 3})
    outcome = _assert_completed_once(servant_learner, quiz)
    services.essay_grade(row=row, actor=faculty, rubric_scores={str(criterion.pk): 4})  # graded again
    assert _outcome(servant_learner, quiz) == outcome
