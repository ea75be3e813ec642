"""Recordings of sessions: the provider's playback links (recordings_import), who sees them
(recording_set_visibility), and their import into the media library.

A recording (BigBlueButton's `video` playback format, or a link an organiser pasted) is downloaded to a temp
file (http/https only, size-capped, socket timeout and an overall deadline), then handed to the media
library's own ingest path — `media.services.asset_create_from_file` (probe/acceptance) and
`asset_process_now` (renditions), the functions `manage.py ingest_recording` uses — and linked to the
recording (SessionRecording.asset is one-to-one). Any failure keeps nothing: temp file removed, no asset, the
recording marked `failed` with a readable message; importing again is always possible.

Who may watch: the asset's media audience is "event" (media.audiences): the library (/watch/, /media/, file
URLs) asks conferences.selectors.recording_asset_visible_to, which applies the organiser's choice exactly, as
the event page does (organisers only / registered participants / everyone who can see the event).
"""

import ipaddress
import os
import socket
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conferences import selectors
from conferences.models import Session, SessionRecording
from lms.audit import audit_record
from lms.errors import ApplicationError, NotAllowed
from media.models import Audience as MediaAudience

MB = 1024 * 1024
CHUNK = 1024 * 1024
STALE_RUN = timedelta(hours=7)  # longer than the task's time limit: a claim older than this died with its worker

MESSAGES = {
    "bad_url": gettext_lazy("Only http:// and https:// links to a video file can be imported."),
    "private_address": gettext_lazy("This link points into a private network; it cannot be imported."),
    "unreachable": gettext_lazy("The recording could not be downloaded: the server did not answer."),
    "http_error": gettext_lazy("The recording could not be downloaded: the server answered %(status)s."),
    "timeout": gettext_lazy("The download took too long and was stopped."),
    "too_big": gettext_lazy("The recording is larger than %(max)s and was not imported."),
    "no_video": gettext_lazy("The server offers no video file for this recording (enable BigBlueButton's "
                             "“video” playback format)."),
    "not_video": gettext_lazy("The link does not lead to a video file."),
}


class DownloadError(Exception):
    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % self.params if self.params else str(MESSAGES[self.code])

    @property
    def transient(self) -> bool:
        return self.code in ("unreachable", "timeout") or (self.code == "http_error" and
                                                            int(self.params.get("status", 0)) >= 500)


def max_bytes() -> int:
    from media.services import max_upload_bytes

    return min(getattr(settings, "CONFERENCES_RECORDING_MAX_BYTES", 4 * 1024 * MB), max_upload_bytes())


# ---- download -----------------------------------------------------------------------------------------------

