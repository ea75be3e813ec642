"""Writes for quizzes and attempts: settings, start (random draw, shuffled options stored), autosave, submit
(graded in a constant number of queries), closing overdue attempts, essay grading, overrides. Atomic and
audited; the server clock decides every time limit."""

import json
import random
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import permissions
from assessments.grading import grade
from assessments.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Category,
    Choice,
    GradingMethod,
    Question,
    QuestionKind,
    Quiz,
    QuizRole,
    QuizSlot,
    RubricCriterion,
)
from assessments.responses import to_canonical
from assessments.selectors import banks_usable_by_course, quiz_passed
from assessments.signals import attempt_finished
from courses import services_learning as courses_learning
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed

QUIZ_FIELDS = (
    "role",
    "time_limit_minutes",
    "attempts_allowed",
    "pass_percent",
    "grading_method",
    "shuffle_choices",
    "review_when",
    "closes_at",
)
MAX_TEXT = 20_000


# --- quiz settings ----------------------------------------------------------------------------------------


@transaction.atomic
def quiz_create(*, lesson, actor, **settings) -> Quiz:
    """The quiz of a lesson of kind `quiz` (one per lesson)."""
    if lesson.kind != "quiz":
        raise ApplicationError(
            "not_quiz_lesson", _("Only a lesson of kind “quiz” holds a quiz."), extra={"field": "lesson"}
        )
    quiz = Quiz(
        lesson=lesson,
        course_id=lesson.version.course_id,
        **{k: v for k, v in settings.items() if k in QUIZ_FIELDS},
    )
    permissions.require_quiz(actor, quiz)
    try:
        with transaction.atomic():
            quiz.save()
    except IntegrityError:
        raise ApplicationError("quiz_exists", _("This lesson already has a quiz."), http_status=409) from None
    audit_record(actor=actor, action="assessments.quiz.create", obj=quiz, after={"lesson": lesson.pk})
    return quiz


@transaction.atomic
def quiz_update(*, quiz: Quiz, actor, **settings) -> Quiz:
    permissions.require_quiz(actor, quiz)
    for name, value in settings.items():
        if name in QUIZ_FIELDS:
            setattr(quiz, name, value)
    quiz.save()
    audit_record(
        actor=actor,
        action="assessments.quiz.update",
        obj=quiz,
        after={k: str(v) for k, v in settings.items() if k in QUIZ_FIELDS},
    )
    return quiz


@transaction.atomic
def quiz_set_slots(*, quiz: Quiz, actor, slots: list[dict]) -> list[QuizSlot]:
    """Replace the quiz's rules: each {question} or {category, tag, count}. Every rule stays inside the banks
    the quiz's course may use (its own and the shared ones), and a random rule must find at least `count`
    active questions there; otherwise nothing changes and the error names the rule."""
    permissions.require_quiz(actor, quiz)
    quiz.slots.all().delete()
    rows = [
        QuizSlot(
            quiz=quiz,
            position=i,
            question=s.get("question"),
            category=s.get("category"),
            tag=(s.get("tag") or "").lower(),
            count=s.get("count", 1),
        )
        for i, s in enumerate(slots)
    ]
    usable = set(banks_usable_by_course(quiz.course_id).values_list("pk", flat=True))
    for number, row in enumerate(rows, start=1):
        _check_slot(row, number, usable)
    QuizSlot.objects.bulk_create(rows)
    audit_record(actor=actor, action="assessments.quiz.slots", obj=quiz, after={"slots": len(rows)})
    return rows


def _check_slot(row: QuizSlot, number: int, usable: set[int]) -> None:
    def refuse(code: str, message: str) -> ApplicationError:
        return ApplicationError(code, message, extra={"field": "rules"})

    if row.question is None and row.category is None and not row.tag:
        raise refuse("empty_slot", _("Each rule needs a question, a category or a tag."))
    if not isinstance(row.count, int) or isinstance(row.count, bool) or row.count < 1:
        raise refuse(
            "bad_count", _("Rule %(n)s: the number of questions to draw must be at least 1.") % {"n": number}
        )
    source = row.question or row.category
    if source is not None and source.bank_id not in usable:
        raise refuse(
            "bank_not_allowed",
            _(
                "Rule %(n)s: the bank %(bank)s belongs to another course; a quiz takes questions only from "
                "its own course's banks and the shared banks."
            )
            % {"n": number, "bank": source.bank.code},
        )
    if row.question is None:
        found = _candidates(row, usable).count()
        if found < row.count:
            raise refuse(
                "not_enough_questions",
                _(
                    "Rule %(n)s draws %(count)s questions, but only %(found)s active questions match it in "
                    "this course's banks and the shared banks."
                )
                % {"n": number, "count": row.count, "found": found},
            )


