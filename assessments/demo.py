"""Demo: a trilingual bank with every kind, a practice quiz and a final test in the eight complete demo
e-courses (a new published version carrying a "Test" module), attempts of demo servants for item analysis and
learners at every stage (`_stages`).
Idempotent: the bank import changes nothing the second time; courses that already have quizzes and quizzes
that already have attempts are skipped. Fixed random seed."""

import math
import random

from django.db import transaction

from assessments import banks, services
from assessments.models import Attempt, Question, Quiz, QuizRole
from assessments.responses import to_indexes
from courses.demo import COMPLETE_COURSES

BANK = "APA-CORE"
COURSES = COMPLETE_COURSES  # the eight complete demo e-courses (text and video lessons from courses.demo)
LEARNERS = 24
SEED = 2026


def seed_assessments_demo() -> dict:
    # a re-import changes nothing but still audits itself: import once (seed_demo must create nothing twice)
    languages = () if Question.objects.filter(bank__code=BANK).exists() else ("ru", "kk", "en")
    for language in languages:
        from assessments.demo_data import gift_text

        report = banks.bank_import(
            bank_code=BANK, content=gift_text(language).encode(), actor=None, language=language
        )
        assert report.ok, [str(e) for e in report.errors]
    quizzes = sum(_course_quizzes(code) for code in COURSES)
    learners = _learners()
    attempts = 0
    for quiz in Quiz.objects.filter(course__code__in=COURSES).select_related("lesson").order_by("pk"):
        made = _attempts(quiz, learners)
        attempts += made
        if made and quiz.role == QuizRole.FINAL:
            _stages(quiz, learners)
    return {
        "questions": Question.objects.filter(bank__code=BANK).count(),
        "quizzes": quizzes,
        "attempts": attempts,
    }


TITLES = {
    "module": ("Тест", "Тестирование", "Assessment"),
    QuizRole.PRACTICE: ("Жаттығу тесті", "Тренировочный тест", "Practice quiz"),
    QuizRole.FINAL: ("Қорытынды тест", "Итоговый тест", "Final test"),
}


def _tri(field: str, values: tuple) -> dict:
    return {f"{field}_{lang}": values[i] for i, lang in enumerate(("kk", "ru", "en"))}


@transaction.atomic
def _course_quizzes(code: str) -> int:
    from courses import services as course_services
    from courses.selectors import published_course

    course = published_course(code)
    if course is None or Quiz.objects.filter(course=course).exists():
        return 0
    draft = course_services.version_new_draft(course=course, actor=None)
    module = course_services.module_create(version=draft, actor=None, **_tri("title", TITLES["module"]))
    questions = list(Question.objects.filter(bank__code=BANK).order_by("pk"))
    closed = [q for q in questions if q.kind != "essay"]
    practice = _quiz(
        module,
        QuizRole.PRACTICE,
        attempts_allowed=0,
        time_limit_minutes=None,
        pass_percent=50,
        review_when="after_attempt",
    )
    services.quiz_set_slots(
        quiz=practice, actor=None, slots=[{"tag": "level:1", "count": 3}, {"tag": "level:2", "count": 2}]
    )
    final = _quiz(
        module,
        QuizRole.FINAL,
        attempts_allowed=3,
        time_limit_minutes=20,
        pass_percent=60,
        review_when="after_pass",
    )
    services.quiz_set_slots(quiz=final, actor=None, slots=[{"question": q} for q in closed])
    course_services.version_submit(version=draft, actor=None)
    course_services.version_publish(version=draft, actor=None, comment="demo data: quizzes")
    return 2


def _quiz(module, role, **settings) -> Quiz:
    from courses import services as course_services

    lesson = course_services.lesson_create(
        module=module, actor=None, kind="quiz", **_tri("title", TITLES[role])
    )
    return services.quiz_create(lesson=lesson, actor=None, role=role, **settings)


def _learners() -> list:
    """Accounts (no password: nobody signs in as them) for servants who took the demo quizzes."""
    from people.models import CivilServant, User

    users = []
    free = iter(CivilServant.objects.filter(user__isnull=True).order_by("pk"))
    for n in range(1, LEARNERS + 1):
        user, created = User.objects.get_or_create(username=f"quiz-learner-{n:02d}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not CivilServant.objects.filter(user=user).exists():
            servant = next(free, None)
            if servant is not None:
                servant.user = user
                servant.save(update_fields=["user"])
        users.append(user)
    return users


@transaction.atomic  # one commit per quiz: SQLite spends its time in per-transaction fsyncs
def _attempts(quiz: Quiz, learners: list) -> int:
    """Demo servants of varied ability answer; the right answer is likelier for the able (so the item
    analysis shows positive discrimination)."""
    from courses.services_learning import course_start

    if Attempt.objects.filter(quiz=quiz).exists():
        return 0
    rng = random.Random(SEED + quiz.pk)
    made = 0
    for n, user in enumerate(learners):
        course_start(user=user, course=quiz.course)
        attempt = services.attempt_start(quiz=quiz, user=user, seed=rng.randrange(10**6))
        ability = (n + 0.5) / len(learners)  # the same learner is as able in every quiz
        responses = {}
        for row in attempt.questions.select_related("question").prefetch_related("question__choices"):
            difficulty = (row.question.level or 2) / 4
            right = rng.random() < 1 / (1 + math.exp(-6 * (ability - difficulty)))
            responses[row.position] = _response(row, right)
        services.attempt_submit(attempt=attempt, user=user, responses=responses)
        made += 1
    return made


@transaction.atomic
def _stages(final: Quiz, learners: list) -> None:
    """Learners at every stage, through the learner services (so completion, the training record and the
    certificate are made the real way): the abler half does every other lesson (complete when the final test
    was passed, "final test failed" otherwise), the next quarter the first lesson only (in progress), the rest
    nothing beyond their attempts. Runs once, with the final test's attempts."""
    from courses import services_learning as learning
    from courses.selectors import version_outline

    outline = version_outline(final.lesson.version)
    lessons = [les for module in outline for les in module.ordered_lessons if les.kind != "quiz"]
    for n, user in enumerate(learners):
        share = n / len(learners)
        todo = lessons if share >= 0.5 else lessons[:1] if share >= 0.25 else []
        for lesson in todo:
            if lesson.kind == "video":  # the watched share the tracking would have measured
                learning.lesson_record_video_progress(user=user, lesson=lesson, watched_share=100)
            else:
                learning.lesson_mark_complete(user=user, lesson=lesson)


def _response(row, right: bool):
    choices = {c.pk: c for c in row.question.choices.all()}
    kind, order = row.question.kind, row.choice_order
    if kind in ("single", "truefalse"):
        pick = [c for c in order if (choices[c].fraction == 1) == right]
        return to_indexes(kind, order, pick[0])
    if kind == "multiple":
        return to_indexes(kind, order, [c for c in order if (choices[c].fraction > 0) == right])
    if kind in ("short", "numeric"):
        return next(c.text for c in choices.values() if c.fraction == 1) if right else "0"
    if kind == "matching":
        rights = order["right"] if right else list(reversed(order["right"]))
        stored = (
            {str(c): c for c in order["left"]}
            if right
            else dict(zip(map(str, order["left"]), rights, strict=False))
        )
        return to_indexes(kind, order, stored)
    if kind == "ordering":
        ranked = sorted(order, key=lambda c: choices[c].position)
        return to_indexes(kind, order, ranked if right else list(reversed(ranked)))
    return "Демо жауап / Демо-ответ / Demo answer"
