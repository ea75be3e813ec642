"""Storage helpers over Django's storage API (local folder by default, S3-compatible when configured).
ffmpeg needs local files, so processing works in a temporary folder and copies results into the storage."""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage


def work_dir() -> str | None:
    """Where temporary processing folders go (MEDIA_WORK_DIR; the system temp folder by default)."""
    path = getattr(settings, "MEDIA_WORK_DIR", None)
    if path:
        os.makedirs(path, exist_ok=True)
    return path


def staging_dir() -> Path:
    """Resumable uploads append to files here (appending is not part of the storage API)."""
    path = Path(getattr(settings, "MEDIA_UPLOAD_STAGING_DIR", None) or Path(settings.MEDIA_ROOT) / "upload-staging")
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def local_copy(name: str) -> Iterator[str]:
    """A local path for storage file `name`: the file itself on a filesystem storage, else a temp download."""
    try:
        yield default_storage.path(name)
        return
    except NotImplementedError:
        pass
    with tempfile.TemporaryDirectory(dir=work_dir()) as tmp:
        target = Path(tmp) / Path(name).name
        with default_storage.open(name, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 4 * 1024 * 1024)
        yield str(target)


def save_local(name: str, local_path: str | Path) -> str:
    """Store a local file under exactly `name` (replacing what was there)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    with open(local_path, "rb") as fh:
        return default_storage.save(name, File(fh, name=Path(name).name))


def save_text(name: str, text: str) -> str:
    from django.core.files.base import ContentFile

    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(text.encode("utf-8")))


def delete_prefix(prefix: str) -> None:
    """Delete every file under folder `prefix` (recursively)."""
    prefix = prefix.rstrip("/")
    if not prefix:
        return
    try:
        dirs, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for sub in dirs:
        delete_prefix(f"{prefix}/{sub}")
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(prefix))


def safe_join(prefix: str, relative: str) -> str | None:
    """prefix/relative, or None if `relative` tries to leave the folder."""
    parts = [p for p in relative.split("/") if p]
    if not parts or any(p in (".", "..") or "\\" in p for p in parts):
        return None
    return f"{prefix.rstrip('/')}/{'/'.join(parts)}"
