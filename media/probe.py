"""Probe a media file with the ffmpeg binary imageio-ffmpeg ships (it has no ffprobe): parse the stderr of
`ffmpeg -i FILE`, then decode the last seconds to catch truncated files whose index is intact."""

import re
import subprocess
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from media.ffmpeg import ffmpeg_exe

_DURATION = re.compile(r"Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+)[^\n]*?(?:, |\) |\s)(\d{2,5})x(\d{2,5})")
_AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+)")
_PIXFMT = re.compile(r"Video: \w+[^,]*, (\w+)")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_TRUNCATED_MARKERS = ("partial file", "moov atom not found", "Input buffer exhausted", "Invalid NAL unit size",
                      "Truncating packet", "error reading header")
IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegls"}


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

    @property
    def is_h264_aac(self) -> bool:
        return self.video_codec == "h264" and self.audio_codec == "aac" and self.pix_fmt == "yuv420p"


def ffmpeg_info(path: str) -> str:
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
                          capture_output=True, text=True, errors="replace", timeout=60)
    return proc.stderr


def parse_info(stderr: str) -> ProbeResult:
    """Raise ProbeError unless stderr describes a video with a positive duration."""
    if "moov atom not found" in stderr:
        raise ProbeError("truncated", _("The file is incomplete (truncated): upload it again."))
    if "Invalid data found" in stderr or "Error opening input" in stderr:
        raise ProbeError("not_video", _("This file is not a video that can be read (wrong format or renamed)."))
    video = _VIDEO.search(stderr)
    if not video or video.group(1) in IMAGE_CODECS and "Duration: N/A" in stderr:
        raise ProbeError("not_video", _("This file contains no video stream."))
    match = _DURATION.search(stderr)
    duration = 0.0
    if match:
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    if duration <= 0.0 or video.group(1) in IMAGE_CODECS:
        raise ProbeError("zero_duration", _("The video has no duration (an image or an empty recording)."))
    audio = _AUDIO.search(stderr)
    pix = _PIXFMT.search(stderr[video.start():])
    fps = _FPS.search(stderr[video.start():])
    return ProbeResult(duration=duration, width=int(video.group(2)), height=int(video.group(3)),
                       video_codec=video.group(1), audio_codec=audio.group(1) if audio else "",
                       pix_fmt=pix.group(1) if pix else "", fps=float(fps.group(1)) if fps else 25.0)


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