# --- attempts ---------------------------------------------------------------------------------------------


def _candidates(slot: QuizSlot, banks):
    """Active questions a random rule may draw, only from `banks` (the course's own and the shared ones)."""
    qs = Question.objects.filter(is_active=True, bank_id__in=banks)
    if slot.category_id:
        path = slot.category.path
        qs = qs.filter(
            category__in=Category.objects.filter(bank_id=slot.category.bank_id).filter(
                Q(path=path) | Q(path__startswith=f"{path}/")
            )
        )
    if slot.tag:
        qs = qs.filter(tag_rows__tag=slot.tag)
    return qs


def draw_questions(quiz: Quiz, rng: random.Random) -> list[Question]:
    """Fixed questions as placed; random rules draw `count` distinct questions not drawn by another rule, only
    from the course's own and the shared banks (a rule stored pointing elsewhere finds nothing there)."""
    drawn: list[Question] = []
    taken: set[int] = set()
    banks = banks_usable_by_course(quiz.course_id).values("pk")
    for slot in quiz.slots.select_related("question", "category").order_by("position"):
        if slot.question_id:
            pool = [slot.question] if slot.question_id not in taken else []
        else:
            ids = sorted(set(_candidates(slot, banks).values_list("pk", flat=True)) - taken)
            if len(ids) < slot.count:
                raise ApplicationError(
                    "not_enough_questions", _("The quiz has too few questions for its rules.")
                )
            pool = list(Question.objects.filter(pk__in=rng.sample(ids, slot.count)).order_by("pk"))
            rng.shuffle(pool)
        if not pool:
            raise ApplicationError("not_enough_questions", _("The quiz has too few questions for its rules."))
        drawn.extend(pool)
        taken.update(q.pk for q in pool)
    return drawn


def _choice_order(question: Question, choices: list[Choice], shuffle: bool, rng: random.Random):
    ids = [c.pk for c in sorted(choices, key=lambda c: c.position)]
    if question.kind == QuestionKind.MATCHING:
        left = [c.pk for c in sorted(choices, key=lambda c: c.position) if c.text.strip()]
        right = list(ids)
        rng.shuffle(right)  # the right column is always shuffled, or the answer shows
        if shuffle:
            rng.shuffle(left)
        return {"left": left, "right": right}
    if question.kind == QuestionKind.ORDERING:
        while len(ids) > 1 and ids == sorted(ids, key=lambda i: i):  # never show the answer as given
            rng.shuffle(ids)
        return ids
    if shuffle and question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        rng.shuffle(ids)
    return ids


def _require_learner(quiz: Quiz, user) -> None:
    from courses.selectors import progress_for

    if not getattr(user, "is_authenticated", False):
        raise NotAllowed(_("Sign in to take the quiz."))
    if progress_for(user, quiz.lesson.version) is None:
        raise NotAllowed(_("Start the course before taking its quizzes."), code="not_started")


