"""Named roles and scope rules in one place. Selectors build querysets from these."""

from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist

from people.models import Role, RoleAssignment


class Actor:
    """The roles of one user, loaded once per request (attached as request.user.actor)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def assignments(self) -> list[RoleAssignment]:
        if not getattr(self.user, "is_authenticated", False):
            return []
        return list(RoleAssignment.objects.filter(user=self.user).select_related("body", "unit"))

    @cached_property
    def roles(self) -> set[str]:
        roles = {a.role for a in self.assignments}
        if getattr(self.user, "is_superuser", False):
            roles.add(Role.ADMIN)
        if getattr(self.user, "is_authenticated", False):
            if _has_related(self.user, "servant"):
                roles.add(Role.SERVANT)
            if _has_related(self.user, "partner_profile"):
                roles.add(Role.PARTNER)
        return roles

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def hr_body_paths(self) -> list[str]:
        return [a.body.path for a in self.assignments if a.role == Role.HR_OFFICER and a.body_id]

    @property
    def managed_unit_ids(self) -> list[int]:
        return [a.unit_id for a in self.assignments if a.role == Role.LINE_MANAGER and a.unit_id]

    @property
    def can_see_iin(self) -> bool:
        """IIN is personal data: only HR officers (for their subtree) and administrators see it."""
        return self.is_admin or Role.HR_OFFICER in self.roles

    @property
    def can_import_personnel(self) -> bool:
        return self.is_admin or Role.HR_OFFICER in self.roles

    @property
    def can_view_audit(self) -> bool:
        return self.is_admin

    @property
    def sees_national_figures(self) -> bool:
        return self.is_admin or Role.ANALYST in self.roles


def _has_related(user, name: str) -> bool:
    try:
        return getattr(user, name) is not None
    except ObjectDoesNotExist:
        return False


def actor_for(user) -> Actor:
    actor = getattr(user, "_actor", None)
    if actor is None:
        actor = Actor(user)
        if user is not None:
            user._actor = actor
    return actor
