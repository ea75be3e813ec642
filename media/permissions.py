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


def audience_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Audiences a person may pick in media's forms. Delegated ones ("event") are set by the owning app (the
    conference recording import), never picked: offered only as the current value, which forms show read-only."""
    from media.audiences import delegated_kinds
    from media.models import Audience

    delegated = delegated_kinds()
    return [(value, label) for value, label in Audience.choices if value not in delegated or value == current]
