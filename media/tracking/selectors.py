"""Reads for the player and the analytics pages. The pipeline's media.selectors (playback sources, audience)
is imported lazily: until it exists, the source file is the only rendition and any signed-in user may watch a
ready video (staff: any video)."""

import math

from django.conf import settings
from django.db.models import QuerySet

from media.models import VideoAsset
from media.tracking.models import AnalyticsExport, WatchProgress
from people.models import Role
from people.permissions import actor_for

DEFAULT_WATCHED_SHARE = 0.9


def watched_share_setting() -> float:
    """MEDIA_WATCHED_SHARE: the share of unique seconds after which a video counts as watched (0-1)."""
    return float(getattr(settings, "MEDIA_WATCHED_SHARE", DEFAULT_WATCHED_SHARE))


def _pipeline():
    try:
        from media import selectors
    except ImportError:
        return None
    return selectors


def _is_staff_for(user, asset: VideoAsset | None = None) -> bool:
    actor = actor_for(user)
    return bool(actor.is_admin or actor.has(Role.FACULTY) or (asset is not None and asset.uploaded_by_id == user.pk))


def asset_visible_to(user, asset: VideoAsset) -> bool:
    pipeline = _pipeline()
    if pipeline is not None and hasattr(pipeline, "asset_visible_to"):
        return bool(pipeline.asset_visible_to(user, asset))
    if not getattr(user, "is_authenticated", False):
        return False
    return asset.status == VideoAsset.Status.READY or _is_staff_for(user, asset)


def assets_visible_to(user) -> QuerySet[VideoAsset]:
    pipeline = _pipeline()
    if pipeline is not None and hasattr(pipeline, "assets_visible_to"):
        return pipeline.assets_visible_to(user)
    if not getattr(user, "is_authenticated", False):
        return VideoAsset.objects.none()
    if _is_staff_for(user):
        return VideoAsset.objects.all()
    return VideoAsset.objects.filter(status=VideoAsset.Status.READY)


def playback_sources(asset: VideoAsset) -> dict:
    """The pipeline's renditions, or the uploaded source file as the single MP4."""
    pipeline = _pipeline()
    if pipeline is not None and hasattr(pipeline, "playback_sources"):
        return pipeline.playback_sources(asset)
    mp4 = [(None, asset.source.url)] if asset.source else []
    return {"hls": None, "mp4": mp4, "audio": None, "poster": None, "thumbnails": None, "subtitles": [],
            "chapters": [], "duration": float(asset.duration_seconds) if asset.duration_seconds else None}


def asset_duration(asset: VideoAsset) -> int | None:
    """Whole seconds; the pipeline's probed duration if the model has none."""
    if asset.duration_seconds:
        return int(asset.duration_seconds)
    duration = playback_sources(asset).get("duration")
    return int(math.ceil(duration)) if duration else None


def progress_for(user, asset: VideoAsset) -> WatchProgress | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return WatchProgress.objects.filter(user=user, asset=asset).defer("counts").first()


def _buffered(user, asset: VideoAsset) -> tuple[int, float | None] | None:
    """(unique seconds, last position) including heartbeats still in the Redis buffer, or None when the
    database row is current (no Redis, or Redis holds nothing for this viewer and video)."""
    from media.tracking import buffer

    if not buffer.enabled() or not getattr(user, "is_authenticated", False):
        return None
    return buffer.read_state(user.pk, asset.pk)


def watched_share(user, asset: VideoAsset) -> float:
    """Unique seconds played (validated heartbeats only, including those not folded yet) / duration, 0-1."""
    duration = asset_duration(asset)
    if not duration:
        return 0.0
    state = _buffered(user, asset)
    if state is not None:
        return min(1.0, state[0] / duration)
    row = progress_for(user, asset)
    if row is None:
        return 0.0
    return min(1.0, row.unique_seconds / duration)


def video_watched(user, asset: VideoAsset) -> bool:
    return watched_share(user, asset) >= watched_share_setting()


def resume_position(user, asset: VideoAsset) -> float:
    """Where to continue (the last beat, folded or not); from the start again once the viewer reached the
    last seconds."""
    state = _buffered(user, asset)
    if state is not None and state[1] is not None:
        position = state[1]
    else:
        row = progress_for(user, asset)
        if row is None:
            return 0.0
        position = row.position
    duration = asset_duration(asset)
    if duration and position >= duration - max(1.0, min(5.0, duration * 0.05)):
        return 0.0
    return position


def can_view_engagement(user, asset: VideoAsset) -> bool:
    """The uploader, faculty and administrators see a video's audience retention."""
    return getattr(user, "is_authenticated", False) and _is_staff_for(user, asset)


def engagement_curves(asset: VideoAsset):
    """(curves, attributes) of the video's per-second engagement (HDF5), or None before the first fold."""
    from media.tracking.hdf5 import read_curves  # h5py loads only for the pages that draw the chart

    return read_curves(asset.pk)


def can_export_analytics(user) -> bool:
    actor = actor_for(user)
    return bool(getattr(user, "is_authenticated", False) and (actor.is_admin or actor.has(Role.ANALYST)))


def export_variant_for(user) -> str:
    """Administrators get the full file; Agency analysts the aggregate one without personal data."""
    return AnalyticsExport.Variant.FULL if actor_for(user).is_admin else AnalyticsExport.Variant.ANALYST


def exports_visible_to(user) -> QuerySet[AnalyticsExport]:
    if not can_export_analytics(user):
        return AnalyticsExport.objects.none()
    return AnalyticsExport.objects.filter(requested_by=user)
