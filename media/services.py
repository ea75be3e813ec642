"""Every write of the media library: resumable uploads, acceptance (probe + limits), processing, editing
options, subtitles and chapters. Refusals are ApplicationError with a translated message; audit rows are
written in the same transaction."""

import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from media import storage
from media.models import Audience, Chapter, Subtitle, UploadSession, VideoAsset, standard_chapter_key
from media.permissions import can_manage_asset, can_upload
from media.probe import ProbeError, ProbeResult, probe_for_acceptance
from media.subtitles import SubtitleError, to_vtt, transcript_text

GB = 1024 ** 3


def max_upload_bytes() -> int:
    return getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", 8 * GB)


def uploader_quota_bytes() -> int:
    return getattr(settings, "MEDIA_UPLOADER_QUOTA_BYTES", 100 * GB)


def chunk_bytes() -> int:
    return getattr(settings, "MEDIA_UPLOAD_CHUNK_BYTES", 8 * 1024 * 1024)


# ---- acceptance -------------------------------------------------------------------------------------------

def _titles(titles: dict) -> dict:
    cleaned = {f"title_{lang}": (titles.get(f"title_{lang}") or "").strip()[:300] for lang in ("kk", "ru", "en")}
    if not any(cleaned.values()):
        raise ApplicationError("title_required", _("Give the recording a title in at least one language."))
    return cleaned


def _clean_filename(filename: str) -> str:
    """The name is kept for display only: what the file is, the probe decides (an AVI called .bin is an AVI)."""
    name = Path((filename or "").replace("\\", "/")).name.strip()
    if not name:
        raise ApplicationError("filename_required", _("Give the file's name."), extra={"field": "filename"})
    return name[:255]


def _source_name(filename: str, info: ProbeResult) -> str:
    """The stored source is named after its container (talk.bin holding an AVI is stored as talk.avi)."""
    stem = Path(filename).stem or "recording"
    return f"{stem[:200]}.{info.extension or 'bin'}"


def _quota_used(user) -> int:
    assets = VideoAsset.objects.filter(uploaded_by=user).aggregate(s=Sum("size_bytes"))["s"] or 0
    sessions = UploadSession.objects.filter(uploader=user, status=UploadSession.Status.OPEN).aggregate(
        s=Sum("total_bytes"))["s"] or 0
    return assets + sessions


def _check_size(total_bytes: int, user) -> None:
    if total_bytes <= 0:
        raise ApplicationError("empty_file", _("The file is empty."))
    if total_bytes > max_upload_bytes():
        raise ApplicationError("too_big", _("The file is %(size).1f GB; at most %(max).1f GB may be uploaded.")
                               % {"size": total_bytes / GB, "max": max_upload_bytes() / GB})
    if user is not None:
        # Serialise the quota check per uploader (their user row, locked until the caller's transaction ends):
        # two simultaneous uploads would otherwise both see the same usage and together exceed the quota.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # request.user is lazy
    if user is not None and _quota_used(user) + total_bytes > uploader_quota_bytes():
        raise ApplicationError("quota_exceeded", _("Your upload quota of %(max).1f GB would be exceeded.")
                               % {"max": uploader_quota_bytes() / GB})


def _accept(path: str) -> ProbeResult:
    try:
        return probe_for_acceptance(path)
    except ProbeError as exc:
        raise ApplicationError(f"refused_{exc.code}", exc.message) from None


@transaction.atomic
def asset_create_from_file(*, path: str, filename: str, actor, titles: dict, speaker: str = "",
                           options: dict | None = None, move: bool = False) -> VideoAsset:
    """Probe a local file and, if accepted, store it as a new asset's source (status UPLOADED). A refused
    file leaves nothing behind: no row, and a moved (staging) file is deleted."""
    try:
        cleaned = _titles(titles)
        filename = _clean_filename(filename)
        info = _accept(path)
        asset = VideoAsset(**cleaned, speaker=speaker.strip()[:300], uploaded_by=actor if _is_user(actor) else None,
                           size_bytes=os.path.getsize(path), width=info.width, height=info.height,
                           video_codec=info.video_codec, audio_codec=info.audio_codec, duration=info.duration,
                           duration_seconds=round(info.duration), **_options(options or {}))
        with open(path, "rb") as fh:
            from django.core.files import File

            asset.source.save(_source_name(filename, info), File(fh), save=False)
        stored = asset.source.name
        try:
            asset.save()
        except Exception:
            asset.source.storage.delete(stored)
            raise
        audit_record(actor=actor, action="media.asset_create", obj=asset, summary=asset.title,
                     after={"size_bytes": asset.size_bytes, "duration": info.duration, "height": info.height})
    finally:
        if move and os.path.exists(path):
            os.remove(path)
    return asset