@transaction.atomic
def attempt_start(*, quiz: Quiz, user, seed: int | None = None) -> Attempt:
    """The open attempt if there is one (closed first if its time ran out), else a new attempt with its
    questions drawn and their option order fixed."""
    _require_learner(quiz, user)
    quiz = Quiz.objects.select_for_update().select_related("lesson__version").get(pk=quiz.pk)
    open_attempt = Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS).first()
    if open_attempt is not None:
        if not _close_if_overdue(open_attempt):
            return open_attempt
    now = timezone.now()
    if quiz.closes_at and now >= quiz.closes_at:
        raise ApplicationError("quiz_closed", _("This quiz is closed."))
    used = Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0
    if quiz.attempts_allowed and used >= quiz.attempts_allowed:
        raise ApplicationError("no_attempts_left", _("You have used all your attempts."))
    rng = random.Random(seed)
    questions = draw_questions(quiz, rng)
    choices = _choices_of([q.pk for q in questions])
    deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    if quiz.closes_at and (deadline is None or deadline > quiz.closes_at):
        deadline = quiz.closes_at
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=used + 1,
        started_at=now,
        deadline=deadline,
        max_score=sum((q.default_mark for q in questions), Decimal(0)),
    )
    AttemptQuestion.objects.bulk_create(
        [
            AttemptQuestion(
                attempt=attempt,
                position=i,
                question=q,
                question_version=q.version,
                max_score=q.default_mark,
                choice_order=_choice_order(q, choices.get(q.pk, []), quiz.shuffle_choices and q.shuffle, rng),
            )
            for i, q in enumerate(questions, start=1)
        ]
    )
    audit_record(
        actor=user,
        action="assessments.attempt.start",
        obj=attempt,
        summary=f"quiz {quiz.pk} attempt {attempt.number}",
    )
    return attempt


def _choices_of(question_ids) -> dict[int, list[Choice]]:
    result: dict[int, list[Choice]] = {}
    # feedback is not needed to grade
    fields = (
        "question_id",
        "position",
        "fraction",
        "tolerance",
        "text_kk",
        "text_ru",
        "text_en",
        "match_kk",
        "match_ru",
        "match_en",
    )
    for c in Choice.objects.filter(question_id__in=question_ids).only(*fields).order_by("position"):
        result.setdefault(c.question_id, []).append(c)
    return result


def _own_open_attempt(attempt: Attempt, user) -> Attempt:
    if attempt.user_id != getattr(user, "pk", None):
        raise NotAllowed(_("This is not your attempt."))
    locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if locked.status != AttemptStatus.IN_PROGRESS:
        raise ApplicationError("attempt_finished", _("This attempt is already finished."), http_status=409)
    return locked


def validate_response(question: Question, choices: list[Choice], response):
    """The shape each kind accepts; choice ids must be this question's. Returns the normalised response."""
    ids = {c.pk for c in choices}
    bad = ApplicationError(
        "bad_response", _("This answer does not fit the question."), extra={"field": "response"}
    )
    kind = question.kind
    if response is None:
        return None
    try:
        if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
            value = int(response)
            if value not in ids:
                raise bad
            return value
        if kind == QuestionKind.MULTIPLE:
            values = sorted({int(x) for x in response})
            if not set(values) <= ids:
                raise bad
            return values
        if kind in (QuestionKind.SHORT, QuestionKind.NUMERIC, QuestionKind.ESSAY):
            if not isinstance(response, str | int | float) or len(str(response)) > MAX_TEXT:
                raise bad
            return str(response)
        if kind == QuestionKind.MATCHING:
            pairs = {int(k): int(v) for k, v in dict(response).items() if v not in (None, "")}
            if not set(pairs) <= ids or not set(pairs.values()) <= ids:
                raise bad
            return {str(k): v for k, v in pairs.items()}
        if kind == QuestionKind.ORDERING:
            values = [int(x) for x in response]
            if sorted(values) != sorted(ids):
                raise bad
            return values
    except (TypeError, ValueError):
        raise bad from None
    raise bad


def _overdue(attempt: Attempt, now=None) -> bool:
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline


def attempt_save_answer(*, attempt: Attempt, user, position: int, response) -> AttemptQuestion:
    """Autosave one answer. After the deadline nothing is saved: the attempt is closed (committed) and the
    answer refused."""
    if attempt.user_id != getattr(user, "pk", None):
        raise NotAllowed(_("This is not your attempt."))
    if attempt_close_if_overdue(attempt=attempt).closed_by_timeout:
        raise _time_over()
    with transaction.atomic():
        attempt = _own_open_attempt(attempt, user)
        if _overdue(attempt):  # the deadline passed a moment ago: refuse; the next access closes it
            raise _time_over()
        return _save_row(attempt, position, response)


def _time_over() -> ApplicationError:
    return ApplicationError(
        "time_over", _("Time is over: the answer was not saved and the attempt is closed."), http_status=409
    )


