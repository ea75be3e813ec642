"""The processing pipeline of one asset: (title card) -> main ffmpeg pass (MP4 renditions, audio, sprite) ->
HLS by stream copy -> poster -> thumbnail track and master playlist -> storage -> rows swapped in one
transaction. Re-running writes a new output folder and replaces the rows (unique asset/kind/height), then
deletes the previous folder: a retry never duplicates and a failed run leaves the previous outputs intact."""

import logging
import tempfile
import time
import uuid
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from media import ffmpeg, hls, storage
from media.models import Rendition, VideoAsset
from media.probe import ProbeError, probe
from media.subtitles import thumbnails_vtt
from media.titlecard import CARD_SECONDS, render_title_card

log = logging.getLogger(__name__)

# Shares of the progress bar per stage (the main pass dominates the work).
MAIN_UNTIL, HLS_UNTIL = 85, 93


class ProcessingFailed(Exception):
    pass


class _Progress:
    """Stores the percentage on the asset, at most once a second (one UPDATE, no model save)."""

    def __init__(self, asset_id: int):
        self.asset_id, self.last_value, self.last_time = asset_id, -1, 0.0

    def __call__(self, percent: float, *, force: bool = False) -> None:
        value = max(0, min(99, int(percent)))
        now = time.monotonic()
        if value != self.last_value and (force or now - self.last_time >= 1.0):
            VideoAsset.objects.filter(pk=self.asset_id).update(progress=value)
            self.last_value, self.last_time = value, now

    def stage(self, start: int, end: int):
        return lambda share: self(start + (end - start) * share)


def build_plan(asset: VideoAsset, info, source: str, *, threads: int = 2) -> ffmpeg.Plan:
    """Whatever the container (AVI, WMV, MPEG-TS, VOB, FLV, 3GP...), every rendition is H.264/AAC MP4; only a
    progressive H.264/AAC source at a rung's height is stream-copied for that rung."""
    edited = bool(asset.trim_start or asset.trim_end or asset.title_card)
    heights = ffmpeg.target_heights(info.height)
    copyable = not edited and info.is_h264_aac and not info.interlaced
    copy = [h for h in heights if copyable and info.height == h]
    copy_audio = not edited and info.audio_codec == "aac"
    resample = info.audio_codec and not copy_audio and info.sample_rate not in ffmpeg.AUDIO_RATES
    return ffmpeg.Plan(source=source, duration=info.duration, heights=heights, copy_heights=copy,
                       copy_audio=copy_audio, has_audio=bool(info.audio_codec), trim_start=asset.trim_start,
                       trim_end=asset.trim_end, threads=threads, fps=info.fps, deinterlace=info.interlaced,
                       audio_rate=48000 if resample else 0)


def output_duration(asset: VideoAsset, info) -> float:
    card = CARD_SECONDS if asset.title_card else 0.0
    return max(0.0, info.duration - asset.trim_start - asset.trim_end) + card


def process(asset_id: int, *, threads: int = 2) -> VideoAsset:
    """Run the whole pipeline; on failure the asset is FAILED with a readable message and ProcessingFailed
    is raised. Outputs of a failed run are removed."""
    asset = VideoAsset.objects.get(pk=asset_id)
    VideoAsset.objects.filter(pk=asset_id).update(status=VideoAsset.Status.PROCESSING, progress=0,
                                                  failure_message="")
    prefix = f"videos/{asset.pk}/{uuid.uuid4().hex[:12]}"
    progress = _Progress(asset.pk)
    try:
        with tempfile.TemporaryDirectory(dir=storage.work_dir()) as work, \
                storage.local_copy(asset.source.name) as source:
            result = _produce(asset, source, Path(work), progress, threads)
            progress(HLS_UNTIL + 1, force=True)
            _store(result, Path(work), prefix)
    except Exception as exc:  # any failure: record it for the page, clean up, report
        storage.delete_prefix(prefix)
        message = _failure_message(exc)
        VideoAsset.objects.filter(pk=asset_id).update(status=VideoAsset.Status.FAILED, failure_message=message)
        log.warning("media: processing asset %s failed: %s", asset_id, exc)
        raise ProcessingFailed(message) from exc
    return _swap_in(asset_id, prefix, result)


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, ProbeError):
        return str(exc.message)
    if isinstance(exc, ffmpeg.FFmpegFailed):
        return _("Video processing failed: %(detail)s") % {"detail": str(exc)[:500]}
    if isinstance(exc, FileNotFoundError):
        return _("The source file is missing from the storage.")
    return _("Video processing failed: %(detail)s") % {"detail": f"{type(exc).__name__}: {exc}"[:500]}


