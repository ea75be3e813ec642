"""Who may do what with courses. Faculty author (and edit only the courses they author); APA administrators
do everything, and alone review (publish, return to draft) and archive."""

from django.utils.translation import gettext as _

from lms.errors import NotAllowed
from people.models import Role
from people.permissions import actor_for


def can_create_courses(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.FACULTY)


def is_author(user, course) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cache = getattr(course, "_author_ids", None)
    if cache is None:
        cache = course._author_ids = set(course.authors.values_list("pk", flat=True))
    return user.pk in cache


def can_edit_course(user, course) -> bool:
    actor = actor_for(user)
    return actor.is_admin or (actor.has(Role.FACULTY) and is_author(user, course))


def can_review(user) -> bool:
    return actor_for(user).is_admin


def require_create(user) -> None:
    if user is not None and not can_create_courses(user):
        raise NotAllowed(_("Only APA faculty and administrators may create courses."))


def require_edit(user, course) -> None:
    # None = the system (demo seeding, management commands).
    if user is not None and not can_edit_course(user, course):
        raise NotAllowed(_("You may edit only the courses you author."))


def require_review(user) -> None:
    if user is not None and not can_review(user):
        raise NotAllowed(_("Only APA administrators review, publish and archive courses."))