def _save_row(attempt: Attempt, position: int, response) -> AttemptQuestion:
    row = (
        AttemptQuestion.objects.select_related("question").filter(attempt=attempt, position=position).first()
    )
    if row is None:
        raise ApplicationError("no_such_question", _("The attempt has no such question."), http_status=404)
    canonical = to_canonical(row.question.kind, row.choice_order, response)
    row.response = validate_response(row.question, list(row.question.choices.all()), canonical)
    row.answered_at = timezone.now()
    row.save(update_fields=["response", "answered_at"])
    return row


@transaction.atomic
def attempt_submit(*, attempt: Attempt, user, responses: dict | None = None) -> Attempt:
    """Finish and grade. `responses` ({position: answer}) are saved first unless the deadline has passed
    (then they do not count). A fixed number of queries whatever the number of questions."""
    attempt = _own_open_attempt(attempt, user)
    late = _overdue(attempt)
    _finish(attempt, timed_out=late, responses=None if late else responses)
    audit_record(
        actor=user,
        action="assessments.attempt.submit",
        obj=attempt,
        summary=f"{attempt.percent}%{' (late)' if late else ''}",
    )
    return attempt


def _finish(attempt: Attempt, *, timed_out: bool, responses: dict | None = None) -> None:
    now = timezone.now()
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).select_related("question"))
    choices = _choices_of([r.question_id for r in rows])
    updates = {str(k): v for k, v in (responses or {}).items()}
    for row in rows:
        if str(row.position) in updates:
            canonical = to_canonical(row.question.kind, row.choice_order, updates[str(row.position)])
            row.response = validate_response(row.question, choices.get(row.question_id, []), canonical)
            row.answered_at = now
        _grade_row(row, choices.get(row.question_id, []))
    _write_graded_rows(rows)
    attempt.status = AttemptStatus.FINISHED
    attempt.finished_at = attempt.deadline if timed_out and attempt.deadline else now
    attempt.closed_by_timeout = timed_out
    total_attempt(attempt, rows)
    attempt.save(
        update_fields=[
            "status",
            "finished_at",
            "closed_by_timeout",
            "score",
            "max_score",
            "percent",
            "needs_grading",
            "passed",
        ]
    )
    _after_result(attempt)


UPDATE_ROWS_SQL = (
    "UPDATE assessments_attemptquestion AS aq SET response = v.response, answered_at = v.answered_at, "
    "score = v.score, fraction = v.fraction FROM (VALUES {values}) AS v(id, response, answered_at, score, fraction) "
    "WHERE aq.id = v.id"
)


def _write_graded_rows(rows: list[AttemptQuestion]) -> None:
    """One UPDATE ... FROM (VALUES ...) on PostgreSQL: bulk_update's CASE expressions cost more CPU to build
    than the whole statement takes to run (measured: ~60 ms for 20 rows)."""
    if connection.vendor != "postgresql" or not rows:
        AttemptQuestion.objects.bulk_update(rows, ["response", "answered_at", "score", "fraction"])
        return
    values = ", ".join(["(%s, %s::jsonb, %s::timestamptz, %s::numeric, %s::numeric)"] * len(rows))
    params = []
    for r in rows:
        params += [
            r.pk,
            None if r.response is None else json.dumps(r.response),
            r.answered_at,
            r.score,
            r.fraction,
        ]
    with connection.cursor() as cursor:
        sql = UPDATE_ROWS_SQL.format(values=values)  # only placeholders are interpolated
        cursor.execute(sql, params)


def _grade_row(row: AttemptQuestion, choices: list[Choice]) -> None:
    if row.question.kind == QuestionKind.ESSAY:
        if row.score is None and not row.response:
            row.score, row.fraction = Decimal(0), Decimal(0)  # nothing written: nothing to grade
        return
    fraction = grade(row.question, choices, row.response)
    row.fraction = fraction
    row.score = (fraction * row.max_score).quantize(Decimal("0.001"))


def total_attempt(attempt: Attempt, rows: list[AttemptQuestion]) -> None:
    """Score, percent, pass from the rows (in memory; callers save)."""
    attempt.needs_grading = any(r.score is None for r in rows)
    attempt.score = sum((r.score or Decimal(0) for r in rows), Decimal(0))
    attempt.max_score = sum((r.max_score for r in rows), Decimal(0))
    attempt.percent = (
        (attempt.score * 100 / attempt.max_score).quantize(Decimal("0.01"))
        if attempt.max_score
        else Decimal(0)
    )
    percent = attempt.final_percent
    attempt.passed = (
        not attempt.needs_grading and percent is not None and percent >= attempt.quiz.pass_percent
    )


