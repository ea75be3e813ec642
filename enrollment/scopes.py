"""Who may act on an application or an offering (one place for the enrollment scope rules).

A servant acts on their own applications; HR officers on servants in their bodies' subtrees; line managers on
servants of their units (and sub-units), as people.selectors.servants_visible_to; the provider step belongs to
APA administrators and the faculty who author the course."""

import zoneinfo

from lms.clock import today_almaty  # noqa: F401 -- windows and run starts are calendar days in Kazakhstan
from people.models import CivilServant, Role
from people.permissions import actor_for

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def is_own(user, servant: CivilServant) -> bool:
    return getattr(user, "pk", None) is not None and servant.user_id == user.pk


def is_hr_for(user, servant: CivilServant) -> bool:
    roles = actor_for(user)
    if roles.is_admin:
        return True
    paths = tuple(roles.hr_body_paths)
    return bool(paths) and roles.has(Role.HR_OFFICER) and servant.body.path.startswith(paths)


def is_manager_for(user, servant: CivilServant) -> bool:
    units = set(actor_for(user).managed_unit_ids)
    if not units or servant.unit_id is None:
        return False
    return servant.unit_id in units or servant.unit.parent_id in units


def is_provider_for(user, offering) -> bool:
    roles = actor_for(user)
    if roles.is_admin:
        return True
    return roles.has(Role.FACULTY) and offering.version.course.authors.filter(pk=user.pk).exists()


def can_see_servant(user, servant: CivilServant) -> bool:
    return is_own(user, servant) or is_hr_for(user, servant) or is_manager_for(user, servant)
