"""The master playlist of a processed 720p recording: the rungs (720p kept, 480p, and the low rungs of Apple's
HLS authoring specification, 640x360 at 365 kbit/s and 416x234 at 145 kbit/s), their measured bandwidths and
resolutions, CODECS, the audio-only variant (CODECS="mp4a.40.2"), and every variant read back by ffmpeg."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from media import ffmpeg, pipeline, services
from media.hls import Variant, audio_codec_string, master_playlist
from media.models import Rendition
from tests.media.conftest import SECONDS, probe_file

pytestmark = pytest.mark.django_db
ATTR = re.compile(r'([A-Z-]+)=("[^"]*"|[^,]*)')
SPEC_RUNGS = {234: (416, 145_000), 360: (640, 365_000)}  # Apple: 416x234 @ 145k, 640x360 @ 365k


def parse_master(text: str) -> list[dict]:
    assert text.startswith("#EXTM3U\n")
    variants = []
    for attrs, uri in re.findall(r"#EXT-X-STREAM-INF:([^\n]+)\n([^\n]+)", text):
        found = {k: v.strip('"') for k, v in ATTR.findall(attrs)}
        variants.append({**found, "uri": uri})
    return variants


@pytest.fixture(scope="module")
def processed(django_db_setup, django_db_blocker, videos, tmp_path_factory):
    """One 720p H.264/AAC recording processed once for the module (the storage is pinned to a module folder)."""
    root = tmp_path_factory.mktemp("ladder")
    with (
        override_settings(MEDIA_ROOT=root / "media", MEDIA_WORK_DIR=root / "work"),
        django_db_blocker.unblock(),
    ):
        asset = services.asset_create_from_file(
            path=str(videos["h264_720"]), filename="talk.mp4", actor=None, titles={"title_en": "Ladder"}
        )
        asset = pipeline.process(asset.pk)
        folder = Path(default_storage.path(asset.output_prefix))
        rows = {(r.kind, r.height): r for r in asset.renditions.all()}
        asset.delete()
    return folder, rows


@pytest.fixture(autouse=True)
def media_root():  # the module fixture above owns the storage folder
    return None


def test_master_lists_every_rung_then_the_audio_only_variant(processed):
    folder, _rows = processed
    variants = parse_master((folder / "hls" / "master.m3u8").read_text())
    assert [v["uri"] for v in variants] == [
        "720/index.m3u8",
        "480/index.m3u8",
        "360/index.m3u8",
        "234/index.m3u8",
        "audio/index.m3u8",
    ]
    resolutions = [v.get("RESOLUTION") for v in variants]
    assert resolutions == ["1280x720", "854x480", "640x360", "416x234", None]
    for v in variants:
        assert int(v["BANDWIDTH"]) >= int(v["AVERAGE-BANDWIDTH"]) > 0  # peak segment rate >= average
    audio = variants[-1]
    assert audio["CODECS"] == "mp4a.40.2" and "RESOLUTION" not in audio
    assert int(audio["AVERAGE-BANDWIDTH"]) < int(variants[-2]["AVERAGE-BANDWIDTH"])
    for v in variants[:-1]:
        video, sound = v["CODECS"].split(",")
        assert re.fullmatch(r"avc1\.[0-9a-f]{6}", video) and sound == "mp4a.40.2"
    assert variants[1]["CODECS"].startswith("avc1.64")  # encoded rungs: High profile


def test_low_rungs_follow_the_authoring_specification(processed):
    folder, rows = processed
    variants = {v["uri"].split("/")[0]: v for v in parse_master((folder / "hls" / "master.m3u8").read_text())}
    for height, (width, video_rate) in SPEC_RUNGS.items():
        mp4 = rows[("mp4", height)]
        info = probe_file(folder / mp4.path)
        assert (info["width"], info["height"], info["vcodec"], info["acodec"]) == (
            width,
            height,
            "h264",
            "aac",
        )
        # the rung's video at most its rate (plus the 64k sound and the MPEG-TS overhead)
        assert int(variants[str(height)]["AVERAGE-BANDWIDTH"]) <= (video_rate + 64_000) * 1.3
    assert int(variants["234"]["AVERAGE-BANDWIDTH"]) < int(variants["360"]["AVERAGE-BANDWIDTH"])
    assert ffmpeg.VIDEO_BITRATES[234] == "145k" and ffmpeg.VIDEO_BITRATES[360] == "365k"


@pytest.mark.parametrize("variant", ["720", "480", "360", "234", "audio"])
def test_every_variant_plays(processed, variant):
    folder, _rows = processed
    playlist = folder / "hls" / variant / "index.m3u8"
    decoded = subprocess.run(
        [
            ffmpeg.ffmpeg_exe(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(playlist),
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert decoded.returncode == 0 and decoded.stderr.strip() == ""
    info = probe_file(playlist)
    assert info["duration"] == pytest.approx(SECONDS, abs=0.3)
    assert info["acodec"] == "aac"
    assert (info["vcodec"] is None) == (variant == "audio")


def test_the_master_itself_is_read_by_ffmpeg(processed):
    folder, _rows = processed
    listing = subprocess.run(
        [ffmpeg.ffmpeg_exe(), "-hide_banner", "-i", str(folder / "hls" / "master.m3u8")],
        capture_output=True,
        text=True,
        timeout=60,
    ).stderr
    assert listing.count("Program ") == 5  # every variant is a program
    assert "1280x720" in listing and "416x234" in listing


def test_rendition_rows_include_the_audio_only_variant(processed):
    _folder, rows = processed
    assert rows[("hls", 0)].path == "hls/audio/index.m3u8"
    assert {h for kind, h in rows if kind == Rendition.Kind.HLS} == {0, 234, 360, 480, 720}


def test_master_playlist_format():
    text = master_playlist(
        [
            Variant(
                uri="234/index.m3u8",
                bandwidth=300_000,
                average_bandwidth=200_000,
                codecs="avc1.64000d,mp4a.40.2",
                width=416,
                height=234,
            ),
            Variant(
                uri="audio/index.m3u8",
                bandwidth=140_000,
                average_bandwidth=130_000,
                codecs=audio_codec_string("LC"),
            ),
        ]
    )
    assert text.splitlines() == [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-INDEPENDENT-SEGMENTS",
        '#EXT-X-STREAM-INF:BANDWIDTH=300000,AVERAGE-BANDWIDTH=200000,CODECS="avc1.64000d,mp4a.40.2",'
        "RESOLUTION=416x234",
        "234/index.m3u8",
        '#EXT-X-STREAM-INF:BANDWIDTH=140000,AVERAGE-BANDWIDTH=130000,CODECS="mp4a.40.2"',
        "audio/index.m3u8",
    ]