def check_url(url: str, *, trusted: bool = False) -> None:
    """http/https only; an untrusted (pasted) link must not point at loopback/private/link-local addresses,
    except hosts listed in CONFERENCES_IMPORT_ALLOWED_HOSTS (tests, an internal recording server)."""
    parts = urlparse(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DownloadError("bad_url")
    if trusted or parts.hostname in getattr(settings, "CONFERENCES_IMPORT_ALLOWED_HOSTS", ()):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        raise DownloadError("unreachable") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise DownloadError("private_address")


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http/https URLs that pass check_url."""

    def __init__(self, trusted: bool):
        self.trusted = trusted

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl, trusted=self.trusted)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, *, trusted: bool = False, limit: int | None = None) -> Path:
    """Stream `url` into a temp file (in MEDIA_WORK_DIR) and return its path; the caller deletes it. Refused
    before the first byte when Content-Length is over the limit, and stopped as soon as the body is."""
    from media import storage

    limit = limit or max_bytes()
    timeout = getattr(settings, "CONFERENCES_RECORDING_TIMEOUT", 30)
    deadline = time.monotonic() + getattr(settings, "CONFERENCES_RECORDING_DEADLINE", 3 * 3600)
    check_url(url, trusted=trusted)
    opener = urllib.request.build_opener(_SafeRedirects(trusted))
    fd, name = tempfile.mkstemp(prefix="recording-", suffix=".part", dir=storage.work_dir())
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out, opener.open(urllib.request.Request(url, headers={  # noqa: S310 - check_url: http(s)
                "User-Agent": "APA-LMS recording import"}), timeout=timeout) as response:
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise DownloadError("too_big", max=filesizeformat(limit))
            received = 0
            while chunk := response.read(CHUNK):
                received += len(chunk)
                if received > limit:
                    raise DownloadError("too_big", max=filesizeformat(limit))
                if time.monotonic() > deadline:
                    raise DownloadError("timeout")
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        path.unlink(missing_ok=True)
        raise DownloadError("http_error", status=exc.code) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:  # urllib wraps a timeout before the headers
        path.unlink(missing_ok=True)
        timed_out = isinstance(exc, TimeoutError) or isinstance(getattr(exc, "reason", None), TimeoutError)
        raise DownloadError("timeout" if timed_out else "unreachable") from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def filename_for(url: str) -> str:
    suffix = Path(urlparse(url).path).suffix.lower()
    return f"recording{suffix if suffix in ('.mp4', '.webm', '.m4v', '.mkv', '.mov') else '.mp4'}"


# ---- import -------------------------------------------------------------------------------------------------

def _claim(recording_id: int, run_id: str = "") -> bool:
    """Mark the recording RUNNING (by this run) unless it is in the library or another live run has it.

    A run is the delivery of one Celery message (`run_id` = its task id). With acks_late and
    reject_on_worker_lost, a worker killed mid-import has its message delivered again with the same id: a RUNNING
    claim holding this run's id is then the dead attempt's, and the redelivery takes it over at once (instead of
    waiting for STALE_RUN). A claim by another message is left alone until it is stale."""
    now = timezone.now()
    fresh_elsewhere = Q(import_status=SessionRecording.Import.RUNNING, import_started_at__gt=now - STALE_RUN)
    if run_id:
        fresh_elsewhere &= ~Q(import_run=run_id)
    claimable = (SessionRecording.objects.filter(pk=recording_id)
                 .exclude(import_status=SessionRecording.Import.READY, asset__isnull=False)
                 .exclude(fresh_elsewhere))
    return claimable.update(import_status=SessionRecording.Import.RUNNING, import_started_at=now,
                            import_run=run_id[:64], import_error="") == 1


def _fail(recording: SessionRecording, message: str, asset=None) -> None:
    """Record the failure; an asset the failed run made is unlinked and deleted with it (nothing half-kept,
    importing again starts afresh)."""
    from media import services as media

    with transaction.atomic():
        SessionRecording.objects.filter(pk=recording.pk).exclude(import_status=SessionRecording.Import.READY).update(
            asset=None, import_status=SessionRecording.Import.FAILED, import_error=message[:2000])
        if asset is not None:
            media.asset_delete(asset=asset, actor=None)
        audit_record(actor=None, action="recording.import_failed", obj=recording, summary=message[:200])


def _titles(session: Session) -> dict:
    return {f"title_{lang}": getattr(session, f"title_{lang}") or getattr(session.event, f"title_{lang}")
            for lang in ("kk", "ru", "en")}


def recording_import_to_library(*, recording_id: int, run_id: str = "") -> SessionRecording:
    """Download, ingest (probe + renditions) and link. Safe to run twice: a recording in the library, or one
    being imported by another live run, is left alone. The asset is linked (import still RUNNING) in the
    transaction that creates it, so a run killed while processing leaves no stray asset: the redelivered run
    (same `run_id`, see _claim) processes the linked asset again instead of downloading a second copy. Raises
    DownloadError for the task to retry transient failures; the failure is already recorded on the recording."""
    from media import services as media
    from media.pipeline import ProcessingFailed

    if not _claim(recording_id, run_id):
        return SessionRecording.objects.select_related("session__event").get(pk=recording_id)
    recording = SessionRecording.objects.select_related("session__event", "asset").get(pk=recording_id)
    asset = recording.asset  # left by a killed run of this import: downloaded and stored, not yet processed
    if asset is None:
        asset = _download_and_ingest(recording)
    try:
        media.asset_process_now(asset=asset)
    except ProcessingFailed as exc:
        _fail(recording, str(exc) or _("The video could not be processed."), asset=asset)
        raise DownloadError("not_video") from None
    return _link(recording, asset)


def _download_and_ingest(recording: SessionRecording):
    from media import services as media

    url = recording.video_url
    if not url:
        _fail(recording, str(MESSAGES["no_video"]))
        raise DownloadError("no_video")
    try:
        path = download(url, trusted=recording.source == SessionRecording.Source.BBB)
    except DownloadError as exc:
        _fail(recording, exc.message)
        raise
    session = recording.session
    speakers = ", ".join(sp.name for sp in session.speakers.all())
    try:
        with transaction.atomic():
            asset = media.asset_create_from_file(
                path=str(path), filename=filename_for(url), actor=None, titles=_titles(session), speaker=speakers,
                options={"audience": MediaAudience.EVENT}, move=True)
            SessionRecording.objects.filter(pk=recording.pk).update(asset=asset)
    except ApplicationError as exc:  # refused by the probe: not a video, truncated, too long...
        _fail(recording, str(MESSAGES["not_video"]) if exc.code == "refused_not_video" else str(exc.message))
        raise DownloadError("not_video") from None
    finally:
        path.unlink(missing_ok=True)
    return asset


@transaction.atomic
def _link(recording: SessionRecording, asset) -> SessionRecording:
    recording = SessionRecording.objects.select_for_update().get(pk=recording.pk)
    recording.asset, recording.import_status, recording.import_error = asset, SessionRecording.Import.READY, ""
    recording.save(update_fields=["asset", "import_status", "import_error"])
    audit_record(actor=None, action="recording.import", obj=recording, summary=recording.record_id,
                 after={"asset": asset.pk, "audience": asset.audience})
    return recording


def _queue(recording: SessionRecording) -> None:
    from conferences.tasks import import_recording_to_library

    recording_id = recording.pk
    transaction.on_commit(lambda: import_recording_to_library.delay(recording_id))


@transaction.atomic
def recording_request_import(*, recording: SessionRecording, actor) -> SessionRecording:
    """The organiser's "Import into the library" (first time or again after a failure)."""
    recording = SessionRecording.objects.select_for_update().select_related("session__event").get(pk=recording.pk)
    if actor is not None and not selectors.can_manage(actor, recording.session.event):
        raise NotAllowed(_("Only the organisers of this event may do this."))
    if recording.import_status == SessionRecording.Import.RUNNING and recording.import_started_at and \
            recording.import_started_at > timezone.now() - STALE_RUN:
        raise ApplicationError("import_running", _("This recording is being imported."))
    if recording.asset_id is not None and recording.import_status == SessionRecording.Import.READY:
        raise ApplicationError("already_imported", _("This recording is already in the library."))
    if not recording.video_url:
        raise ApplicationError("no_video", MESSAGES["no_video"])
    recording.import_status, recording.import_error = SessionRecording.Import.QUEUED, ""
    recording.save(update_fields=["import_status", "import_error"])
    audit_record(actor=actor, action="recording.import_request", obj=recording, summary=recording.record_id)
    _queue(recording)
    return recording


@transaction.atomic
def recording_add_link(*, session: Session, url: str, visibility: str, actor, minutes: int = 0) -> SessionRecording:
    """A recording another provider (Zoom, Teams...) made: the organiser pastes the video file's link, and it
    is imported like a BigBlueButton recording."""
    import uuid

    if not selectors.can_manage(actor, session.event):
        raise NotAllowed(_("Only the organisers of this event may do this."))
    url = (url or "").strip()
    if len(url) > 1000 or urlparse(url).scheme not in ("http", "https") or not urlparse(url).hostname:
        raise ApplicationError("bad_url", MESSAGES["bad_url"])
    if visibility not in SessionRecording.Visibility.values:
        raise ApplicationError("invalid", _("Unknown audience."))
    recording = SessionRecording.objects.create(
        session=session, record_id=f"link-{uuid.uuid4().hex}", source=SessionRecording.Source.LINK, url=url,
        video_url=url, duration_minutes=max(int(minutes or 0), 0), visibility=visibility,
        import_status=SessionRecording.Import.QUEUED)
    audit_record(actor=actor, action="recording.add_link", obj=recording, summary=url[:200])
    _queue(recording)
    return recording


def recording_sync_audience(*, recording: SessionRecording) -> None:
    """After the organiser changes who sees the recording: the asset stays on the "event" audience (the check
    reads the new choice at once) and the file view's cached "yes" answers for it are dropped, so a narrowed
    choice applies to the next file request, not after MEDIA_ACL_CACHE_SECONDS."""
    from media import services as media
    from media.audiences import acl_changed

    if recording.asset_id is None:
        return
    if recording.asset.audience != MediaAudience.EVENT:  # imported before the "event" audience existed
        media.asset_update(asset=recording.asset, actor=None, fields={"audience": MediaAudience.EVENT})
    asset_id = recording.asset_id
    transaction.on_commit(lambda: acl_changed(asset_id))


def recordings_import(*, session: Session, record_id: str = "") -> list[SessionRecording]:
    """Store the provider's recordings of a session (all, or one record id) as playback links. The provider
    is asked before the transaction opens; storing is an upsert on the record id, so a repeated callback or
    poll stores nothing twice."""
    from conferences.providers import provider_for

    provider = provider_for(session)
    if provider is None:
        return []
    found = [rec for rec in provider.recordings(session) if not record_id or rec.record_id == record_id]
    return _recordings_store(session, found)


@transaction.atomic
def _recordings_store(session: Session, found) -> list[SessionRecording]:
    stored = []
    for rec in found:
        obj, _created = SessionRecording.objects.update_or_create(
            record_id=rec.record_id, defaults={"session": session, "url": rec.url, "duration_minutes": rec.minutes,
                                               "video_url": rec.video_url})
        stored.append(obj)
    recordings_queue_new(stored)  # new ones go on into the media library (after commit)
    return stored


@transaction.atomic
def recording_set_visibility(*, recording: SessionRecording, visibility: str, actor) -> SessionRecording:
    if not selectors.can_manage(actor, recording.session.event):
        raise NotAllowed(_("Only the organisers of this event may do this."))
    if visibility not in SessionRecording.Visibility.values:
        raise ApplicationError("invalid", _("Unknown audience."))
    before = recording.visibility
    recording.visibility = visibility
    recording.save(update_fields=["visibility"])
    audit_record(actor=actor, action="recording.visibility", obj=recording, summary=visibility,
                 before={"visibility": before}, after={"visibility": visibility})
    recording_sync_audience(recording=recording)  # the library's copy follows the organiser's choice
    return recording


def recordings_queue_new(recordings: list[SessionRecording]) -> int:
    """Queue the library import of recordings nobody has imported or tried yet (callback and polling)."""
    fresh = [r for r in recordings if r.asset_id is None and r.video_url
             and r.import_status == SessionRecording.Import.NONE]
    if fresh:
        SessionRecording.objects.filter(pk__in=[r.pk for r in fresh]).update(
            import_status=SessionRecording.Import.QUEUED)
    for recording in fresh:
        _queue(recording)
    return len(fresh)