def _after_result(attempt: Attempt, *, was_passed: bool = False, rescored: bool = False) -> None:
    """After an attempt's result is set (submit, timeout: `rescored` False) or changed (the last essay graded,
    an override: `rescored` True, `was_passed` its state before): the outcome step, then the hook for other
    apps after commit."""
    _record_outcome(attempt, was_passed=was_passed, rescored=rescored)
    transaction.on_commit(
        lambda: attempt_finished.send(sender=Attempt, attempt=attempt, passed=attempt.passed)
    )


def _record_outcome(attempt: Attempt, *, was_passed: bool, rescored: bool, changed_with=()) -> None:
    """The one outcome step of every path that sets or changes a result: competency evidence when the attempt
    has just become a passed final/post test (once per servant and quiz); the quiz lesson completed when the
    quiz is passed under its grading method, which may complete the course (record and certificate in this
    same transaction; all idempotent). A new attempt that failed cannot make the quiz passed; a rescored one
    can (the average of several attempts), so then the quiz is always checked."""
    if attempt.passed and not was_passed and attempt.quiz.role in (QuizRole.FINAL, QuizRole.POST):
        from assessments.evidence import record_competency_evidence

        record_competency_evidence(attempt, changed_with=changed_with)
    if attempt.passed or rescored:
        complete_lesson_if_quiz_passed(user=attempt.user, quiz=attempt.quiz)


def complete_lesson_if_quiz_passed(*, user, quiz: Quiz) -> bool:
    """Complete the quiz lesson when the quiz is passed (idempotent: courses completes a lesson, a course,
    its certificate and training record once)."""
    if not quiz_passed(user=user, quiz=quiz):
        return False
    courses_learning.lesson_complete_by_kind(user=user, lesson=quiz.lesson)
    return True


def results_regraded(*, attempts: list[Attempt], before: dict[int, tuple]) -> int:
    """The outcome step after a regrade recomputed `attempts` (`before`: {attempt id: (score, passed)}), once
    per learner and quiz whose outcome may have become passed: an attempt turned passed, or (grading by
    average) a score changed. Attempts whose pass changed also send the hook after commit. Running the same
    regrade again finds nothing changed and does nothing. Returns the number of learner-quiz pairs stepped."""
    groups: dict[tuple[int, int], list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: (a.user_id, a.quiz_id, a.number)):
        old_score, old_passed = before[attempt.pk]
        if attempt.score != old_score or attempt.passed != old_passed:
            groups.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
    stepped = 0
    for group in groups.values():
        turned = [a for a in group if a.passed and not before[a.pk][1]]
        quiz = group[0].quiz
        if not turned and quiz.grading_method != GradingMethod.AVERAGE:
            continue  # highest or last attempt: the quiz becomes passed only when an attempt does
        stepped += 1
        if turned:
            ids = {a.pk for a in turned}
            _record_outcome(turned[0], was_passed=False, rescored=True, changed_with=ids)
        else:
            complete_lesson_if_quiz_passed(user=group[0].user, quiz=quiz)
    for group in groups.values():
        for attempt in group:
            if attempt.passed != before[attempt.pk][1]:
                transaction.on_commit(
                    lambda a=attempt: attempt_finished.send(sender=Attempt, attempt=a, passed=a.passed)
                )
    return stepped


def _close_if_overdue(attempt: Attempt) -> bool:
    if attempt.status == AttemptStatus.IN_PROGRESS and _overdue(attempt):
        _finish(attempt, timed_out=True)
        audit_record(
            actor=None, action="assessments.attempt.timeout", obj=attempt, summary=f"{attempt.percent}%"
        )
        return True
    return False


def attempt_close_if_overdue(*, attempt: Attempt) -> Attempt:
    """Lazy closing on any access (the beat task closes the rest)."""
    if attempt.status != AttemptStatus.IN_PROGRESS or not _overdue(attempt):
        return attempt
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        _close_if_overdue(locked)
    return locked


