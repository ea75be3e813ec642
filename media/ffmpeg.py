"""ffmpeg command builders (pure functions returning argv lists) and a runner that reports progress.

One decoding pass produces every MP4 rendition, the audio-only file and the thumbnail sprite (split filter);
HLS variants are then cut from the MP4 renditions by stream copy, so nothing is encoded twice."""

import math
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

# The ladder: 1080p/720p/480p as before, plus the low rungs Apple's HLS authoring specification starts from
# (416x234 at 145 kbit/s, 640x360 at 365 kbit/s, both at most 30 fps) for participants on weak connections.
TARGET_HEIGHTS = (1080, 720, 480, 360, 234)
VIDEO_BITRATES = {1080: "5000k", 720: "2800k", 480: "1200k", 360: "365k", 234: "145k"}
LOW_RUNG_MAX_FPS = 30
HLS_SEGMENT_SECONDS = 4
THUMB_WIDTH, THUMB_HEIGHT = 160, 90
THUMB_COLUMNS = 10
MAX_THUMBS = 100
AUDIO_BITRATE = "128k"
LOW_AUDIO_BITRATE = "64k"  # the 360p and 234p rungs: 128k of sound would nearly double a 145k rung
LOW_RUNG_MAX_HEIGHT = 360
AUDIO_RATES = (44100, 48000)  # other rates (8 kHz AMR of phones, 22 kHz FLV) are resampled to 48 kHz


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def target_heights(source_height: int) -> list[int]:
    """Every rung the source can fill (never upscaled): 1080p only where the source has it, then 720p, 480p,
    360p, 234p; a source smaller than the lowest rung keeps its own height."""
    heights = [h for h in TARGET_HEIGHTS if h <= source_height]
    return heights or [source_height - source_height % 2]


def thumbnail_interval(duration: float) -> float:
    """Seconds between sprite thumbnails: every 2 s for short videos, at most MAX_THUMBS in the sprite."""
    return max(2.0, math.ceil(duration / MAX_THUMBS))


def thumbnail_count(duration: float) -> int:
    return max(1, math.ceil(duration / thumbnail_interval(duration)))


@dataclass
class Plan:
    """What the main pass produces. `copy_heights` are renditions taken from the source by stream copy."""

    source: str
    duration: float
    heights: list[int]
    copy_heights: list[int] = field(default_factory=list)
    copy_audio: bool = False
    has_audio: bool = True
    trim_start: float = 0.0
    trim_end: float = 0.0
    intro: str | None = None  # title-card clip (same size and fps, no audio), concatenated first
    intro_seconds: float = 0.0
    threads: int = 2
    preset: str = "veryfast"
    fps: float = 25.0
    deinterlace: bool = False  # interlaced DVD/camera sources (MPEG-2, DV): bwdif before scaling
    audio_rate: int = 0  # resample the encoded audio to this rate (0: keep)


def _input_args(plan: Plan) -> list[str]:
    args = []
    if plan.intro:
        args += ["-i", plan.intro]
        if plan.has_audio:  # the card's silence, generated here rather than in moviepy
            args += ["-f", "lavfi", "-t", f"{plan.intro_seconds:.3f}", "-i", "anullsrc=r=48000:cl=stereo"]
    if plan.trim_start:
        args += ["-ss", f"{plan.trim_start:.3f}"]
    if plan.trim_end:
        args += ["-t", f"{max(0.1, plan.duration - plan.trim_start - plan.trim_end):.3f}"]
    return args + ["-i", plan.source]


def _keyframes() -> list[str]:
    # Keyframes on segment boundaries: HLS variants cut later by stream copy get equal, aligned segments.
    return ["-force_key_frames", f"expr:gte(t,n_forced*{HLS_SEGMENT_SECONDS})"]


