"""Course isolation of quiz rules: a random rule (tag only, category, or both) draws only from the banks of the
quiz's own course and the shared banks, never from another course's bank (its questions may be that course's
final test). Setting the rules refuses, with the rule named in the user's language, a rule whose category or
question lies in another course's bank and a random rule that would find fewer than `count` questions there.
"""

import pytest
from django.test import Client
from django.urls import reverse

from assessments import banks, services
from assessments.models import Question, QuestionBank, QuizSlot
from lms.errors import ApplicationError
from tests.assessments.conftest import enrol, make_quiz_course

pytestmark = pytest.mark.django_db


def _tagged_bank(code: str, n: int, *, actor, course=None, tag: str = "topic:ethics") -> list[Question]:
    text = "\n\n".join(
        f"$CATEGORY: $course$/top/{code}\n// [tag:{tag}]\n::{code}-{i}::{code} question {i}? {{=right ~wrong}}"
        for i in range(n)
    )
    report = banks.bank_import(bank_code=code, content=text.encode(), actor=actor)
    assert report.ok, [str(e) for e in report.errors]
    QuestionBank.objects.filter(code=code).update(course=course)
    return list(Question.objects.filter(bank__code=code).order_by("pk"))


@pytest.fixture
def setting(db, faculty, admin):
    """Course A's quiz; A's own bank (2 tagged), a shared bank (1 tagged), course B's bank (10 tagged)."""
    quiz = make_quiz_course(faculty, admin, code="QZ-A")
    other = make_quiz_course(faculty, admin, code="QZ-B", role="final")
    own = _tagged_bank("A-BANK", 2, actor=faculty, course=quiz.course)
    shared = _tagged_bank("SHARED", 1, actor=faculty)
    foreign = _tagged_bank("B-BANK", 10, actor=faculty, course=other.course)
    return {"quiz": quiz, "own": own, "shared": shared, "foreign": foreign}


def test_a_tag_only_rule_draws_only_from_the_course_and_shared_banks(setting, learner):
    quiz = setting["quiz"]
    services.quiz_set_slots(quiz=quiz, actor=None, slots=[{"tag": "topic:ethics", "count": 3}])
    enrol(learner, quiz)
    allowed = {q.pk for q in setting["own"] + setting["shared"]}
    for seed in range(8):
        attempt = services.attempt_start(quiz=quiz, user=learner, seed=seed)
        assert set(attempt.questions.values_list("question_id", flat=True)) == allowed, seed
        services.attempt_submit(attempt=attempt, user=learner)


def test_a_tag_rule_needs_count_questions_in_the_usable_banks(setting, faculty):
    quiz = setting["quiz"]
    services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"tag": "topic:ethics", "count": 3}])
    with pytest.raises(ApplicationError) as exc:
        services.quiz_set_slots(
            quiz=quiz,
            actor=faculty,
            slots=[{"question": setting["own"][0]}, {"tag": "Topic:Ethics", "count": 4}],
        )
    assert exc.value.code == "not_enough_questions"
    assert exc.value.extra == {"field": "rules"}
    assert "Rule 2 draws 4 questions, but only 3 active questions match it" in str(exc.value.message)
    assert list(quiz.slots.values_list("tag", "count")) == [("topic:ethics", 3)]  # nothing changed
    with pytest.raises(ApplicationError) as exc:  # a tag found only in another course's bank
        services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"tag": "competency:none", "count": 1}])
    assert exc.value.code == "not_enough_questions"


def test_a_rule_pointing_into_another_courses_bank_is_refused(setting, faculty):
    quiz = setting["quiz"]
    foreign_question = setting["foreign"][0]
    for slot in ({"category": foreign_question.category, "count": 1}, {"question": foreign_question}):
        with pytest.raises(ApplicationError) as exc:
            services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[slot])
        assert exc.value.code == "bank_not_allowed"
        assert "Rule 1: the bank B-BANK belongs to another course" in str(exc.value.message)
    # the own bank's and a shared bank's categories and questions are fine; too many from a category is not
    services.quiz_set_slots(
        quiz=quiz,
        actor=faculty,
        slots=[
            {"category": setting["own"][0].category, "count": 2},
            {"category": setting["shared"][0].category, "tag": "topic:ethics", "count": 1},
        ],
    )
    with pytest.raises(ApplicationError) as exc:
        services.quiz_set_slots(
            quiz=quiz, actor=faculty, slots=[{"category": setting["own"][0].category, "count": 3}]
        )
    assert exc.value.code == "not_enough_questions"
    assert quiz.slots.count() == 2
    for count in (0, -1, "2", None):
        with pytest.raises(ApplicationError) as exc:
            services.quiz_set_slots(quiz=quiz, actor=faculty, slots=[{"tag": "topic:ethics", "count": count}])
        assert exc.value.code == "bad_count"


def test_a_rule_stored_before_the_check_never_draws_another_courses_questions(setting, learner):
    quiz = setting["quiz"]
    QuizSlot.objects.create(quiz=quiz, position=0, category=setting["foreign"][0].category, count=1)
    enrol(learner, quiz)
    with pytest.raises(ApplicationError) as exc:
        services.attempt_start(quiz=quiz, user=learner)
    assert exc.value.code == "not_enough_questions"


def test_settings_page_shows_the_refusal_in_the_users_language(setting, faculty):
    from courses import services as course_services

    quiz = setting["quiz"]
    draft = course_services.version_new_draft(course=quiz.course, actor=faculty)
    lesson = course_services.lesson_create(
        module=draft.modules.first(), actor=faculty, kind="quiz", title_en="F", title_ru="F", title_kk="F"
    )
    client = Client()
    client.force_login(faculty)
    url = reverse("assessments:settings", args=[lesson.pk])
    form = {
        "role": "practice",
        "attempts_allowed": "0",
        "pass_percent": "60",
        "grading_method": "highest",
        "review_when": "after_attempt",
        "bank": "B-BANK",
        "rules": "category top/B-BANK 1",
    }
    expected = {
        "ru": "Правило 1: банк B-BANK принадлежит другому курсу",
        "kk": "1-ереже: B-BANK банкі басқа курсқа тиесілі",
    }
    for language, text in expected.items():
        response = client.post(url, form, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert text in response.content.decode()
    own = {**form, "bank": "A-BANK"}
    page = client.post(
        url, {**own, "rules": "tag topic:ethics 4"}, HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Правило 1: нужно вопросов — 4, а в банках этого курса и общих банках" in page
    for rules in ("tag topic:ethics 0", "tag topic:ethics 99999", "category top/A-BANK 3"):
        assert client.post(url, {**own, "rules": rules}).status_code == 200, rules
    assert not QuizSlot.objects.filter(quiz__lesson=lesson).exists()
    response = client.post(url, {**own, "rules": "tag topic:ethics 3"})
    assert response.status_code == 302
    assert list(lesson.quiz.slots.values_list("tag", "count")) == [("topic:ethics", 3)]