def _require_manager(actor, asset: VideoAsset) -> None:
    """actor None is the system (management commands, demo data)."""
    if actor is not None and not can_manage_asset(actor, asset):
        raise NotAllowed()


def _is_user(actor) -> bool:
    return bool(getattr(actor, "is_authenticated", False))


def _options(options: dict) -> dict:
    allowed = {}
    for key in ("trim_start", "trim_end"):
        if key in options and options[key] not in (None, ""):
            value = float(options[key])
            if value < 0:
                raise ApplicationError("bad_trim", _("Trims cannot be negative."))
            allowed[key] = value
    if "title_card" in options:
        allowed["title_card"] = bool(options["title_card"])
    if "audience" in options and options["audience"]:
        if options["audience"] not in Audience.values:
            raise ApplicationError("bad_audience", _("Unknown audience."))
        allowed["audience"] = options["audience"]
    if "audience_course" in options:
        allowed["audience_course"] = options["audience_course"]
    if allowed.get("audience", options.get("current_audience")) == Audience.COURSE and not allowed.get(
            "audience_course", options.get("current_course")):
        raise ApplicationError("course_required", _("Choose the course whose learners may watch."))
    return allowed


# ---- resumable uploads ------------------------------------------------------------------------------------

def _staging_path(session: UploadSession) -> Path:
    return storage.staging_dir() / f"{session.pk}.part"


@transaction.atomic
def upload_session_start(*, actor, filename: str, total_bytes: int, titles: dict, speaker: str = "") -> UploadSession:
    if not can_upload(actor):
        raise NotAllowed(_("Only APA faculty and administrators may upload recordings."))
    cleaned = _titles(titles)
    filename = _clean_filename(filename)
    _check_size(int(total_bytes), actor)
    session = UploadSession.objects.create(uploader=actor, filename=filename,
                                           total_bytes=int(total_bytes), speaker=speaker.strip()[:300], **cleaned)
    _staging_path(session).touch()
    audit_record(actor=actor, action="media.upload_start", obj=session, summary=session.filename,
                 after={"total_bytes": session.total_bytes})
    return session


def _open_session(session_id, actor) -> UploadSession:
    session = UploadSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None or session.uploader_id != getattr(actor, "pk", None):
        raise ApplicationError("not_found", _("Upload not found."), http_status=404)
    if session.status != UploadSession.Status.OPEN:
        raise ApplicationError("upload_closed", _("This upload is already finished."), http_status=409)
    return session


@transaction.atomic
def upload_chunk_write(*, session_id, actor, start: int, end: int, total: int, data: bytes) -> UploadSession:
    """Write bytes start..end (inclusive, as in Content-Range) at the session's offset. A chunk that does not
    start at the received offset, or arrives shorter than announced (a broken connection), is refused and the
    offset stays where it was; the client asks for the offset and resumes from there."""
    session = _open_session(session_id, actor)
    offset = {"offset": session.received_bytes}
    if total != session.total_bytes or end >= total or end < start:
        raise ApplicationError("bad_range", _("The Content-Range header does not match this upload."), extra=offset)
    if start != session.received_bytes:
        raise ApplicationError("offset_mismatch", _("Resume from byte %(offset)d.") % offset, extra=offset,
                               http_status=409)
    if len(data) != end - start + 1:
        raise ApplicationError("incomplete_chunk", _("The chunk arrived incomplete; resume from byte %(offset)d.")
                               % offset, extra=offset)
    path = _staging_path(session)
    with open(path, "r+b" if path.exists() else "w+b") as fh:
        fh.seek(start)
        fh.write(data)
        fh.truncate()  # drop bytes of an earlier write the database never recorded
    session.received_bytes = end + 1
    session.chunk_index += 1
    session.save(update_fields=["received_bytes", "chunk_index", "updated_at"])
    return session


