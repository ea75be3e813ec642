"""Reads of the media library, scoped to the viewer. `playback_sources`, `asset_visible_to` and
`assets_visible_to` are the contract the player and watch tracking (media.tracking) rely on."""

from django.db.models import Q, QuerySet
from django.urls import reverse

from media import audiences
from media.models import Audience, Rendition, VideoAsset
from media.permissions import can_upload
from people.models import Role
from people.permissions import actor_for

VIDEO_READY = VideoAsset.Status.READY  # for apps that filter by their videos' status (courses' transcript search)


def video_assets() -> QuerySet[VideoAsset]:
    """Every asset: the choices of forms and serializers whose views check visibility themselves."""
    return VideoAsset.objects.all()


def assets_visible_to(user) -> QuerySet[VideoAsset]:
    """Faculty and administrators see every asset; others see ready assets whose audience includes them
    (delegated audiences such as "event" through the owning app's subquery, media.audiences)."""
    qs = VideoAsset.objects.all()
    if can_upload(user):
        return qs
    q = Q(audience=Audience.PUBLIC) | audiences.visible_q(user)
    if getattr(user, "is_authenticated", False):
        q |= Q(audience=Audience.REGISTERED)
        if actor_for(user).has(Role.SERVANT):
            q |= Q(audience=Audience.SERVANTS)
        q |= Q(audience=Audience.COURSE, audience_course__in=audiences.learner_course_ids(user))
        q |= Q(pk__in=audiences.lesson_video_ids(user))
        return qs.filter(q & Q(status=VideoAsset.Status.READY) | Q(uploaded_by=user))
    return qs.filter(q, status=VideoAsset.Status.READY)


def asset_visible_to(user, asset: VideoAsset) -> bool:
    if can_upload(user):
        return True
    authenticated = getattr(user, "is_authenticated", False)
    if authenticated and asset.uploaded_by_id == user.pk:
        return True
    if asset.status != VideoAsset.Status.READY:
        return False
    if asset.audience == Audience.PUBLIC:
        return True
    if _audience_admits(user, asset, authenticated):
        return True
    # a video lesson's video: its learners, whatever the audience (checked last: it costs a query)
    return authenticated and audiences.lesson_video_admits(user, asset.pk)


def _audience_admits(user, asset: VideoAsset, authenticated: bool) -> bool:
    if asset.audience in audiences.delegated_kinds():  # anonymous visitors too: the owning app decides
        checker = audiences.delegated(asset.audience)
        return checker is not None and bool(checker.visible(user, asset))
    if not authenticated:
        return False
    if asset.audience == Audience.REGISTERED:
        return True
    if asset.audience == Audience.SERVANTS:
        return actor_for(user).has(Role.SERVANT)
    if asset.audience == Audience.COURSE and asset.audience_course_id:
        return asset.audience_course_id in set(audiences.learner_course_ids(user))
    return False


def file_url(asset: VideoAsset, path: str) -> str:
    return reverse("media:file", kwargs={"pk": asset.pk, "path": path})


def playback_sources(asset: VideoAsset) -> dict:
    """URLs (permission-checked file view) of everything the player needs; empty until processed."""
    ready = asset.status == VideoAsset.Status.READY and asset.output_prefix
    renditions = list(asset.renditions.all()) if ready else []
    mp4 = sorted(((r.height, file_url(asset, r.path)) for r in renditions if r.kind == Rendition.Kind.MP4),
                 reverse=True)
    audio = next((file_url(asset, r.path) for r in renditions if r.kind == Rendition.Kind.AUDIO), None)
    return {
        "hls": file_url(asset, asset.hls_master) if ready and asset.hls_master else None,
        "mp4": mp4,
        "audio": audio,
        "poster": file_url(asset, asset.poster) if ready and asset.poster else None,
        "thumbnails": file_url(asset, asset.thumbnails_vtt) if ready and asset.thumbnails_vtt else None,
        "subtitles": [(s.language, file_url(asset, f"subtitles/{s.language}.vtt"))
                      for s in asset.subtitles.order_by("language")],
        "chapters": [(c.display_title, c.start_seconds) for c in asset.chapters.order_by("start_seconds")],
        "duration": asset.duration if asset.duration is not None else (
            float(asset.duration_seconds) if asset.duration_seconds is not None else None),
    }


def transcript_search(query: str) -> QuerySet[VideoAsset]:
    """Ready assets whose subtitles (any language) or titles contain `query` (case-insensitive); the catalog
    narrows the result with assets_visible_to."""
    query = (query or "").strip()
    if not query:
        return VideoAsset.objects.none()
    q = Q(transcript__icontains=query) | Q(title_kk__icontains=query) | Q(title_ru__icontains=query) | Q(
        title_en__icontains=query)
    return VideoAsset.objects.filter(q, status=VideoAsset.Status.READY)


def library_search(user, query: str = "") -> QuerySet[VideoAsset]:
    """The library list: what `user` may watch, narrowed by a transcript/title search that never widens it."""
    qs = assets_visible_to(user)
    if query:
        qs = qs.filter(pk__in=transcript_search(query).values("pk"))
    return qs.select_related("uploaded_by")


def asset_for_file(user, asset_id: int) -> VideoAsset | None:
    """The asset if `user` may fetch its files, else None. A "yes" is remembered for MEDIA_ACL_CACHE_SECONDS
    (an owning app's rule change drops it at once, media.audiences), so the many segment requests of an HLS
    session cost one cache read each, not a database round trip."""
    if audiences.acl_cached(user, asset_id):
        return VideoAsset.objects.filter(pk=asset_id).only("pk", "output_prefix").first()
    asset = VideoAsset.objects.filter(pk=asset_id).first()
    if asset is None or not asset_visible_to(user, asset):
        return None
    audiences.acl_remember(user, asset_id)
    return asset


def assets_managed_by(user) -> QuerySet[VideoAsset]:
    if can_upload(user):
        return VideoAsset.objects.select_related("uploaded_by")
    if getattr(user, "is_authenticated", False):
        return VideoAsset.objects.filter(uploaded_by=user)
    return VideoAsset.objects.none()


def storage_name_for(asset: VideoAsset, path: str) -> str | None:
    """The storage name behind a file URL path of the asset, or None if there is none."""
    from media.storage import safe_join

    if path.startswith("subtitles/"):
        language = path.removeprefix("subtitles/").removesuffix(".vtt")
        return asset.subtitles.filter(language=language).values_list("path", flat=True).first()
    if not asset.output_prefix:
        return None
    return safe_join(asset.output_prefix, path)
