"""Small real videos generated with ffmpeg once per test session (no binary fixtures), and an isolated
storage folder per test."""

import re
import subprocess
from pathlib import Path

import pytest

from media.ffmpeg import ffmpeg_exe
from people.models import Role
from tests.factories import user_with_role

SECONDS = 3


def generate(path: Path, *, size: str, seconds: float = SECONDS, vcodec: str = "libx264", faststart=False,
             audio: bool = True) -> Path:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
           "-i", f"testsrc=size={size}:rate=25:duration={seconds}"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac"]
    cmd += ["-c:v", vcodec, "-pix_fmt", "yuv420p", "-shortest"]
    cmd += ["-preset", "ultrafast"] if vcodec == "libx264" else ["-q:v", "5"]
    cmd += ["-movflags", "+faststart"] if faststart else []
    subprocess.run([*cmd, str(path)], check=True, timeout=60)
    return path


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("videos")
    files = {
        "h264_720": generate(root / "h264_720.mp4", size="1280x720"),
        "mpeg4_1080": generate(root / "mpeg4_1080.mp4", size="1920x1080", vcodec="mpeg4", seconds=2),
        "faststart_720": generate(root / "faststart_720.mp4", size="1280x720", faststart=True),
        "small": generate(root / "small.mp4", size="320x240", seconds=2),
    }
    text = root / "notes.mp4"
    text.write_text("This is a text file pretending to be a video.\n" * 50)
    files["text"] = text
    data = files["h264_720"].read_bytes()  # moov at the end: cutting it off leaves no index
    (root / "truncated.mp4").write_bytes(data[: len(data) // 2])
    files["truncated"] = root / "truncated.mp4"
    data = files["faststart_720"].read_bytes()  # index intact, media data cut short
    (root / "truncated_fs.mp4").write_bytes(data[: int(len(data) * 0.6)])
    files["truncated_fs"] = root / "truncated_fs.mp4"
    return files


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_UPLOAD_STAGING_DIR = tmp_path / "staging"
    settings.MEDIA_WORK_DIR = tmp_path / "work"
    return settings.MEDIA_ROOT


@pytest.fixture
def faculty(db):
    return user_with_role(Role.FACULTY, username="media_faculty")


def probe_file(path) -> dict:
    """codec, size and duration of a produced file (ffmpeg -i stderr)."""
    err = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err).groups()
    video = re.search(r"Video: (\w+).*?, (\d{2,5})x(\d{2,5})", err)
    audio = re.search(r"Audio: (\w+)", err)
    return {"duration": int(h) * 3600 + int(m) * 60 + float(s),
            "vcodec": video.group(1) if video else None,
            "width": int(video.group(2)) if video else None, "height": int(video.group(3)) if video else None,
            "acodec": audio.group(1) if audio else None}


def storage_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file())


def has_encoder(name: str) -> bool:
    listing = subprocess.run([ffmpeg_exe(), "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return re.search(rf"^\s*\S+\s+{re.escape(name)}\s", listing, re.MULTILINE) is not None


def _phone_codecs() -> tuple[list[str], list[str], str]:
    """3GP as old phones write it: H.263 + AMR-NB at 176x144 if this ffmpeg has the encoders, else MPEG-4/AAC."""
    if has_encoder("h263") and has_encoder("libopencore_amrnb"):
        return ["-c:v", "h263"], ["-c:a", "libopencore_amrnb", "-ar", "8000", "-ac", "1", "-b:a", "12.2k"], "h263"
    return ["-c:v", "mpeg4"], ["-c:a", "aac"], "mpeg4"


def container_sample(root: Path, name: str, *, size: str = "320x240", seconds: float = 2) -> tuple[Path, str]:
    """A small real recording in one of the containers regional branches have; returns (path, video codec)."""
    recipes = {  # name: (file name, video args, audio args, expected video codec, extra muxer args)
        "avi": ("masterclass.avi", ["-c:v", "mpeg4", "-q:v", "5"], ["-c:a", "libmp3lame", "-b:a", "96k"], "mpeg4", []),
        "wmv": ("lecture.wmv", ["-c:v", "wmv2"], ["-c:a", "wmav2"], "wmv2", []),
        "flv": ("webinar.flv", ["-c:v", "flv"], ["-c:a", "libmp3lame", "-ar", "44100"], "flv1", []),
        "ts": ("broadcast.ts", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
               ["-c:a", "aac"], "h264", []),
        "vob": ("dvd.vob", ["-c:v", "mpeg2video"], ["-c:a", "mp2"], "mpeg2video", ["-f", "vob"]),
        "mkv": ("talk.mkv", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"], ["-c:a", "aac"],
                "h264", []),
        "webm": ("talk.webm", ["-c:v", "libvpx", "-b:v", "300k"], ["-c:a", "libvorbis"], "vp8", []),
        "mov": ("camera.mov", ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"], ["-c:a", "aac"],
                "h264", []),
        "ogv": ("talk.ogv", ["-c:v", "libtheora", "-q:v", "5"], ["-c:a", "libvorbis"], "theora", []),
    }
    if name == "3gp":
        video, audio, codec = _phone_codecs()
        filename, size, extra = "phone.3gp", "176x144", []
    else:
        filename, video, audio, codec, extra = recipes[name]
    path = root / filename
    rate = "8000" if name == "3gp" and codec == "h263" else "44100"
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y",
                    "-f", "lavfi", "-i", f"testsrc=size={size}:rate={15 if name == '3gp' else 25}:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate={rate}",
                    *video, *audio, "-shortest", *extra, str(path)], check=True, timeout=60)
    return path, codec