def main_pass(plan: Plan, out: Callable[[str], str]) -> list[str]:
    """One ffmpeg: decode once, split to every encoded height + the thumbnail sprite; copy where possible.
    `out(name)` maps an output name (`mp4/720.mp4`, `audio.m4a`, `sprite.jpg`) to a local path."""
    encoded = [h for h in plan.heights if h not in plan.copy_heights]
    src = str(int(bool(plan.intro)) + int(bool(plan.intro and plan.has_audio)))
    branches = len(encoded) + 1  # + thumbnails
    graph = []
    if plan.intro and plan.has_audio:
        graph.append(f"[0:v]setsar=1[iv];[{src}:v]setsar=1[sv];[iv][1:a][sv][{src}:a]concat=n=2:v=1:a=1[vin][ain]")
        vin, ain = "[vin]", "[ain]"
    elif plan.intro:
        graph.append(f"[0:v]setsar=1[iv];[{src}:v]setsar=1[sv];[iv][sv]concat=n=2:v=1:a=0[vin]")
        vin, ain = "[vin]", ""
    else:
        vin, ain = f"[{src}:v:0]", f"{src}:a:0?"
    labels = [f"[v{i}]" for i in range(branches)]
    if plan.deinterlace:
        graph.append(f"{vin}bwdif=mode=send_frame:deint=interlaced[dv]")
        vin = "[dv]"
    graph.append(f"{vin}split={branches}{''.join(labels)}")
    for i, height in enumerate(encoded):
        graph.append(f"[v{i}]{_scale_chain(plan, height)}[o{height}]")
    interval = thumbnail_interval(plan.duration - plan.trim_start - plan.trim_end)
    rows = math.ceil(thumbnail_count(plan.duration - plan.trim_start - plan.trim_end) / THUMB_COLUMNS)
    graph.append(f"[v{branches - 1}]fps=1/{interval:g},scale={THUMB_WIDTH}:{THUMB_HEIGHT}:"
                 f"force_original_aspect_ratio=decrease,pad={THUMB_WIDTH}:{THUMB_HEIGHT}:(ow-iw)/2:(oh-ih)/2,"
                 f"tile={THUMB_COLUMNS}x{rows}[thumbs]")
    if plan.intro and plan.has_audio:
        graph.append("[ain]asplit=" + str(len(encoded) + 1) + "".join(f"[a{i}]" for i in range(len(encoded) + 1)))
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats",
           *_input_args(plan), "-filter_complex", ";".join(graph), "-threads", str(plan.threads)]
    for i, height in enumerate(encoded):
        audio = ["-map", f"[a{i}]"] if plan.intro else ["-map", ain]
        audio = audio if plan.has_audio else []
        audio_codec = _rung_audio(plan, height)
        rate = VIDEO_BITRATES.get(height, "1000k")
        cmd += ["-map", f"[o{height}]", *audio, "-c:v", "libx264", "-preset", plan.preset, "-profile:v", "high",
                "-b:v", rate, "-maxrate", rate, "-bufsize", _bufsize(rate), *_keyframes(), *audio_codec,
                "-movflags", "+faststart", out(f"mp4/{height}.mp4")]
    for height in plan.copy_heights:
        cmd += ["-map", f"{src}:v:0", "-map", f"{src}:a:0?", "-c", "copy", "-movflags", "+faststart",
                out(f"mp4/{height}.mp4")]
    audio_in = f"[a{len(encoded)}]" if plan.intro else ain
    audio_codec = ["-c:a", "copy"] if plan.copy_audio else ["-c:a", "aac", "-b:a", AUDIO_BITRATE, *_rate(plan)]
    if plan.has_audio:
        cmd += ["-map", audio_in, "-vn", *audio_codec, "-movflags", "+faststart", out("audio.m4a")]
    cmd += ["-map", "[thumbs]", "-frames:v", "1", "-q:v", "4", "-update", "1", out("sprite.jpg")]
    return cmd


