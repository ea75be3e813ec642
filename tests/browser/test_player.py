"""A learner plays a short video (generated with ffmpeg) with Russian subtitles; heartbeats are stored and the
page offers to resume. The pipeline's playback sources are replaced by data: URLs of the generated files so
the test needs no media server."""

import base64
import subprocess

import pytest
from playwright.sync_api import expect

from media.models import VideoAsset
from media.tracking import selectors
from media.tracking.models import WatchProgress
from tests.browser_fixtures import wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PASSWORD = "Demo-pass-2026"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\nДобро пожаловать на мастер-класс\n"


@pytest.fixture
def clip(tmp_path):
    import imageio_ffmpeg

    out = tmp_path / "clip.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i",
                    "testsrc=size=320x240:rate=25:duration=8", "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    "-movflags", "+faststart", str(out)], check=True)
    return out.read_bytes()


@pytest.fixture
def video(transactional_db, clip, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_HEARTBEAT_INTERVAL_SECONDS = 2
    asset = VideoAsset.objects.create(title_en="Master class", title_ru="Мастер-класс", duration_seconds=8,
                                      source="videos/source/clip.mp4", status=VideoAsset.Status.READY)
    mp4 = "data:video/mp4;base64," + base64.b64encode(clip).decode()
    vtt = "data:text/vtt;base64," + base64.b64encode(VTT.encode()).decode()
    sources = {"hls": None, "mp4": [(240, mp4)], "audio": None, "poster": None, "thumbnails": None,
               "subtitles": [("ru", vtt)], "chapters": [("Начало", 0), ("Конец", 6)], "duration": 8.0}
    monkeypatch.setattr(selectors, "playback_sources", lambda a: sources)
    monkeypatch.setattr(selectors, "asset_visible_to", lambda user, a: user.is_authenticated)
    return asset


def test_learner_plays_with_subtitles_and_progress_is_recorded(live_server, page, screenshot, video):
    learner = UserFactory(username="learner")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("learner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/watch/{video.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Master class")
    page.get_by_label("Subtitles").select_option("ru")
    page.get_by_role("button", name="Play").click()
    wait_until(page, "document.getElementById('player-video').currentTime > 4", timeout=15_000)
    mode = page.evaluate("document.getElementById('player-video').textTracks[0].mode")
    assert mode == "showing"
    screenshot("player-en")
    page.keyboard.press("k")  # keyboard pause sends the last beat
    wait_until(page, "document.getElementById('player').dataset.watched >= 2", timeout=15_000)
    row = WatchProgress.objects.get(user=learner, asset=video)
    assert row.unique_seconds >= 2 and row.position > 0
    page.reload()
    expect(page.get_by_test_id("resume-note")).to_be_visible()
    wait_until(page, "document.getElementById('player-video').currentTime > 0", timeout=15_000)
