"""Questions to speakers: participants ask, organisers and speakers moderate, everyone votes once for a
published question. Who sees which question is conferences.selectors.questions_visible_to."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.attendance import is_moderator
from conferences.models import Question, QuestionVote, Registration, Session
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed


def questions_open(session: Session, *, join_state: str, now: datetime) -> bool:
    """Questions are taken from before the start until the end, from those who may join (attendance.join_state)."""
    return join_state in ("open", "too_early") and session.ends_at > now


@transaction.atomic
def question_ask(*, session: Session, user, text: str, now: datetime | None = None) -> Question:
    text = (text or "").strip()
    if not 3 <= len(text) <= 1000:
        raise ApplicationError("invalid_question", _("A question is 3 to 1,000 characters long."))
    now = now or timezone.now()
    if now > session.ends_at or session.status == Session.Status.CANCELLED:
        raise ApplicationError("session_over", _("Questions close when the session ends."))
    registered = Registration.objects.filter(
        event_id=session.event_id, user=user, status=Registration.Status.CONFIRMED
    ).exists()
    if not registered and not is_moderator(user, session):
        raise NotAllowed(_("Only participants can ask questions."), code="not_registered")
    return Question.objects.create(session=session, author=user, text=text)


def question_vote(*, question: Question, user) -> bool:
    """One vote per user (unique constraint); returns False for a repeated vote."""
    if question.status != Question.Status.APPROVED:
        raise ApplicationError("question_not_published", _("Only published questions can be voted for."))
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, user=user)
            Question.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def question_moderate(*, question: Question, status: str, actor) -> Question:
    if not is_moderator(actor, question.session):
        raise NotAllowed(_("Only organisers and speakers moderate questions."))
    if status not in (Question.Status.APPROVED, Question.Status.HIDDEN):
        raise ApplicationError("invalid", _("Approve or hide."))
    question.status = status
    question.save(update_fields=["status"])
    audit_record(actor=actor, action=f"question.{status}", obj=question, summary=question.text[:80])
    return question