def upload_session_complete(*, session_id, actor, options: dict | None = None, process: bool = True) -> VideoAsset:
    """Assemble (the staging file is already whole), probe and create the asset; then queue processing.
    A refused file: the staging file and the session row are deleted, the error is raised."""
    try:
        with transaction.atomic():
            session = _open_session(session_id, actor)
            if session.received_bytes != session.total_bytes:
                raise ApplicationError("upload_incomplete", _("%(missing)d bytes are still missing.")
                                       % {"missing": session.total_bytes - session.received_bytes},
                                       extra={"offset": session.received_bytes})
            titles = {f"title_{k}": getattr(session, f"title_{k}") for k in ("kk", "ru", "en")}
            asset = asset_create_from_file(path=str(_staging_path(session)), filename=session.filename, actor=actor,
                                           titles=titles, speaker=session.speaker, options=options, move=True)
            session.status, session.asset = UploadSession.Status.COMPLETE, asset
            session.save(update_fields=["status", "asset", "updated_at"])
    except ApplicationError as exc:
        if exc.code.startswith("refused_"):  # nothing of a refused file is kept
            UploadSession.objects.filter(pk=session_id).delete()
        raise
    if process:
        asset_queue_processing(asset=asset, actor=actor)
    return asset


@transaction.atomic
def upload_session_abort(*, session_id, actor) -> None:
    session = _open_session(session_id, actor)
    _staging_path(session).unlink(missing_ok=True)
    session.delete()


# ---- processing -------------------------------------------------------------------------------------------

def asset_queue_processing(*, asset: VideoAsset, actor) -> None:
    from media.tasks import process_asset

    VideoAsset.objects.filter(pk=asset.pk).update(status=VideoAsset.Status.PROCESSING, progress=0, failure_message="")
    audit_record(actor=actor, action="media.process", obj=asset, summary=asset.title)
    transaction.on_commit(lambda: process_asset.delay(asset.pk))


def asset_process_now(*, asset: VideoAsset) -> VideoAsset:
    """Synchronous processing (ingest_recording, demo); raises media.pipeline.ProcessingFailed."""
    from media.pipeline import process

    return process(asset.pk)


@transaction.atomic
def asset_update(*, asset: VideoAsset, actor, fields: dict) -> VideoAsset:
    _require_manager(actor, asset)
    before = {k: str(getattr(asset, k)) for k in fields}
    titles = {k: v for k, v in fields.items() if k.startswith("title_")}
    if titles:
        merged = {f"title_{lang}": getattr(asset, f"title_{lang}") for lang in ("kk", "ru", "en")} | titles
        for key, value in _titles(merged).items():
            setattr(asset, key, value)
    if "speaker" in fields:
        asset.speaker = (fields["speaker"] or "").strip()[:300]
    options = _options({**fields, "current_audience": asset.audience, "current_course": asset.audience_course})
    for key, value in options.items():
        setattr(asset, key, value)
    if asset.audience != Audience.COURSE:
        asset.audience_course = None
    if asset.duration and asset.trim_start + asset.trim_end >= asset.duration - 1:
        raise ApplicationError("bad_trim", _("The trims leave nothing of the video."))
    asset.save()
    audit_record(actor=actor, action="media.asset_update", obj=asset, summary=asset.title, before=before,
                 after={k: str(getattr(asset, k)) for k in fields})
    return asset


@transaction.atomic
def asset_delete(*, asset: VideoAsset, actor) -> None:
    _require_manager(actor, asset)
    if asset.lessons.exists():
        raise ApplicationError("in_use", _("Lessons use this video; remove it from them first."))
    prefix, source = asset.output_prefix, asset.source.name
    subtitle_paths = list(asset.subtitles.values_list("path", flat=True))
    audit_record(actor=actor, action="media.asset_delete", obj=asset, summary=asset.title)
    asset.delete()

    def cleanup():
        storage.delete_prefix(prefix)
        storage.delete_prefix(f"videos/{asset.pk}")
        for name in [source, *subtitle_paths]:
            if name:
                storage.default_storage.delete(name)
    transaction.on_commit(cleanup)


