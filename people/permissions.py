"""Named roles and scope rules in one place. Selectors build querysets from these."""

from functools import cached_property

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
            servant_id, partner_id = self._profile_ids
            if servant_id:
                roles.add(Role.SERVANT)
            if partner_id:
                roles.add(Role.PARTNER)
        return roles

    @cached_property
    def _profile_ids(self) -> tuple[int | None, int | None]:
        """(servant id, partner profile id) in one query; the fetched objects are also put into the user's
        relation cache so later `user.servant` reads cost nothing."""
        from people.models import User

        cache = self.user._state.fields_cache
        if "servant" in cache and "partner_profile" in cache:  # loaded with the user (people.backends)
            return _pk(cache["servant"]), _pk(cache["partner_profile"])
        fetched = User.objects.select_related("servant", "partner_profile").filter(pk=self.user.pk).first()
        if fetched is None:
            return None, None
        self.user._state.fields_cache.update(fetched._state.fields_cache)
        servant = fetched._state.fields_cache.get("servant")
        partner = fetched._state.fields_cache.get("partner_profile")
        return (servant.pk if servant else None), (partner.pk if partner else None)

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


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def actor_for(user) -> Actor:
    actor = getattr(user, "_actor", None)
    if actor is None:
        actor = Actor(user)
        if user is not None:
            user._actor = actor
    return actor
