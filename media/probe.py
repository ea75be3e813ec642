"""Probe a media file with the ffmpeg binary imageio-ffmpeg ships (it has no ffprobe): parse the stderr of
`ffmpeg -i FILE`, then decode the last seconds to catch truncated files whose index is intact."""

import re
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from media.ffmpeg import ffmpeg_exe

_INPUT = re.compile(r"Input #0, ([\w,]+), from")
_DURATION = re.compile(r"Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+)[^\n]*?(?:, |\) |\s)(\d{2,5})x(\d{2,5})")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+)")
_PIXFMT = re.compile(r"Video: \w+[^,]*, (\w+)")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_SAMPLE_RATE = re.compile(r"Audio: [^\n]*?, (\d{4,6}) Hz")
_AAC_PROFILE = re.compile(r"Audio: aac \(([\w-]+)\)")
_INTERLACED = re.compile(r"Video: [^\n]*\((?:[^)\n]*, )?(?:top|bottom)(?: coded)? first\)")
_TRUNCATED_MARKERS = ("partial file", "moov atom not found", "Input buffer exhausted", "Invalid NAL unit size",
                      "Truncating packet", "error reading header")
IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegls"}
# Containers (ffmpeg demuxer names, as `ffmpeg -i` prints them) accepted as recordings, with the extension the
# stored source gets. Judged by what ffmpeg finds inside, never by the file name: an AVI called "talk.bin" is
# an AVI. Everything else is refused, also demuxers that follow references to other files (hls, concat).
CONTAINERS = {
    "mov": "mp4", "mp4": "mp4", "3gp": "3gp", "3g2": "3g2", "matroska": "mkv", "webm": "webm", "avi": "avi",
    "asf": "wmv", "mpegts": "ts", "mpeg": "mpg", "flv": "flv", "ogg": "ogv", "dv": "dv", "mxf": "mxf",
    "rm": "rm", "nut": "nut",
}
# What the upload page's file picker offers (the server does not look at the name).
RECORDING_EXTENSIONS = ["mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "asf", "ts", "mts", "m2ts", "mpg",
                        "mpeg", "vob", "flv", "3gp", "3g2", "ogv", "dv", "mxf", "rm", "rmvb"]


class ProbeError(Exception):
    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ProbeResult:
    duration: float
    width: int
    height: int
    video_codec: str
    audio_codec: str
    pix_fmt: str
    fps: float
    container: str = ""  # ffmpeg's demuxer name(s), e.g. "avi", "mov,mp4,m4a,3gp,3g2,mj2"
    sample_rate: int = 0
    audio_profile: str = ""  # AAC: LC, HE-AAC, HE-AACv2
    interlaced: bool = False

    @property
    def extension(self) -> str:
        """The extension the container is known by (stored sources are named after what is inside)."""
        return next((CONTAINERS[name] for name in self.container.split(",") if name in CONTAINERS), "")

    @property
    def is_h264_aac(self) -> bool:
        return self.video_codec == "h264" and self.audio_codec == "aac" and self.pix_fmt == "yuv420p"


def ffmpeg_info(path: str) -> str:
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
                          capture_output=True, text=True, errors="replace", timeout=60)
    return proc.stderr


def _is_picture(container: str, video, stderr: str) -> bool:
    """An image file (PNG, JPEG, GIF... read by an image demuxer), whatever its name says. Motion-JPEG inside
    AVI or MOV (older cameras) is a video."""
    if container.endswith("_pipe") or container in ("image2", "gif", "apng", "webp"):
        return True
    return video is not None and video.group(1) in IMAGE_CODECS and "Duration: N/A" in stderr


def parse_info(stderr: str) -> ProbeResult:
    """Raise ProbeError unless stderr describes a video with a positive duration in an accepted container."""
    if "detected only with low score" in stderr or "Invalid data found" in stderr and "moov atom" not in stderr:
        # a guess on the name, not the content (a text file called .mp4): not a recording, not a broken one
        raise ProbeError("not_video", _("This file is not a video recording: ffmpeg finds neither picture nor "
                                        "sound in it (a document or another file renamed?)."))
    if "moov atom not found" in stderr:
        raise ProbeError("truncated", _("The file is incomplete (truncated): upload it again."))
    if "Invalid data found" in stderr or "Error opening input" in stderr:
        raise ProbeError("not_video", _("This file is not a video recording: ffmpeg finds neither picture nor "
                                        "sound in it (a document or another file renamed?)."))
    found = _INPUT.search(stderr)
    container = found.group(1) if found else ""
    video = _VIDEO.search(stderr)
    if _is_picture(container, video, stderr):
        raise ProbeError("not_video", _("This file is a picture (%(format)s), not a video recording.")
                         % {"format": container.removesuffix("_pipe") or video.group(1)})
    if not video:
        raise ProbeError("not_video", _("This file contains no video stream (sound only, or no media at all)."))
    if not any(name in CONTAINERS for name in container.split(",")):
        raise ProbeError("not_video", _("Recordings in the %(format)s format are not accepted; accepted are MP4, "
                                        "MOV, MKV, WebM, AVI, WMV, MPEG-TS, MPEG-PS/VOB, FLV, 3GP, OGV and others.")
                         % {"format": container or "?"})
    match = _DURATION.search(stderr)
    duration = 0.0
    if match:
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    if duration <= 0.0:
        raise ProbeError("zero_duration", _("The video has no duration (an image or an empty recording)."))
    audio = _AUDIO.search(stderr)
    video_line = stderr[video.start():].split("\n", 1)[0]
    pix = _PIXFMT.search(video_line)
    fps = _FPS.search(video_line)
    rate = _SAMPLE_RATE.search(stderr)
    profile = _AAC_PROFILE.search(stderr)
    return ProbeResult(duration=duration, width=int(video.group(2)), height=int(video.group(3)),
                       video_codec=video.group(1), audio_codec=audio.group(1) if audio else "",
                       pix_fmt=pix.group(1) if pix else "", fps=float(fps.group(1)) if fps else 25.0,
                       container=container, sample_rate=int(rate.group(1)) if rate else 0,
                       audio_profile=profile.group(1) if profile else "",
                       interlaced=bool(_INTERLACED.search(video_line)))


def _tail_is_readable(path: str, duration: float) -> bool:
    """Decode the last two seconds: a file cut short reports a partial file or missing data."""
    start = max(0.0, duration - 2.0)
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-ss", f"{start:.3f}",
                           "-i", str(path), "-t", "2", "-f", "null", "-"],
                          capture_output=True, text=True, errors="replace", timeout=120)
    return proc.returncode == 0 and not any(m in proc.stderr for m in _TRUNCATED_MARKERS)


def probe(path: str) -> ProbeResult:
    return parse_info(ffmpeg_info(path))


def probe_for_acceptance(path: str) -> ProbeResult:
    """Probe and apply the acceptance limits (settings with defaults); raise ProbeError with a translated message."""
    result = probe(path)
    if not _tail_is_readable(path, result.duration):
        raise ProbeError("truncated", _("The file is incomplete (truncated): upload it again."))
    max_duration = getattr(settings, "MEDIA_MAX_DURATION_SECONDS", 6 * 3600)
    if result.duration > max_duration:
        raise ProbeError("too_long", _("The video lasts %(duration)d s; at most %(max)d s are accepted.")
                         % {"duration": result.duration, "max": max_duration})
    max_height = getattr(settings, "MEDIA_MAX_HEIGHT", 2160)
    if result.height > max_height:
        raise ProbeError("too_large", _("The video is %(height)dp high; at most %(max)dp is accepted.")
                         % {"height": result.height, "max": max_height})
    return result
