"""Competency evidence: a passed final or post-test records, through competency_framework.services, an
assessment (source "test") of each competency the course version develops, at the level it develops, so the
servant's gaps update. Once per servant, quiz and competency (a later pass records nothing new)."""

from django.utils import timezone

from assessments.models import Attempt


def record_competency_evidence(attempt: Attempt, *, changed_with=()) -> int:
    """Called once when `attempt` has just become passed; `changed_with`: other attempts of the same learner
    and quiz that became passed in the same step (a regrade), which do not count as an earlier pass."""
    from competency_framework.services import assessment_record

    servant = getattr(attempt.user, "servant", None)
    if servant is None:  # partner-country participants have no competency profile here
        return 0
    if (
        Attempt.objects.filter(quiz_id=attempt.quiz_id, user_id=attempt.user_id, passed=True)
        .exclude(pk__in={attempt.pk, *changed_with})
        .exists()
    ):
        return 0
    version = attempt.quiz.lesson.version
    recorded = 0
    for mapping in version.competencies.select_related("competency", "level"):
        assessment_record(
            servant=servant,
            competency=mapping.competency,
            level=mapping.level,
            source="test",
            assessed_on=timezone.localdate(),
            actor=None,
            note=f"quiz {attempt.quiz_id}, attempt {attempt.number}: {attempt.final_percent}%",
        )
        recorded += 1
    return recorded
