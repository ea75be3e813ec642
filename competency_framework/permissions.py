"""Who may do what with competency frameworks and gaps: one place for the API and the pages."""

from people.models import Role
from people.permissions import actor_for


def can_import_frameworks(user) -> bool:
    return actor_for(user).is_admin


def can_export_frameworks(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.FACULTY)


def can_see_gap_reports(user) -> bool:
    """HR officers (their bodies), line managers (their units) and administrators."""
    actor = actor_for(user)
    return bool(actor.is_admin or actor.hr_body_paths or actor.managed_unit_ids)
