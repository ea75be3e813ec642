"""Who may see and act on a plan: the servant, their line manager (their unit or its parent unit, as
people.selectors.servants_visible_to), HR officers of the servant's body subtree, administrators."""

from people.models import CivilServant, Role
from people.permissions import actor_for


def is_own(user, servant: CivilServant) -> bool:
    return bool(servant.user_id) and servant.user_id == getattr(user, "pk", None)


def is_manager_of(user, servant: CivilServant) -> bool:
    units = actor_for(user).managed_unit_ids
    if not units or servant.unit_id is None or is_own(user, servant):
        return False
    return servant.unit_id in units or (servant.unit.parent_id in units if servant.unit else False)


def is_hr_of(user, servant: CivilServant) -> bool:
    actor = actor_for(user)
    return actor.is_admin or any(servant.body.path.startswith(p) for p in actor.hr_body_paths)


def can_view(user, servant: CivilServant) -> bool:
    return is_own(user, servant) or is_manager_of(user, servant) or is_hr_of(user, servant)


def is_hr(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.HR_OFFICER)


def is_manager(user) -> bool:
    return bool(actor_for(user).managed_unit_ids)
