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
