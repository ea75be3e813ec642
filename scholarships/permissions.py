"""Who may do what with scholarships: the committee sees everything of a call, a reviewer only the applications
assigned to them, an applicant only their own."""

from people.models import CivilServant, PartnerParticipant, Role
from people.permissions import actor_for


def is_committee(user) -> bool:
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.GRANT_COMMITTEE)


def is_reviewer(user) -> bool:
    return actor_for(user).has(Role.GRANT_REVIEWER)


def can_apply(user) -> bool:
    actor = actor_for(user)
    return actor.has(Role.PARTNER) or actor.has(Role.SERVANT)


def affiliation(user) -> tuple[str, str]:
    """(country, organisation) of a participant: a partner's profile, or Kazakhstan and the servant's body."""
    partner = PartnerParticipant.objects.filter(user=user).first()
    if partner is not None:
        return partner.country, partner.organisation
    servant = CivilServant.objects.select_related("body").filter(user=user).first()
    if servant is not None:
        return "KZ", servant.body.name_ru
    return "", ""


def same_organisation(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()
