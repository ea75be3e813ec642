"""The processing pipeline on real ffmpeg-generated videos: renditions probed, HLS playlists checked."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from media import ffmpeg, pipeline, services
from media.models import Rendition, VideoAsset
from media.subtitles import parse_vtt
from tests.media.conftest import SECONDS, probe_file, storage_files

pytestmark = pytest.mark.django_db


def ingest(path: Path, **options) -> VideoAsset:
    asset = services.asset_create_from_file(path=str(path), filename=path.name, actor=None,
                                            titles={"title_ru": "Запись"}, speaker="А. Ахметов", options=options)
    return pipeline.process(asset.pk)


def local(asset: VideoAsset, relative: str) -> str:
    return default_storage.path(f"{asset.output_prefix}/{relative}")


def moov_before_mdat(path: str) -> bool:
    head = Path(path).read_bytes()
    return 0 <= head.find(b"moov") < head.find(b"mdat")


def test_h264_720_source_gives_720_copy_480_encode_hls_poster_thumbs_audio():
    asset = ingest(Path(pytest.videos["h264_720"]))
    assert asset.status == VideoAsset.Status.READY and asset.progress == 100
    mp4 = {r.height: r for r in asset.renditions.filter(kind=Rendition.Kind.MP4)}
    assert sorted(mp4) == [234, 360, 480, 720]  # no 1080p from a 720p source; the low rungs for weak links
    assert mp4[720].stream_copied and not mp4[480].stream_copied  # already H.264/AAC at 720p: not re-encoded
    for height, rendition in mp4.items():
        info = probe_file(local(asset, rendition.path))
        assert (info["vcodec"], info["acodec"], info["height"]) == ("h264", "aac", height)
        assert info["duration"] == pytest.approx(SECONDS, abs=0.2)
        assert moov_before_mdat(local(asset, rendition.path)), "fast start: moov before mdat"
    assert probe_file(local(asset, "mp4/480.mp4"))["width"] == 854
    assert probe_file(local(asset, "mp4/234.mp4"))["width"] == 416
    # HLS: master lists every variant, every segment exists, EXTINF sum = duration
    master = Path(local(asset, asset.hls_master)).read_text()
    assert master.startswith("#EXTM3U")
    variants = re.findall(r"#EXT-X-STREAM-INF:([^\n]+)\n([^\n]+)", master)
    assert [uri for _attrs, uri in variants] == ["720/index.m3u8", "480/index.m3u8", "360/index.m3u8",
                                                 "234/index.m3u8", "audio/index.m3u8"]
    assert "RESOLUTION=1280x720" in variants[0][0] and "BANDWIDTH=" in variants[0][0]
    for _attrs, uri in variants:
        playlist = Path(local(asset, f"hls/{uri}"))
        text = playlist.read_text()
        assert "#EXT-X-ENDLIST" in text
        total = sum(float(x) for x in re.findall(r"#EXTINF:([\d.]+)", text))
        assert total == pytest.approx(SECONDS, abs=0.25)
        segments = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert segments and all((playlist.parent / s).stat().st_size > 0 for s in segments)
    assert asset.renditions.filter(kind=Rendition.Kind.HLS).count() == 5  # 4 rungs + audio only
    # poster, thumbnail sprite + WebVTT track, audio only
    assert Path(local(asset, asset.poster)).read_bytes()[:2] == b"\xff\xd8"
    cues = parse_vtt(Path(local(asset, asset.thumbnails_vtt)).read_text())
    assert cues[0].text.startswith("sprite.jpg#xywh=0,0,160,90") and cues[-1].end == pytest.approx(SECONDS, abs=0.1)
    assert Path(local(asset, "sprite.jpg")).stat().st_size > 0
    audio = asset.renditions.get(kind=Rendition.Kind.AUDIO)
    info = probe_file(local(asset, audio.path))
    assert info["acodec"] == "aac" and info["vcodec"] is None


def test_1080_source_gets_1080_720_480_and_non_h264_is_reencoded():
    asset = ingest(Path(pytest.videos["mpeg4_1080"]))
    mp4 = {r.height: r for r in asset.renditions.filter(kind=Rendition.Kind.MP4)}
    assert sorted(mp4) == [234, 360, 480, 720, 1080]
    assert not any(r.stream_copied for r in mp4.values())
    for height, rendition in mp4.items():
        info = probe_file(local(asset, rendition.path))
        assert (info["vcodec"], info["height"]) == ("h264", height)
        assert info["duration"] == pytest.approx(2, abs=0.2)
    assert asset.width == 1920 and asset.video_codec == "mpeg4"


def test_small_source_gets_the_rungs_it_fills_never_upscaled():
    asset = ingest(Path(pytest.videos["small"]))  # 320x240
    assert list(asset.renditions.filter(kind="mp4").values_list("height", flat=True)) == [234]
    assert ffmpeg.target_heights(144) == [144]  # smaller than the lowest rung: its own height
    assert ffmpeg.target_heights(1080) == [1080, 720, 480, 360, 234]


def test_retry_replaces_never_duplicates(media_root, django_capture_on_commit_callbacks):
    asset = ingest(Path(pytest.videos["h264_720"]))
    first_prefix, first_ids = asset.output_prefix, set(asset.renditions.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        again = pipeline.process(asset.pk)
    assert again.output_prefix != first_prefix
    assert set(again.renditions.values_list("pk", flat=True)) == first_ids  # the same rows, updated
    assert Rendition.objects.filter(asset=asset).count() == 10  # 4 mp4 + 4 hls + hls audio + audio
    files = storage_files(media_root)
    assert not any(f.startswith(first_prefix) for f in files), "the previous outputs are deleted"
    assert sum(f.endswith("master.m3u8") for f in files) == 1


def test_trims_and_title_card_change_the_duration():
    asset = ingest(Path(pytest.videos["h264_720"]), trim_start=1, title_card=True)
    mp4 = asset.renditions.get(kind="mp4", height=720)
    assert not mp4.stream_copied  # edited: re-encoded
    info = probe_file(local(asset, mp4.path))
    assert info["duration"] == pytest.approx(SECONDS - 1 + 3, abs=0.3)
    assert asset.duration == pytest.approx(SECONDS - 1 + 3)


def test_failure_is_recorded_with_a_message():
    asset = services.asset_create_from_file(path=str(pytest.videos["h264_720"]), filename="x.mp4", actor=None,
                                            titles={"title_en": "Broken"})
    default_storage.delete(asset.source.name)
    with pytest.raises(pipeline.ProcessingFailed):
        pipeline.process(asset.pk)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED and asset.failure_message
    assert not asset.renditions.exists()


def test_progress_is_parsed_from_ffmpeg(tmp_path):
    seen = []
    plan = ffmpeg.Plan(source=str(pytest.videos["h264_720"]), duration=SECONDS, heights=[480])
    ffmpeg.run(ffmpeg.main_pass(plan, lambda name: str(_mk(tmp_path / name))), duration=SECONDS,
               on_progress=seen.append)
    assert seen and seen == sorted(seen) and seen[-1] == pytest.approx(1.0, abs=0.05)


def _mk(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _videos(videos):
    pytest.videos = videos