def attempts_close_overdue(*, limit: int = 1000) -> int:
    """Close every open attempt whose time ran out (the browser may be gone). Each in its own transaction;
    safe to run twice (a closed attempt is skipped under its row lock)."""
    ids = list(
        Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=timezone.now()).values_list(
            "pk", flat=True
        )[:limit]
    )
    closed = 0
    for pk in ids:
        with transaction.atomic():
            attempt = (
                Attempt.objects.select_for_update(skip_locked=True)
                .select_related("quiz")
                .filter(pk=pk)
                .first()
            )
            if attempt is not None and _close_if_overdue(attempt):
                closed += 1
    return closed


# --- faculty: essays and overrides -----------------------------------------------------------------------


@transaction.atomic
def essay_grade(*, row: AttemptQuestion, actor, rubric_scores: dict, comment: str = "") -> AttemptQuestion:
    """Score an essay with its rubric: the mark times the share of rubric points earned."""
    row = (
        AttemptQuestion.objects.select_for_update().select_related("attempt__quiz", "question").get(pk=row.pk)
    )
    permissions.require_quiz(actor, row.attempt.quiz)
    if row.question.kind != QuestionKind.ESSAY or row.attempt.status != AttemptStatus.FINISHED:
        raise ApplicationError("not_gradable", _("Only essays of finished attempts are graded here."))
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(question=row.question)}
    scores = _rubric_scores(criteria, rubric_scores)
    possible = sum(c.max_points for c in criteria.values()) or 1
    earned = sum(scores.values()) if criteria else Decimal(str(rubric_scores.get("points", 0)))
    row.rubric_scores = {str(k): v for k, v in scores.items()} or None
    row.fraction = min(Decimal(1), Decimal(earned) / possible)
    row.score = (row.fraction * row.max_score).quantize(Decimal("0.001"))
    row.graded_by, row.grader_comment = actor, comment[:MAX_TEXT]
    row.save(update_fields=["rubric_scores", "fraction", "score", "graded_by", "grader_comment"])
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=row.attempt_id)
    was_passed = attempt.passed
    total_attempt(attempt, list(attempt.questions.all()))
    attempt.save()
    audit_record(
        actor=actor,
        action="assessments.essay.grade",
        obj=row.attempt,
        after={"position": row.position, "score": str(row.score)},
    )
    if not attempt.needs_grading:
        _after_result(attempt, was_passed=was_passed, rescored=True)
    return row


def _rubric_scores(criteria: dict, given: dict) -> dict[int, int]:
    scores = {}
    for key, value in (given or {}).items():
        if key == "points":
            continue
        try:
            pk, points = int(key), int(value)
        except (TypeError, ValueError):
            raise ApplicationError(
                "bad_rubric", _("Rubric points must be whole numbers."), extra={"field": "rubric_scores"}
            ) from None
        if pk not in criteria or not 0 <= points <= criteria[pk].max_points:
            raise ApplicationError(
                "bad_rubric",
                _("Rubric points must be within each criterion's maximum."),
                extra={"field": "rubric_scores"},
            )
        scores[pk] = points
    return scores


@transaction.atomic
def attempt_override(*, attempt: Attempt, actor, percent, reason: str) -> Attempt:
    """A manual grade with a reason (NULL percent removes the override); logged like a regrade."""
    from assessments.models import RegradeLog

    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    permissions.require_quiz(actor, attempt.quiz)
    if not (reason or "").strip():
        raise ApplicationError(
            "reason_required", _("Give a reason for the override."), extra={"field": "reason"}
        )
    if percent is not None and not 0 <= Decimal(str(percent)) <= 100:
        raise ApplicationError(
            "bad_percent", _("The grade must be between 0 and 100."), extra={"field": "percent"}
        )
    old, was_passed = attempt.final_percent, attempt.passed
    attempt.override_percent = None if percent is None else Decimal(str(percent))
    attempt.override_reason = reason.strip()
    total_attempt(attempt, list(attempt.questions.all()))
    attempt.save()
    RegradeLog.objects.create(
        attempt=attempt,
        old_score=old,
        new_score=attempt.final_percent,
        reason=f"override: {reason.strip()}"[:500],
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="assessments.attempt.override",
        obj=attempt,
        before={"percent": str(old)},
        after={"percent": str(attempt.final_percent), "reason": reason},
    )
    _after_result(attempt, was_passed=was_passed, rescored=True)
    return attempt
