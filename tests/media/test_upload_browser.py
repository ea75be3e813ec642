"""The upload page in Chromium: the JS uploader sends the file in chunks, survives a dropped chunk (it asks the
server for the offset and resumes), the recording is processed, and Russian subtitles are added;
then the recording is opened to registered users and a learner, in a second browser context, plays the pipeline's
real renditions on /watch/<id>/ with the Russian subtitles on, and the heartbeat is recorded."""

import pytest
from playwright.sync_api import expect

from media.models import Audience, Subtitle, VideoAsset
from media.tracking.models import WatchProgress
from people.models import Role
from tests.browser_fixtures import wait_until
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SRT = "1\n00:00:00,000 --> 00:00:01,500\nДобро пожаловать\n"


def test_faculty_uploads_with_a_dropped_chunk_and_adds_subtitles(live_server, page, browser, transactional_db,
                                                                  videos, settings, tmp_path, screenshot):
    settings.MEDIA_UPLOAD_CHUNK_BYTES = 16 * 1024
    settings.MEDIA_HEARTBEAT_INTERVAL_SECONDS = 2
    user_with_role(Role.FACULTY, username="uploader")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("uploader")
    page.get_by_label("Password").fill("Demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/media/upload/")
    dropped = []

    def drop_third_chunk(route):
        if route.request.method == "PUT" and len(dropped) == 0 and "bytes 32768-" in (
                route.request.headers.get("content-range") or ""):
            dropped.append(route.request.headers["content-range"])
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/media/uploads/**", drop_third_chunk)
    page.get_by_label("Video file").set_input_files(str(videos["small"]))
    page.get_by_label("Title (Russian)").fill("Мастер-класс")
    page.get_by_label("Speaker", exact=True).fill("А. Ахметов")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url("**/media/assets/*/", timeout=60_000)
    assert dropped, "the uploader met a broken connection"
    asset = VideoAsset.objects.get(title_ru="Мастер-класс")
    with asset.source.open("rb") as fh:
        assert fh.read() == videos["small"].read_bytes()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "ready", timeout=60_000)
    page.get_by_label("Language").select_option("ru")
    srt = tmp_path / "ru.srt"
    srt.write_text(SRT, encoding="utf-8")
    page.get_by_label("WebVTT or SRT file").set_input_files(str(srt))
    page.get_by_role("button", name="Upload subtitles").click()
    expect(page.locator("#subtitles")).to_contain_text("Русский")
    assert Subtitle.objects.get(asset=asset, language="ru").cue_count == 1
    screenshot("media-asset")

    # The asset page's edit form offers "Who may watch": open the recording to registered users.
    page.get_by_label("Who may watch").select_option(Audience.REGISTERED)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    asset.refresh_from_db()
    assert asset.audience == Audience.REGISTERED and asset.status == VideoAsset.Status.READY
    assert asset.renditions.exists()

    learner = user_with_role(Role.SERVANT, username="learner")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        watch = context.new_page()
        watch.set_default_timeout(15_000)
        served = []  # the pipeline's files, fetched through the permission-checked file view
        watch.on("response", lambda r: served.append(r.url.rsplit("/files/", 1)[1])
                 if f"/assets/{asset.pk}/files/" in r.url and r.status in (200, 206) else None)
        watch.goto(f"{live_server.url}/login/")
        watch.get_by_label("Username").fill("learner")
        watch.get_by_label("Password").fill("Demo-pass-2026")
        watch.get_by_role("button", name="Sign in").click()
        watch.goto(f"{live_server.url}/watch/{asset.pk}/")
        expect(watch.get_by_role("heading", level=1)).to_have_text("Мастер-класс")
        watch.get_by_label("Subtitles").select_option("ru")
        watch.get_by_role("button", name="Play").click()
        # The clip is 2 s long: wait until it has played past 1 s (the "ended" event also sends a beat).
        wait_until(watch, "document.getElementById('player-video').currentTime > 1", timeout=20_000)
        mode = watch.evaluate("Array.from(document.getElementById('player-video').textTracks)"
                              ".find(t => t.language === 'ru').mode")
        assert mode == "showing"
        wait_until(watch, "Number(document.getElementById('player').dataset.watched) >= 1", timeout=20_000)
        row = WatchProgress.objects.get(user=learner, asset=asset)
        assert row.unique_seconds >= 1 and row.position > 0
        assert "subtitles/ru.vtt" in served
        assert any(p.endswith((".m3u8", ".ts", ".mp4", ".m4s")) for p in served), served
        watch.screenshot(path=str(screenshot("media-asset").with_name("media-learner-watch.png")), full_page=True)
    finally:
        context.close()
