"""Acceptance (probe before accepting, limits) and the resumable chunked upload protocol."""

import hashlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from lms.errors import ApplicationError
from media import services
from media.models import UploadSession, VideoAsset
from people.models import Role
from tests.factories import user_with_role
from tests.media.conftest import storage_files

pytestmark = pytest.mark.django_db
START = "/api/v1/media/uploads/"


@pytest.fixture
def client(faculty):
    api = APIClient()
    api.force_authenticate(faculty)
    return api


def start(client, data: bytes, filename="talk.mp4"):
    response = client.post(START, {"filename": filename, "total_bytes": len(data), "title_ru": "Лекция"},
                           format="json")
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def put(client, session_id, data: bytes, start_at: int, end: int, total: int, body: bytes | None = None):
    return client.generic("PUT", f"{START}{session_id}/", body if body is not None else data[start_at:end + 1],
                          content_type="application/octet-stream",
                          HTTP_CONTENT_RANGE=f"bytes {start_at}-{end}/{total}")


def nothing_kept(media_root: Path, staging: Path) -> None:
    assert VideoAsset.objects.count() == 0
    assert UploadSession.objects.count() == 0
    assert storage_files(media_root) == [] if media_root.exists() else True
    assert list(staging.glob("*")) == []


def upload_whole(client, path: Path, chunk: int = 64 * 1024):
    data = path.read_bytes()
    session_id = start(client, data, path.name)
    for offset in range(0, len(data), chunk):
        assert put(client, session_id, data, offset, min(offset + chunk, len(data)) - 1, len(data)).status_code == 200
    return session_id, client.post(f"{START}{session_id}/complete/", {}, format="json")


