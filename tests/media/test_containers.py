"""Recordings are judged by what ffmpeg finds inside, not by their names: the containers regional branches
have (AVI, WMV/ASF, MPEG-TS, MPEG-PS/VOB, FLV, 3GP, MKV, WebM, MOV, OGV) are accepted and become H.264/AAC
renditions; a text file or a picture named .mp4 is refused with a clear message; a real AVI named .bin is
accepted (and stored as .avi)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from lms.errors import ApplicationError
from media import pipeline, services
from media.ffmpeg import ffmpeg_exe
from media.models import Rendition, VideoAsset
from media.probe import ProbeError, parse_info, probe
from tests.media.conftest import container_sample, probe_file
from tests.media.test_upload import START, nothing_kept, upload_whole

pytestmark = pytest.mark.django_db
CONTAINERS = ["avi", "wmv", "flv", "3gp", "ts", "vob", "mkv", "webm", "mov", "ogv"]
EXPECTED_DEMUXER = {
    "avi": "avi",
    "wmv": "asf",
    "flv": "flv",
    "3gp": "3gp",
    "ts": "mpegts",
    "vob": "mpeg",
    "mkv": "matroska",
    "webm": "webm",
    "mov": "mov",
    "ogv": "ogg",
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    root = tmp_path_factory.mktemp("containers")
    return {name: container_sample(root, name) for name in CONTAINERS}


def create(path: Path, filename: str | None = None) -> VideoAsset:
    return services.asset_create_from_file(
        path=str(path),
        filename=filename or path.name,
        actor=None,
        titles={"title_ru": "Мастер-класс филиала"},
    )


@pytest.mark.parametrize("name", CONTAINERS)
def test_each_container_is_accepted_by_its_content(samples, name):
    path, codec = samples[name]
    info = probe(str(path))
    assert EXPECTED_DEMUXER[name] in info.container.split(",")
    assert info.video_codec == codec
    asset = create(path)
    assert asset.video_codec == codec and asset.duration == pytest.approx(2, abs=0.3)
    assert asset.source.name.endswith("." + info.extension)


@pytest.mark.parametrize("name", ["avi", "wmv", "flv", "3gp", "ts"])
def test_each_container_is_processed_to_h264_aac(samples, name):
    path, _codec = samples[name]
    asset = pipeline.process(create(path).pk)
    assert asset.status == VideoAsset.Status.READY
    for rendition in asset.renditions.filter(kind=Rendition.Kind.MP4):
        info = probe_file(default_storage.path(f"{asset.output_prefix}/{rendition.path}"))
        assert (info["vcodec"], info["acodec"], info["height"]) == ("h264", "aac", rendition.height)
        assert info["duration"] == pytest.approx(2, abs=0.35)
    assert asset.renditions.filter(kind=Rendition.Kind.HLS, height=0).exists()  # the audio-only variant


def test_avi_master_class_mpeg4_mp3_via_the_upload_api(samples, faculty):
    """The case of the issue: an AVI with MPEG-4 part 2 video and MP3 sound, refused before for its name."""
    client = APIClient()
    client.force_authenticate(faculty)
    path, _ = samples["avi"]
    assert (
        "Audio: mp3"
        in subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
        ).stderr
    )
    _session, response = upload_whole(client, path)
    assert response.status_code == 201, response.json()
    asset = VideoAsset.objects.get(pk=response.json()["id"])
    assert (asset.video_codec, asset.audio_codec) == ("mpeg4", "mp3")


def test_real_avi_named_bin_is_accepted_and_stored_as_avi(samples, tmp_path):
    disguised = tmp_path / "recording.bin"
    shutil.copy(samples["avi"][0], disguised)
    asset = create(disguised)
    assert asset.source.name.endswith("/recording.avi") and asset.video_codec == "mpeg4"


@pytest.fixture
def fakes(tmp_path) -> dict[str, Path]:
    text = tmp_path / "lecture.mp4"
    text.write_text("Лекция: конспект. This is a text file pretending to be a video.\n" * 40)
    png = tmp_path / "slide.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:duration=1",
            "-frames:v",
            "1",
            "-f",
            "image2",
            "-c:v",
            "png",
            str(png),
        ],
        check=True,
    )
    jpeg = tmp_path / "photo.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:duration=1",
            "-frames:v",
            "1",
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
            str(jpeg),
        ],
        check=True,
    )
    sound = tmp_path / "sound.mp4"
    subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=duration=1",
            "-c:a",
            "aac",
            str(sound),
        ],
        check=True,
    )
    return {"text": text, "png": png, "jpeg": jpeg, "sound": sound}


@pytest.mark.parametrize(
    "name,words",
    [
        ("text", "neither picture nor sound"),
        ("png", "picture (png)"),
        ("jpeg", "picture"),
        ("sound", "no video stream"),
    ],
)
def test_disguised_files_named_mp4_are_refused_clearly(fakes, name, words):
    with pytest.raises(ApplicationError) as exc:
        create(fakes[name])
    assert exc.value.code == "refused_not_video"
    assert words in str(exc.value.message)
    assert VideoAsset.objects.count() == 0


def test_disguised_upload_through_the_api_keeps_nothing(fakes, faculty, settings, media_root):
    client = APIClient()
    client.force_authenticate(faculty)
    _session, response = upload_whole(client, fakes["png"])
    assert response.status_code == 400
    assert response.json()["code"] == "refused_not_video" and "picture" in response.json()["detail"]
    nothing_kept(media_root, Path(settings.MEDIA_UPLOAD_STAGING_DIR))


def test_any_file_name_may_start_an_upload(faculty):
    client = APIClient()
    client.force_authenticate(faculty)
    for name in ("masterclass.avi", "lecture.wmv", "dvd.VOB", "phone.3gp", "recording.bin"):
        response = client.post(START, {"filename": name, "total_bytes": 10, "title_en": "A"}, format="json")
        assert response.status_code == 201, (name, response.json())


def test_containers_outside_the_list_are_refused():
    hls_playlist = (
        "Input #0, hls, from 'x.mp4':\n  Duration: 00:00:10.00, start: 0.0, bitrate: N/A\n"
        "  Stream #0:0: Video: h264 (High), yuv420p, 1280x720, 25 fps\n"
    )
    with pytest.raises(ProbeError) as exc:
        parse_info(hls_playlist)  # a playlist pulls in other files: never accepted as a recording
    assert exc.value.code == "not_video"


def test_interlaced_dvd_source_is_deinterlaced():
    stderr = (
        "Input #0, mpeg, from 'dvd.vob':\n  Duration: 00:01:00.00, start: 0.5, bitrate: 5000 kb/s\n"
        "  Stream #0:0[0x1e0]: Video: mpeg2video (Main), yuv420p(tv, top first), 720x576 [SAR 16:15 DAR 4:3],"
        " 25 fps, 25 tbr, 90k tbn\n  Stream #0:1[0x80]: Audio: ac3, 48000 Hz, stereo, fltp, 192 kb/s\n"
    )
    info = parse_info(stderr)
    assert info.interlaced and info.extension == "mpg" and info.sample_rate == 48000
    asset = VideoAsset(title_en="DVD")
    plan = pipeline.build_plan(asset, info, "dvd.vob")
    assert plan.deinterlace and plan.heights == [480, 360, 234] and not plan.copy_heights
    from media.ffmpeg import main_pass

    cmd = main_pass(plan, lambda name: name)
    graph = cmd[cmd.index("-filter_complex") + 1]
    assert "bwdif" in graph and "scale=2*round(480*dar/2):480" in graph