def _produce(asset: VideoAsset, source: str, work: Path, progress: _Progress, threads: int) -> dict:
    info = probe(source)
    plan = build_plan(asset, info, source, threads=threads)
    duration = output_duration(asset, info)
    if asset.title_card:
        plan.intro = render_title_card(
            out_path=str(work / "card.mp4"), width=info.width - info.width % 2, height=info.height - info.height % 2,
            fps=info.fps, titles=[asset.title_kk, asset.title_ru, asset.title_en], speaker=asset.speaker)
        plan.intro_seconds = CARD_SECONDS
        progress(3, force=True)
    for sub in ("mp4", "hls"):
        (work / sub).mkdir()

    def out(name: str) -> str:
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return str(path)

    ffmpeg.run(ffmpeg.main_pass(plan, out), duration=duration, on_progress=progress.stage(3, MAIN_UNTIL))
    progress(MAIN_UNTIL, force=True)
    heights = plan.heights
    audio = out("audio.m4a") if plan.has_audio else None
    ffmpeg.run(ffmpeg.hls_pass(heights, lambda h: out(f"mp4/{h}.mp4"), out, audio=audio))
    progress(HLS_UNTIL - 2, force=True)
    best = out(f"mp4/{heights[0]}.mp4")
    poster_at = min(duration * 0.1, 10.0) if not asset.title_card else CARD_SECONDS + min(5.0, duration * 0.1)
    ffmpeg.run(ffmpeg.poster_cmd(best, min(poster_at, max(0.0, duration - 0.5)), out("poster.jpg")))
    renditions = []
    for height in heights:
        rendition_info = probe(out(f"mp4/{height}.mp4"))
        size = Path(out(f"mp4/{height}.mp4")).stat().st_size
        renditions.append({"kind": Rendition.Kind.MP4, "height": height, "width": rendition_info.width,
                           "path": f"mp4/{height}.mp4", "size_bytes": size,
                           "bitrate": int(size * 8 / max(duration, 0.1)), "stream_copied": height in plan.copy_heights})
    for r in list(renditions):
        renditions.append({**r, "kind": Rendition.Kind.HLS, "path": f"hls/{r['height']}/index.m3u8"})
    if plan.has_audio:
        size = Path(out("audio.m4a")).stat().st_size
        renditions.append({"kind": Rendition.Kind.AUDIO, "height": 0, "width": 0, "path": "audio.m4a",
                           "size_bytes": size, "bitrate": int(size * 8 / max(duration, 0.1)),
                           "stream_copied": plan.copy_audio})
    renditions += _write_master(work, plan, info, [r for r in renditions if r["kind"] == Rendition.Kind.MP4])
    interval = ffmpeg.thumbnail_interval(duration - (CARD_SECONDS if asset.title_card else 0))
    (work / "thumbnails.vtt").write_text(thumbnails_vtt(
        count=ffmpeg.thumbnail_count(duration), interval=interval, duration=duration, sprite="sprite.jpg",
        width=ffmpeg.THUMB_WIDTH, height=ffmpeg.THUMB_HEIGHT, columns=ffmpeg.THUMB_COLUMNS))
    return {"info": info, "duration": duration, "renditions": renditions}


def _write_master(work: Path, plan: ffmpeg.Plan, info, mp4: list[dict]) -> list[dict]:
    """hls/master.m3u8: the rungs, then the audio-only variant; returns the audio-only HLS rendition row."""
    aac_lc = hls.audio_codec_string("LC")
    audio_only = hls.audio_codec_string(info.audio_profile) if plan.copy_audio else aac_lc

    def codecs(r: dict) -> str:
        video = hls.video_codec_string(str(work / r["path"]))
        if not plan.has_audio:
            return video
        copied = r["height"] in plan.copy_heights or ffmpeg.rung_audio_copied(plan, r["height"])
        return f"{video},{audio_only if copied else aac_lc}"

    variants = [hls.Variant(uri=f"{r['height']}/index.m3u8", width=r["width"], height=r["height"], codecs=codecs(r),
                            **hls.measure(work / "hls" / str(r["height"]) / "index.m3u8")) for r in mp4]
    extra = []
    if plan.has_audio:
        variant = hls.Variant(uri="audio/index.m3u8", codecs=audio_only,
                              **hls.measure(work / "hls" / "audio" / "index.m3u8"))
        variants.append(variant)
        extra.append({"kind": Rendition.Kind.HLS, "height": 0, "width": 0, "path": "hls/audio/index.m3u8",
                      "size_bytes": variant.total_bytes, "bitrate": variant.average_bandwidth, "stream_copied": True})
    (work / "hls" / "master.m3u8").write_text(hls.master_playlist(variants))
    return extra


def _store(result: dict, work: Path, prefix: str) -> None:
    for path in sorted(work.rglob("*")):
        if path.is_file() and path.name != "card.mp4":
            storage.save_local(f"{prefix}/{path.relative_to(work).as_posix()}", path)


@transaction.atomic
def _swap_in(asset_id: int, prefix: str, result: dict) -> VideoAsset:
    asset = VideoAsset.objects.select_for_update().get(pk=asset_id)
    old_prefix = asset.output_prefix
    produced = result["renditions"]
    keep = {(r["kind"], r["height"]) for r in produced}
    stale = [r.pk for r in asset.renditions.all() if (r.kind, r.height) not in keep]
    Rendition.objects.filter(pk__in=stale).delete()
    for r in produced:
        Rendition.objects.update_or_create(asset=asset, kind=r["kind"], height=r["height"],
                                           defaults={k: v for k, v in r.items() if k not in ("kind", "height")})
    info = result["info"]
    asset.output_prefix, asset.hls_master = prefix, "hls/master.m3u8"
    asset.poster, asset.thumbnails_vtt = "poster.jpg", "thumbnails.vtt"
    asset.duration, asset.duration_seconds = result["duration"], round(result["duration"])
    asset.width, asset.height = info.width, info.height
    asset.video_codec, asset.audio_codec = info.video_codec, info.audio_codec
    asset.status, asset.progress, asset.failure_message = VideoAsset.Status.READY, 100, ""
    asset.processed_at = timezone.now()
    asset.save()
    if old_prefix and old_prefix != prefix:
        transaction.on_commit(lambda: storage.delete_prefix(old_prefix))
    return asset