def test_resumed_upload_after_an_interrupted_chunk(client, videos, settings, django_capture_on_commit_callbacks):
    data = videos["h264_720"].read_bytes()
    total, chunk = len(data), 40_000
    session_id = start(client, data)
    assert put(client, session_id, data, 0, chunk - 1, total).json()["offset"] == chunk
    # the connection breaks: the second chunk arrives shorter than its Content-Range announced
    broken = put(client, session_id, data, chunk, 2 * chunk - 1, total, body=data[chunk:chunk + 1000])
    assert broken.status_code == 400 and broken.json()["code"] == "incomplete_chunk"
    assert broken.json()["offset"] == chunk
    # a chunk from the wrong place is refused with the offset to resume from
    wrong = put(client, session_id, data, 2 * chunk, 3 * chunk - 1, total)
    assert wrong.status_code == 409 and wrong.json()["offset"] == chunk
    # the client asks where to resume and sends the rest
    offset = client.get(f"{START}{session_id}/").json()["offset"]
    assert offset == chunk
    while offset < total:
        offset = put(client, session_id, data, offset, min(offset + chunk, total) - 1, total).json()["offset"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{START}{session_id}/complete/", {"audience": "servants"}, format="json")
    assert done.status_code == 201, done.json()
    asset = VideoAsset.objects.get(pk=done.json()["id"])
    with asset.source.open("rb") as fh:
        assert hashlib.sha256(fh.read()).digest() == hashlib.sha256(data).digest()
    assert asset.status == VideoAsset.Status.READY  # the (eager) Celery task ran the pipeline
    assert asset.audience == "servants" and asset.uploaded_by.username == "media_faculty"
    assert UploadSession.objects.get(pk=session_id).status == "complete"
    assert list(Path(settings.MEDIA_UPLOAD_STAGING_DIR).glob("*")) == []


def test_complete_before_all_bytes_is_refused(client, videos):
    data = videos["h264_720"].read_bytes()
    session_id = start(client, data)
    put(client, session_id, data, 0, 999, len(data))
    response = client.post(f"{START}{session_id}/complete/", {}, format="json")
    assert response.status_code == 400 and response.json()["offset"] == 1000


@pytest.mark.parametrize("name,code", [("text", "refused_not_video"), ("truncated", "refused_truncated"),
                                       ("truncated_fs", "refused_truncated")])
def test_refused_uploads_keep_nothing(client, videos, settings, media_root, name, code):
    session_id, response = upload_whole(client, videos[name])
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["detail"]
    nothing_kept(media_root, Path(settings.MEDIA_UPLOAD_STAGING_DIR))


def test_too_long_is_refused(client, videos, settings, media_root):
    settings.MEDIA_MAX_DURATION_SECONDS = 2
    _session, response = upload_whole(client, videos["h264_720"])
    assert response.json()["code"] == "refused_too_long"
    assert "2" in response.json()["detail"]
    nothing_kept(media_root, Path(settings.MEDIA_UPLOAD_STAGING_DIR))


def test_too_high_resolution_is_refused(videos, settings):
    settings.MEDIA_MAX_HEIGHT = 720
    with pytest.raises(ApplicationError) as exc:
        services.asset_create_from_file(path=str(videos["mpeg4_1080"]), filename="big.mp4", actor=None,
                                        titles={"title_en": "Big"})
    assert exc.value.code == "refused_too_large"
    assert VideoAsset.objects.count() == 0


def test_size_and_quota_limits(client, settings, faculty):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    response = client.post(START, {"filename": "a.mp4", "total_bytes": 1001, "title_en": "A"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "too_big"
    settings.MEDIA_MAX_UPLOAD_BYTES = 10_000
    settings.MEDIA_UPLOADER_QUOTA_BYTES = 15_000
    assert client.post(START, {"filename": "a.mp4", "total_bytes": 9000, "title_en": "A"},
                       format="json").status_code == 201
    response = client.post(START, {"filename": "b.mp4", "total_bytes": 9000, "title_en": "B"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "quota_exceeded"


def test_title_and_role(client, db):
    # the file name is not judged (the probe looks inside at completion: tests/media/test_containers.py)
    response = client.post(START, {"filename": "a.exe", "total_bytes": 10, "title_en": "A"}, format="json")
    assert response.status_code == 201
    response = client.post(START, {"filename": "a.mp4", "total_bytes": 10}, format="json")
    assert response.json()["code"] == "title_required"
    learner = APIClient()
    learner.force_authenticate(user_with_role(Role.SERVANT, username="learner"))
    assert learner.post(START, {"filename": "a.mp4", "total_bytes": 10, "title_en": "A"},
                        format="json").status_code == 403


def test_other_users_cannot_write_to_a_session(client, videos):
    data = videos["h264_720"].read_bytes()
    session_id = start(client, data)
    other = APIClient()
    other.force_authenticate(user_with_role(Role.FACULTY, username="other_faculty"))
    assert put(other, session_id, data, 0, 99, len(data)).status_code == 404


def test_ingest_recording_prints_the_id(videos, capsys):
    call_command("ingest_recording", str(videos["small"]), "--title", "Мастер-класс")
    asset_id = int(capsys.readouterr().out.strip())
    asset = VideoAsset.objects.get(pk=asset_id)
    assert asset.status == VideoAsset.Status.READY and asset.title_ru == "Мастер-класс"
    assert asset.renditions.filter(kind="hls").exists()


@pytest.mark.parametrize("name", ["text", "truncated"])
def test_ingest_recording_refuses_with_nonzero_exit(videos, name, media_root):
    with pytest.raises(CommandError) as exc:
        call_command("ingest_recording", str(videos[name]), "--title", "Плохой файл")
    assert exc.value.returncode == 1 and "refused" in str(exc.value)
    assert VideoAsset.objects.count() == 0


def test_ingest_recording_missing_file():
    with pytest.raises(CommandError):
        call_command("ingest_recording", "/nonexistent/file.mp4", "--title", "X")


def test_abandoned_uploads_expire(client, videos, settings):
    from datetime import timedelta

    from django.utils import timezone

    from media.tasks import expire_uploads

    data = videos["small"].read_bytes()
    old, fresh = start(client, data), start(client, data)
    put(client, old, data, 0, 999, len(data))
    UploadSession.objects.filter(pk=old).update(updated_at=timezone.now() - timedelta(days=4))
    assert expire_uploads() == 1
    assert list(UploadSession.objects.values_list("pk", flat=True)) == [UploadSession.objects.get(pk=fresh).pk]
    assert [p.name for p in Path(settings.MEDIA_UPLOAD_STAGING_DIR).glob("*")] == [f"{fresh}.part"]