def _scale_chain(plan: Plan, height: int) -> str:
    """Scale to the rung by the display aspect ratio (phones' 3GP and DVDs have non-square pixels), square
    pixels out; the low rungs at most 30 fps as the HLS authoring specification asks."""
    chain = f"scale=2*round({height}*dar/2):{height}:flags=bicubic,setsar=1"
    if height <= LOW_RUNG_MAX_HEIGHT and plan.fps > LOW_RUNG_MAX_FPS + 0.5:
        chain += f",fps={plan.fps / math.ceil(plan.fps / LOW_RUNG_MAX_FPS):g}"
    return chain + ",format=yuv420p"


def rung_audio_copied(plan: Plan, height: int) -> bool:
    return plan.copy_audio and height > LOW_RUNG_MAX_HEIGHT


def _rung_audio(plan: Plan, height: int) -> list[str]:
    if rung_audio_copied(plan, height):
        return ["-c:a", "copy"]
    bitrate = LOW_AUDIO_BITRATE if height <= LOW_RUNG_MAX_HEIGHT else AUDIO_BITRATE
    return ["-c:a", "aac", "-b:a", bitrate, "-ac", "2", *_rate(plan)]


def _bufsize(rate: str) -> str:
    """Two seconds of the rung's rate, at most 2 MB: the low rungs need a small buffer to keep their peaks
    within what a weak connection carries."""
    return f"{min(int(rate.rstrip('k')) * 2, 2000)}k"


def _rate(plan: Plan) -> list[str]:
    return ["-ar", str(plan.audio_rate)] if plan.audio_rate else []


def hls_pass(heights: list[int], mp4: Callable[[int], str], out: Callable[[str], str],
             audio: str | None = None) -> list[str]:
    """Cut each MP4 rendition into HLS segments by stream copy, all variants in one process; with `audio`
    (the AAC .m4a) also the audio-only variant `hls/audio/index.m3u8`."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error"]
    for height in heights:
        cmd += ["-i", mp4(height)]
    if audio:
        cmd += ["-i", audio]
    hls = ["-f", "hls", "-hls_time", str(HLS_SEGMENT_SECONDS), "-hls_playlist_type", "vod", "-hls_list_size", "0"]
    for i, height in enumerate(heights):
        cmd += ["-map", f"{i}:v:0", "-map", f"{i}:a:0?", "-c", "copy", *hls,
                "-hls_segment_filename", out(f"hls/{height}/seg_%05d.ts"), out(f"hls/{height}/index.m3u8")]
    if audio:
        cmd += ["-map", f"{len(heights)}:a:0", "-c", "copy", *hls,
                "-hls_segment_filename", out("hls/audio/seg_%05d.ts"), out("hls/audio/index.m3u8")]
    return cmd


def poster_cmd(source: str, at: float, out_path: str, height: int = 720) -> list[str]:
    """Input seeking: decodes one frame only."""
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-ss", f"{at:.3f}", "-i", source,
            "-frames:v", "1", "-vf", f"scale=-2:'min({height},ih)'", "-q:v", "3", out_path]


def copy_faststart_cmd(source: str, out_path: str) -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-v", "error", "-i", source, "-map", "0:v:0",
            "-map", "0:a:0?", "-c", "copy", "-movflags", "+faststart", out_path]


class FFmpegFailed(Exception):
    pass


def run(cmd: list[str], *, duration: float | None = None, on_progress: Callable[[float], None] | None = None,
        timeout: float | None = None) -> None:
    """Run ffmpeg; with `-progress pipe:1` report the share done (0..1) from out_time_ms against `duration`."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    try:
        for line in proc.stdout:
            if on_progress and duration and line.startswith("out_time_ms="):
                value = line.split("=", 1)[1].strip()
                if value.isdigit():  # microseconds despite the name; "N/A" at the start
                    on_progress(min(1.0, int(value) / 1e6 / duration))
        stderr = proc.stderr.read()
        proc.wait(timeout=timeout)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.returncode != 0:
        raise FFmpegFailed(stderr.strip().splitlines()[-1] if stderr.strip() else f"ffmpeg exit {proc.returncode}")
