"""Audiences decided outside media. An app that owns assets (conferences: session recordings) registers, for
an Audience value, who may watch: `visible(user, asset) -> bool` for one asset and `visible_ids(user)` (a
queryset of asset ids, or a Q on VideoAsset) for lists, so media.selectors stays set-based and never imports
that app. An unregistered kind is visible to nobody but faculty, administrators and the uploader (fail closed).

The file view caches a "yes" per (user, asset) for MEDIA_ACL_CACHE_SECONDS; the owning app calls
`acl_changed(asset_id)` when its rule changes (e.g. the organiser narrows who sees a recording), which makes
every cached "yes" for that asset stale at once (a per-asset token stored with each answer)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class DelegatedAudience:
    visible: Callable[..., bool]
    visible_ids: Callable[..., QuerySet | Q]


_registry: dict[str, DelegatedAudience] = {}


def register_audience(kind: str, *, visible: Callable[..., bool], visible_ids: Callable[..., QuerySet | Q]) -> None:
    from media.models import Audience

    if kind not in Audience.values:
        raise ValueError(f"unknown media audience {kind!r}")
    _registry[kind] = DelegatedAudience(visible=visible, visible_ids=visible_ids)


def delegated(kind: str) -> DelegatedAudience | None:
    return _registry.get(kind)


def delegated_kinds() -> frozenset[str]:
    """Audience values no media form may set: the owning app sets them (registered or not)."""
    from media.models import Audience

    return frozenset({Audience.EVENT} | set(_registry))


def visible_q(user) -> Q:
    """Assets of delegated audiences the user may watch, as one filter (subqueries, no per-asset loop)."""
    q = Q(pk__in=[])
    for kind, checker in _registry.items():
        ids = checker.visible_ids(user)
        q |= Q(audience=kind) & (ids if isinstance(ids, Q) else Q(pk__in=ids))
    return q


# ---- "learners of a course": media knows the course id on the asset, the courses app knows who learns what

_course_learning: Callable[..., QuerySet] | None = None
_lesson_videos: Callable[..., QuerySet] | None = None


def register_course_learning(course_ids_of: Callable[..., QuerySet],
                             lesson_video_ids_of: Callable[..., QuerySet] | None = None) -> None:
    """`course_ids_of(user)`: the ids of the courses the user learns; `lesson_video_ids_of(user)`: the videos of
    the lessons the user may take (whatever their own audience: the course's author chose them for the
    learners). Both as querysets (subqueries here)."""
    global _course_learning, _lesson_videos
    _course_learning = course_ids_of
    _lesson_videos = lesson_video_ids_of


def learner_course_ids(user) -> QuerySet | list:
    """Courses whose "course" audience includes the user; none while no app registered (fail closed)."""
    return _course_learning(user) if _course_learning is not None else []


def lesson_video_ids(user) -> QuerySet | list:
    """Videos the user may watch as lessons of the courses they learn; none while no app registered."""
    return _lesson_videos(user) if _lesson_videos is not None else []


def lesson_video_admits(user, asset_id: int) -> bool:
    return _lesson_videos is not None and _lesson_videos(user).filter(video_id=asset_id).exists()


# ---- the file view's per-(user, asset) cache ---------------------------------------------------------------

def _acl_seconds() -> int:
    return getattr(settings, "MEDIA_ACL_CACHE_SECONDS", 60)


def _keys(user, asset_id: int) -> tuple[str, str]:
    uid = user.pk if getattr(user, "is_authenticated", False) else 0
    return f"media:acl:{uid}:{asset_id}", f"media:acl-token:{asset_id}"


def acl_cached(user, asset_id: int) -> bool:
    """A remembered "yes" still valid for this asset (one cache round trip)."""
    key, token_key = _keys(user, asset_id)
    found = cache.get_many([key, token_key])
    return key in found and found[key] == found.get(token_key, "")


def acl_remember(user, asset_id: int) -> None:
    key, token_key = _keys(user, asset_id)
    cache.set(key, cache.get(token_key, ""), _acl_seconds())


def acl_changed(asset_id: int) -> None:
    """Forget every cached "yes" for the asset. The token outlives every answer stored under it, so an
    expired token cannot bring an old answer back."""
    cache.set(_keys(None, asset_id)[1], uuid.uuid4().hex, 2 * _acl_seconds())
