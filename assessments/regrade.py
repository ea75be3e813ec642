"""Regrade after a question is corrected: every finished attempt holding it is recomputed set-based (rows
loaded in bulk, one bulk update, attempt totals from one aggregate) and each changed attempt gets a
RegradeLog row with its old and new score, plus one audit entry for the whole regrade. Then the same outcome
step as a submit (services.results_regraded): a learner whose quiz becomes passed gets the lesson completed,
and with it the course, its training record and certificate (once; a second regrade changes nothing)."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum

from assessments.grading import grade
from assessments.models import Attempt, AttemptQuestion, AttemptStatus, Choice, Question, RegradeLog
from lms.audit import audit_record


@transaction.atomic
def regrade_questions(*, question_ids: list[int], actor, reason: str = "") -> int:
    """Returns the number of attempts whose score changed."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=question_ids)}
    choices: dict[int, list[Choice]] = {}
    for c in Choice.objects.filter(question_id__in=questions).order_by("position"):
        choices.setdefault(c.question_id, []).append(c)
    rows = list(
        AttemptQuestion.objects.filter(
            question_id__in=questions, attempt__status=AttemptStatus.FINISHED
        ).exclude(question__kind="essay")
    )
    for row in rows:
        question = questions[row.question_id]
        row.fraction = grade(question, choices.get(row.question_id, []), row.response)
        row.max_score = question.default_mark
        row.score = (row.fraction * row.max_score).quantize(Decimal("0.001"))
        row.question_version = question.version
    AttemptQuestion.objects.bulk_update(
        rows, ["fraction", "score", "max_score", "question_version"], batch_size=2000
    )
    changed = _retotal({r.attempt_id for r in rows}, actor, reason, question_ids)
    audit_record(
        actor=actor,
        action="assessments.regrade",
        object_type="assessments.question",
        object_id=",".join(map(str, question_ids))[:60],
        summary=f"{changed} attempts changed",
        after={"questions": question_ids, "attempts_changed": changed, "reason": reason},
    )
    return changed


def _retotal(attempt_ids: set[int], actor, reason: str, question_ids: list[int]) -> int:
    from assessments.services import results_regraded, total_attempt

    totals = {
        row["attempt_id"]: row
        for row in AttemptQuestion.objects.filter(attempt_id__in=attempt_ids)
        .values("attempt_id")
        .annotate(
            total=Sum("score"), max_total=Sum("max_score"), pending=Count("pk", filter=Q(score__isnull=True))
        )
    }
    attempts = list(Attempt.objects.filter(pk__in=attempt_ids).select_related("quiz__lesson", "user"))
    before = {a.pk: (a.score, a.passed) for a in attempts}
    logs, changed = [], []
    for attempt in attempts:
        old = attempt.score
        total = totals[attempt.pk]
        attempt.score, attempt.max_score = total["total"] or Decimal(0), total["max_total"] or Decimal(0)
        rows = [AttemptQuestion(score=attempt.score, max_score=attempt.max_score)]
        if total["pending"]:
            rows.append(AttemptQuestion(score=None, max_score=Decimal(0)))
        total_attempt(attempt, rows)
        if old != attempt.score:
            changed.append(attempt)
            logs.append(
                RegradeLog(
                    attempt=attempt,
                    question_id=question_ids[0] if len(question_ids) == 1 else None,
                    old_score=old,
                    new_score=attempt.score,
                    reason=reason[:500],
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
            )
    Attempt.objects.bulk_update(
        attempts, ["score", "max_score", "percent", "passed", "needs_grading"], batch_size=2000
    )
    RegradeLog.objects.bulk_create(logs)
    results_regraded(attempts=attempts, before=before)
    return len(changed)
