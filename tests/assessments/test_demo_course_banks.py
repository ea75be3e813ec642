"""Demo data: each complete demo e-course's final test draws from its own course bank (ten trilingual questions
tagged with that course's competencies), the practice quiz from the same bank; a second run creates nothing;
the questions grade (a learner answering right gets 100 %)."""

import pytest
from django.apps import apps

from assessments import demo, services
from assessments.demo_course_banks import COURSE_QUESTIONS
from assessments.models import Question, QuestionBank, Quiz
from courses.demo import COMPLETE_COURSES, seed_courses_demo
from courses.demo_data import COURSES
from lms.models import AuditEntry
from tests.assessments.conftest import enrol
from tests.assessments.test_attempts import right_answers
from tests.factories import UserFactory

MAPPING = {code: set(mapping) for code, _t, _p, _f, _l, _h, mapping, _title in COURSES}


def row_counts() -> dict[str, int]:
    return {m._meta.db_table: m._base_manager.count() for m in apps.get_models(include_auto_created=True)}


def seed_course_quizzes() -> None:
    for code in COMPLETE_COURSES:
        demo._course_bank(code)
        demo._course_quizzes(code)


@pytest.mark.django_db
def test_each_final_test_draws_from_its_own_course_bank_and_a_second_run_creates_nothing():
    seed_courses_demo()
    seed_course_quizzes()
    first = row_counts()
    seed_course_quizzes()
    assert row_counts() == first

    assert set(COURSE_QUESTIONS) == set(COMPLETE_COURSES)
    for code in COMPLETE_COURSES:
        bank = QuestionBank.objects.get(code=demo.bank_code(code))
        assert bank.course.code == code and bank.title_kk and bank.title_en
        questions = list(Question.objects.filter(bank=bank).select_related("competency"))
        assert len(questions) >= 10
        for q in questions:
            assert q.text_kk and q.text_ru and q.text_en, (code, q.key)
            assert q.competency.idnumber in MAPPING[code], (code, q.key, q.competency.idnumber)
            assert q.level in (1, 2, 3)
        quizzes = {q.role: q for q in Quiz.objects.filter(course__code=code).prefetch_related("slots")}
        final_sources = {s.question.bank_id for s in quizzes["final"].slots.select_related("question")}
        assert final_sources == {bank.pk} and quizzes["final"].slots.count() >= 10
        practice = quizzes["practice"].slots.select_related("category").get()
        assert (practice.category.bank_id, practice.count) == (bank.pk, 5)
    assert AuditEntry.objects.filter(action="assessments.question.create").count() == 10 * len(
        COMPLETE_COURSES
    )


@pytest.mark.django_db
def test_a_learner_answering_right_passes_every_demo_final_test():
    seed_courses_demo()
    seed_course_quizzes()
    learner = UserFactory(username="demo-learner")
    for quiz in Quiz.objects.filter(course__code__in=COMPLETE_COURSES, role="final").select_related("course"):
        enrol(learner, quiz)
        attempt = services.attempt_start(quiz=quiz, user=learner)
        attempt = services.attempt_submit(attempt=attempt, user=learner, responses=right_answers(attempt))
        assert (attempt.percent, attempt.passed) == (100, True), quiz.course.code
