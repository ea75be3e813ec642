"""Demo: a shared trilingual bank with every kind (APA-CORE, imported from GIFT), and for each of the eight
complete demo e-courses its own bank (`<COURSE>-BANK`, ten trilingual questions about the course tagged with
its competencies, `demo_course_banks`, written through the question editor's service), a practice quiz
(five drawn from the course bank) and a final test (the whole course bank) in a new published version carrying
a "Test" module; attempts of demo servants for item analysis and learners at every stage (`_stages`).
Idempotent: the shared bank is imported once, a course bank that has questions is left alone, courses that
already have quizzes and quizzes that already have attempts are skipped. Fixed random seed."""

import math
import random
from decimal import Decimal

from django.db import transaction

from assessments import banks, services
from assessments.models import Attempt, Category, Question, QuestionBank, Quiz, QuizRole
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
    course_questions = sum(_course_bank(code) for code in COURSES)
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
        "course_questions": course_questions,
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


def bank_code(course_code: str) -> str:
    return f"{course_code}-BANK"


def _choices(kind: str, answers) -> list[banks.ChoiceInput]:
    def tri(values: tuple) -> dict:
        return dict(zip(("kk", "ru", "en"), values, strict=True))

    if kind == "single":
        return [banks.ChoiceInput(text=tri(a), fraction=Decimal(int(i == 0))) for i, a in enumerate(answers)]
    if kind == "multiple":
        return [banks.ChoiceInput(text=tri(a), fraction=Decimal(w) / 100) for w, a in answers]
    if kind == "truefalse":
        return [
            banks.ChoiceInput(text=tri((word,) * 3), fraction=Decimal(int((word == "true") == answers)))
            for word in ("true", "false")
        ]
    if kind == "numeric":
        return [banks.ChoiceInput(text=tri((str(answers),) * 3), fraction=Decimal(1), tolerance=Decimal(0))]
    if kind == "short":
        return [banks.ChoiceInput(text=tri((a,) * 3), fraction=Decimal(1)) for a in answers]
    if kind == "matching":
        return [
            banks.ChoiceInput(text=tri(left), match=tri(right), fraction=Decimal(1))
            for left, right in answers
        ]
    return [banks.ChoiceInput(text=tri(a), fraction=Decimal(1)) for a in answers]  # ordering


@transaction.atomic
def _course_bank(code: str) -> int:
    """The course's own bank with its ten questions (once: a bank that has questions is left alone)."""
    from assessments.demo_course_banks import COURSE_QUESTIONS
    from courses.selectors import published_course

    course = published_course(code)
    if course is None or Question.objects.filter(bank__code=bank_code(code)).exists():
        return 0
    version = course.published_version
    bank = banks.bank_get_or_create(code=bank_code(code), actor=None, course=course, title=version.title_ru)
    QuestionBank.objects.filter(pk=bank.pk).update(title_kk=version.title_kk, title_en=version.title_en)
    for key, competency, level, kind, texts, answers in COURSE_QUESTIONS[code]:
        data = banks.QuestionInput(
            kind=kind,
            category=f"top/{code}",
            name=key,
            text=dict(zip(("kk", "ru", "en"), texts, strict=True)),
            shuffle=kind != "truefalse",
            tags=[f"competency:{competency}", f"level:{level}"],
            choices=_choices(kind, answers),
        )
        banks.question_create(bank=bank, actor=None, data=data)
    return len(COURSE_QUESTIONS[code])


@transaction.atomic
def _course_quizzes(code: str) -> int:
    from courses import services as course_services
    from courses.selectors import published_course

    course = published_course(code)
    if course is None or Quiz.objects.filter(course=course).exists():
        return 0
    draft = course_services.version_new_draft(course=course, actor=None)
    module = course_services.module_create(version=draft, actor=None, **_tri("title", TITLES["module"]))
    questions = list(Question.objects.filter(bank__code=bank_code(code)).order_by("pk"))
    closed = [q for q in questions if q.kind != "essay"]
    category = Category.objects.get(bank__code=bank_code(code), path=f"top/{code}")
    practice = _quiz(
        module,
        QuizRole.PRACTICE,
        attempts_allowed=0,
        time_limit_minutes=None,
        pass_percent=50,
        review_when="after_attempt",
    )
    services.quiz_set_slots(quiz=practice, actor=None, slots=[{"category": category, "count": 5}])
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
