"""Reads for assessments, scoped to the actor: a learner sees their own attempts; faculty the banks,
quizzes and attempts of the courses they author; administrators everything. Public face for the
completion loop: quiz_passed, final_test_passed, quizzes_of_version."""

from decimal import Decimal

from django.db.models import Avg, Q, QuerySet
from django.utils import timezone

from assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    GradingMethod,
    Question,
    QuestionBank,
    Quiz,
    QuizRole,
    ReviewWhen,
)
from people.models import Role
from people.permissions import actor_for


def banks_visible_to(user) -> QuerySet[QuestionBank]:
    actor = actor_for(user)
    if actor.is_admin:
        return QuestionBank.objects.all()
    if not actor.has(Role.FACULTY):
        return QuestionBank.objects.none()
    return QuestionBank.objects.filter(
        pk__in=QuestionBank.objects.filter(Q(owners=user) | Q(course__authors=user)).values("pk")
    )


def banks_usable_by_course(course_id: int) -> QuerySet[QuestionBank]:
    """The banks a course's quizzes may take questions from: the course's own banks and the shared ones (no
    course). Another course's bank never (its questions may be that course's final test)."""
    return QuestionBank.objects.filter(Q(course_id=course_id) | Q(course__isnull=True))


def questions_of(bank: QuestionBank) -> QuerySet[Question]:
    return bank.questions.select_related("category").order_by("category__path", "id")


def quizzes_managed_by(user) -> QuerySet[Quiz]:
    actor = actor_for(user)
    qs = Quiz.objects.select_related("lesson", "course")
    if actor.is_admin:
        return qs
    if not actor.has(Role.FACULTY):
        return qs.none()
    return qs.filter(course__authors=user)


def quiz_for_lesson(lesson) -> Quiz | None:
    return Quiz.objects.filter(lesson=lesson).first()


def quizzes_of_version(course_version) -> QuerySet[Quiz]:
    return Quiz.objects.filter(lesson__version=course_version)


def attempts_of(user, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, user=user).order_by("number")


def attempt_for(user, pk: int) -> Attempt | None:
    """The learner's own attempt, or any attempt of a quiz the user manages; None otherwise (404)."""
    attempt = Attempt.objects.select_related("quiz__lesson__version", "quiz__course").filter(pk=pk).first()
    if attempt is None:
        return None
    if attempt.user_id == getattr(user, "pk", None):
        return attempt
    return attempt if quizzes_managed_by(user).filter(pk=attempt.quiz_id).exists() else None


def own_attempt(user, pk: int) -> Attempt | None:
    """The user's own attempt, unloaded beyond its id and owner (the submit path locks and reads it)."""
    return Attempt.objects.filter(pk=pk, user_id=user.pk).only("pk", "user_id").first()


def attempt_rows(attempt: Attempt) -> list[AttemptQuestion]:
    """Questions of the attempt with their choices (three queries)."""
    return list(
        attempt.questions.select_related("question").prefetch_related("question__choices", "question__rubric")
    )


def review_allowed(attempt: Attempt, user=None) -> bool:
    """May correct answers and feedback be shown for this attempt (to the learner)? Faculty always."""
    if (
        user is not None
        and attempt.user_id != user.pk
        and quizzes_managed_by(user).filter(pk=attempt.quiz_id).exists()
    ):
        return True
    if attempt.status != AttemptStatus.FINISHED:
        return False
    when = attempt.quiz.review_when
    if when == ReviewWhen.AFTER_ATTEMPT:
        return True
    if when == ReviewWhen.AFTER_CLOSE:
        return attempt.quiz.closes_at is not None and timezone.now() >= attempt.quiz.closes_at
    if when == ReviewWhen.AFTER_PASS:
        return quiz_passed(user=attempt.user, quiz=attempt.quiz)
    return False


def quiz_grade(*, user, quiz: Quiz) -> Decimal | None:
    """The quiz grade (percent) under its grading method over finished, fully graded attempts."""
    finished = Attempt.objects.filter(
        quiz=quiz, user=user, status=AttemptStatus.FINISHED, needs_grading=False
    )
    percents = [a.final_percent for a in finished.order_by("number")]
    if not percents:
        return None
    if quiz.grading_method == GradingMethod.LAST:
        return percents[-1]
    if quiz.grading_method == GradingMethod.AVERAGE:
        return (sum(percents, Decimal(0)) / len(percents)).quantize(Decimal("0.01"))
    return max(percents)


def quiz_passed(*, user, quiz: Quiz) -> bool:
    grade = quiz_grade(user=user, quiz=quiz)
    return grade is not None and grade >= quiz.pass_percent


def final_test_passed(*, user, course_version) -> bool | None:
    """For the completion loop: True/False for the version's final test(s) (all must be passed); None when
    the version has no final test."""
    finals = list(quizzes_of_version(course_version).filter(role=QuizRole.FINAL))
    if not finals:
        return None
    return all(quiz_passed(user=user, quiz=q) for q in finals)


def essay_queue(user) -> QuerySet[AttemptQuestion]:
    """Essays of finished attempts waiting for a grade, in quizzes the user manages."""
    return (
        AttemptQuestion.objects.filter(
            attempt__quiz__in=quizzes_managed_by(user),
            question__kind="essay",
            attempt__status=AttemptStatus.FINISHED,
            score__isnull=True,
        )
        .select_related("attempt__quiz__lesson", "attempt__user", "question")
        .order_by("attempt__finished_at")
    )


def competency_growth(*, course) -> list[dict]:
    """Pre- vs post-test per competency on a course: mean share of the marks on questions tagged with the
    competency, over finished attempts of pre and of post quizzes (one grouped query)."""
    rows = (
        AttemptQuestion.objects.filter(
            attempt__quiz__course=course,
            attempt__status=AttemptStatus.FINISHED,
            attempt__quiz__role__in=[QuizRole.PRE, QuizRole.POST],
            question__competency__isnull=False,
            fraction__isnull=False,
        )
        .values(
            "question__competency__idnumber",
            "question__competency__name_ru",
            "question__competency__name_kk",
            "question__competency__name_en",
            "attempt__quiz__role",
        )
        .annotate(mean=Avg("fraction"))
        .order_by("question__competency__idnumber")
    )
    table: dict[str, dict] = {}
    for r in rows:
        entry = table.setdefault(
            r["question__competency__idnumber"],
            {
                "competency": r["question__competency__idnumber"],
                "pre": None,
                "post": None,
                "name": {k: r[f"question__competency__name_{k}"] for k in ("kk", "ru", "en")},
            },
        )
        entry[r["attempt__quiz__role"]] = round(float(r["mean"]) * 100, 1)
    for entry in table.values():
        entry["growth"] = (
            round(entry["post"] - entry["pre"], 1)
            if entry["pre"] is not None and entry["post"] is not None
            else None
        )
    return list(table.values())


def has_open_attempt(user, quiz: Quiz) -> bool:
    return Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS).exists()
