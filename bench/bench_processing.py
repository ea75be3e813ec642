"""Video processing: a generated 10-minute 720p H.264/AAC recording (testsrc2 + sine) processed by the
media pipeline into its renditions (720p/480p/360p/234p MP4 (the low rungs with 64k sound), HLS of each plus
the audio-only HLS variant, poster, thumbnail sprite + track, audio only; no 1080p for a 720p source) against
the equivalent direct ffmpeg commands run one after another on the same file. Both measured in the same run;
bound (issues #6 and #11): pipeline within 1.25x of direct ffmpeg.
`--minutes N` for a quicker run. Runs in a fresh PostgreSQL database (lms_bench_processing)."""

import argparse
import math
import subprocess
import tempfile
import time
from pathlib import Path

from bench import drop_database, use_fresh_database

BOUND_RATIO = 1.25
DB_NAME = "lms_bench_processing"


def generate(path: Path, minutes: float) -> None:
    from media.ffmpeg import ffmpeg_exe

    seconds = int(minutes * 60)
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "50",
                    "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", str(path)],
                   check=True)


def direct_commands(source: str, out: Path, duration: float) -> list[list[str]]:
    """What one would type by hand for the same outputs, each its own ffmpeg run, same preset and threads."""
    from media.ffmpeg import ffmpeg_exe

    ff = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y"]
    interval = max(2, math.ceil(duration / 100))
    rows = math.ceil(math.ceil(duration / interval) / 10)
    for name in ("hls720", "hls480", "hls360", "hls234", "hlsaudio"):
        (out / name).mkdir(parents=True)

    def transcode(height: int, rate: str, audio: list[str]) -> list[str]:
        return [*ff, "-i", source, "-vf", f"scale=-2:{height}", "-c:v", "libx264", "-preset", "veryfast",
                "-b:v", rate, "-threads", "2", *audio, "-movflags", "+faststart", str(out / f"{height}.mp4")]

    def hls(name: str, mp4: str) -> list[str]:
        return [*ff, "-i", str(out / mp4), "-c", "copy", "-f", "hls", "-hls_time", "4", "-hls_playlist_type",
                "vod", "-hls_segment_filename", str(out / f"{name}/seg_%05d.ts"), str(out / f"{name}/index.m3u8")]

    low_audio = ["-c:a", "aac", "-b:a", "64k", "-ac", "2"]
    return [
        [*ff, "-i", source, "-c", "copy", "-movflags", "+faststart", str(out / "720.mp4")],
        transcode(480, "1200k", ["-c:a", "copy"]),
        transcode(360, "365k", low_audio),
        transcode(234, "145k", low_audio),
        [*ff, "-i", source, "-vn", "-c:a", "copy", "-movflags", "+faststart", str(out / "audio.m4a")],
        hls("hls720", "720.mp4"),
        hls("hls480", "480.mp4"),
        hls("hls360", "360.mp4"),
        hls("hls234", "234.mp4"),
        hls("hlsaudio", "audio.m4a"),
        [*ff, "-ss", "10", "-i", source, "-frames:v", "1", str(out / "poster.jpg")],
        [*ff, "-i", source, "-vf", f"fps=1/{interval},scale=160:90,tile=10x{rows}", "-frames:v", "1",
         "-threads", "2", str(out / "sprite.jpg")],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench processing")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--keep-db", action="store_true")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    from django.conf import settings

    try:
        with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
            root = Path(tmp)
            settings.MEDIA_ROOT = root / "storage"
            settings.MEDIA_WORK_DIR = str(root / "work")
            source = root / "recording.mp4"
            started = time.perf_counter()
            generate(source, args.minutes)
            print(f"generated a {args.minutes:g}-min 720p recording ({source.stat().st_size / 1e6:.0f} MB) in "
                  f"{time.perf_counter() - started:.1f} s", flush=True)

            from media import pipeline, services
            from media.probe import probe

            asset = services.asset_create_from_file(path=str(source), filename="recording.mp4", actor=None,
                                                    titles={"title_en": "Benchmark recording"})
            started = time.perf_counter()
            asset = pipeline.process(asset.pk)
            ours = time.perf_counter() - started
            outputs = sorted(f"{r.kind}:{r.height}{'(copy)' if r.stream_copied else ''}"
                             for r in asset.renditions.all())
            print(f"pipeline outputs: {', '.join(outputs)}", flush=True)

            duration = probe(str(source)).duration
            started = time.perf_counter()
            for cmd in direct_commands(str(source), root / "direct", duration):
                subprocess.run(cmd, check=True)
            direct = time.perf_counter() - started
            label = f"{args.minutes:g}-min"
            print(f"processing {label} 720p (4 rungs + audio-only HLS): {ours:.1f} s vs direct ffmpeg {direct:.1f} s, "
                  f"ratio {ours / direct:.2f} (bound {BOUND_RATIO})", flush=True)
    finally:
        if not args.keep_db:
            drop_database(DB_NAME)
    return 0 if ours / direct <= BOUND_RATIO else 1
