"""Who may upload and manage recordings: APA faculty and administrators (the uploader keeps managing theirs)."""

from people.models import Role
from people.permissions import actor_for


def can_upload(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    actor = actor_for(user)
    return actor.is_admin or actor.has(Role.FACULTY)


def can_manage_asset(user, asset) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return can_upload(user) or (asset.uploaded_by_id is not None and asset.uploaded_by_id == user.pk)
