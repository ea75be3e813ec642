"""Who may do what with banks and quizzes: faculty own banks (and the banks of courses they author);
administrators do everything; learners see only their own attempts."""

from django.utils.translation import gettext as _

from lms.errors import NotAllowed
from people.models import Role
from people.permissions import actor_for


def is_faculty(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.FACULTY)


def can_manage_bank(user, bank) -> bool:
    if user is None:  # the system: management commands, demo seeding
        return True
    actor = actor_for(user)
    if actor.is_admin:
        return True
    if not actor.has(Role.FACULTY):
        return False
    if bank.pk and bank.owners.filter(pk=user.pk).exists():
        return True
    return bool(bank.course_id) and bank.course.authors.filter(pk=user.pk).exists()


def require_bank(user, bank) -> None:
    if not can_manage_bank(user, bank):
        raise NotAllowed(_("You may manage only your own question banks."))


def can_manage_quiz(user, quiz) -> bool:
    if user is None:
        return True
    actor = actor_for(user)
    return actor.is_admin or (actor.has(Role.FACULTY) and quiz.course.authors.filter(pk=user.pk).exists())


def require_quiz(user, quiz) -> None:
    if not can_manage_quiz(user, quiz):
        raise NotAllowed(_("You may manage only the quizzes of courses you author."))