# ---- subtitles, chapters, transcript ----------------------------------------------------------------------

@transaction.atomic
def subtitle_upload(*, asset: VideoAsset, actor, language: str, raw: bytes, filename: str) -> Subtitle:
    _require_manager(actor, asset)
    if language not in ("kk", "ru", "en"):
        raise ApplicationError("bad_language", _("Subtitles may be in Kazakh, Russian or English."))
    try:
        vtt, cues = to_vtt(raw, filename, duration=asset.duration)
    except SubtitleError as exc:
        raise ApplicationError("bad_subtitles", str(exc)) from None
    name = storage.save_text(f"videos/{asset.pk}/subtitles/{language}.vtt", vtt)
    subtitle, _created = Subtitle.objects.update_or_create(
        asset=asset, language=language, defaults={"path": name, "text": transcript_text(cues), "cue_count": len(cues)})
    _refresh_transcript(asset)
    audit_record(actor=actor, action="media.subtitle_upload", obj=asset, summary=f"{asset.title} [{language}]",
                 after={"language": language, "cues": len(cues)})
    return subtitle


@transaction.atomic
def subtitle_delete(*, asset: VideoAsset, actor, language: str) -> None:
    _require_manager(actor, asset)
    subtitle = asset.subtitles.filter(language=language).first()
    if subtitle is None:
        return
    path = subtitle.path
    subtitle.delete()
    _refresh_transcript(asset)
    audit_record(actor=actor, action="media.subtitle_delete", obj=asset, summary=f"{asset.title} [{language}]")
    transaction.on_commit(lambda: storage.default_storage.delete(path))


def _refresh_transcript(asset: VideoAsset) -> None:
    texts = asset.subtitles.order_by("language").values_list("text", flat=True)
    VideoAsset.objects.filter(pk=asset.pk).update(transcript="\n".join(texts))


def parse_chapters(text: str) -> list[tuple[str, float]]:
    """Lines `MM:SS Title` or `H:MM:SS Title` (one chapter per line) -> [(title, start seconds)]."""
    chapters = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        stamp, _sep, title = line.partition(" ")
        parts = stamp.split(":")
        try:
            if not 2 <= len(parts) <= 3:
                raise ValueError
            seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
        except ValueError:
            raise ApplicationError("bad_chapters", _("Line %(n)d: start with a time such as 05:30.")
                                   % {"n": number}) from None
        chapters.append((title.strip(), seconds))
    return chapters


@transaction.atomic
def chapters_replace(*, asset: VideoAsset, actor, chapters: list[tuple[str, float]]) -> list[Chapter]:
    _require_manager(actor, asset)
    starts = set()
    for title, start in chapters:
        if not title:
            raise ApplicationError("bad_chapters", _("Every chapter needs a title."))
        if start < 0 or (asset.duration and start >= asset.duration):
            raise ApplicationError("bad_chapters", _("Chapter “%(title)s” starts outside the video.") % {"title": title})
        if start in starts:
            raise ApplicationError("bad_chapters", _("Two chapters start at the same time."))
        starts.add(start)
    asset.chapters.all().delete()
    created = Chapter.objects.bulk_create(
        [Chapter(asset=asset, title=title[:300], key=standard_chapter_key(title), start_seconds=start)
         for title, start in sorted(chapters, key=lambda c: c[1])])
    audit_record(actor=actor, action="media.chapters_replace", obj=asset, summary=asset.title,
                 after={"chapters": len(created)})
    return created


def upload_sessions_expire(*, older_than_hours: int | None = None) -> int:
    """Delete open uploads untouched for MEDIA_UPLOAD_EXPIRE_HOURS (72 h) and their staging files."""
    hours = older_than_hours or getattr(settings, "MEDIA_UPLOAD_EXPIRE_HOURS", 72)
    stale = list(UploadSession.objects.filter(status=UploadSession.Status.OPEN,
                                              updated_at__lt=timezone.now() - timedelta(hours=hours)))
    for session in stale:
        _staging_path(session).unlink(missing_ok=True)
    UploadSession.objects.filter(pk__in=[s.pk for s in stale]).delete()
    return len(stale)
